/**
 * Rebuilding the index after articles were added or removed, embedding only
 * what is new. Every text buildIndex asks for (passages with their headline,
 * sentences) is looked up, in order, in
 *   1. the embedding cache (.cache/embeddings, keyed by model + text),
 *   2. the index being replaced (its vectors, matched by exact text), so a
 *      fresh clone with the committed index needs no model work for it,
 * and only the remaining, de-duplicated texts go to the model. Chunking and
 * the Orama index are rebuilt whole: both are cheap next to embedding, and a
 * whole rebuild keeps "same articles in, same bytes out".
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Article } from "../core/article.js";
import type { Embedder } from "../core/embed/embedder.js";
import { buildIndex, type BuildOptions, type BuildProgress, type BuildTimings, type Chunks, type IndexFiles, type Manifest } from "../core/store.js";
import { readArticles, writeIndex, type CorpusPaths } from "./corpus-files.js";
import { openCorpus, isLegacyLayout } from "./generations.js";
import type { EmbeddingCache } from "./embedding-cache.js";

export type EmbedTexts = NonNullable<BuildOptions["embedTexts"]>;

/** Where the vectors of one build came from. */
export interface EmbedStats {
  /** Texts buildIndex asked for (passages + sentences). */
  texts: number;
  fromCache: number;
  fromPreviousIndex: number;
  /** Distinct texts the model embedded. */
  embedded: number;
  /** Wall time spent embedding new texts (all models together). */
  modelMs: number;
}

export function emptyEmbedStats(): EmbedStats {
  return { texts: 0, fromCache: 0, fromPreviousIndex: 0, embedded: 0, modelMs: 0 };
}

export interface EmbedTextsOptions {
  cache?: EmbeddingCache | null;
  /** Vectors of an earlier index of the same model, by exact text. */
  previous?: Map<string, Float32Array>;
  batchSize?: number;
  /** Progress over the texts that need the model: (done, total). */
  onModelProgress?: (done: number, total: number) => void;
  /** Filled in as the build runs. */
  stats?: EmbedStats;
  /** Runs batches on several models at once (see embedder-pool.ts); the embedder itself otherwise. */
  pool?: EmbedPool;
  /** Starts a pool only when there is enough to embed to repay starting more models. */
  makePool?: () => Promise<EmbedPool | null>;
}

export interface EmbedPool {
  embed(texts: string[]): Promise<Float32Array[]>;
  readonly size: number;
}

/** Below this many new texts a second model costs more to start than it saves. */
export const POOL_MIN_TEXTS = 256;

/** An embedTexts hook for buildIndex that asks the model only for texts no cache or earlier index holds. */
export function cachedEmbedTexts(embedder: Embedder, options: EmbedTextsOptions = {}): EmbedTexts {
  const { cache = null, previous = new Map(), batchSize = 16 } = options;
  const stats = options.stats ?? emptyEmbedStats();
  return async (texts, onBatch) => {
    stats.texts += texts.length;
    const out: (Float32Array | undefined)[] = cache ? cache.getMany(texts) : new Array(texts.length).fill(undefined);
    stats.fromCache += out.filter(Boolean).length;

    const reused: [string, Float32Array][] = [];
    out.forEach((v, i) => {
      if (v) return;
      const old = previous.get(texts[i]);
      if (old) {
        out[i] = old;
        reused.push([texts[i], old]);
      }
    });
    stats.fromPreviousIndex += reused.length;
    cache?.putMany(reused);

    // The same text (a repeated sentence, a duplicated story) is embedded once.
    const missing = new Map<string, number[]>();
    out.forEach((v, i) => {
      if (v) return;
      const at = missing.get(texts[i]);
      if (at) at.push(i);
      else missing.set(texts[i], [i]);
    });
    const unique = [...missing.keys()];
    let resolved = texts.length - [...missing.values()].reduce((n, at) => n + at.length, 0);
    onBatch(resolved);
    options.onModelProgress?.(0, unique.length);
    const pool = options.pool ?? (options.makePool && unique.length >= POOL_MIN_TEXTS ? await options.makePool() : null);
    const run = pool ?? { embed: (batch: string[]) => embedder.embed(batch), size: 1 };
    const started = performance.now();
    let nextBatch = 0;
    let embeddedHere = 0;
    // `run.size` batches in flight; results land by position, so completion order does not matter.
    let failed = false;
    const lane = async () => {
      while (!failed && nextBatch < unique.length) {
        const batch = unique.slice(nextBatch, nextBatch + batchSize);
        nextBatch += batchSize;
        const vectors = await run.embed(batch);
        if (vectors.length !== batch.length) throw new Error(`embedder ${embedder.name} returned ${vectors.length} vectors for ${batch.length} texts`);
        batch.forEach((text, k) => {
          for (const at of missing.get(text)!) out[at] = vectors[k];
          resolved += missing.get(text)!.length;
        });
        cache?.putMany(batch.map((text, k) => [text, vectors[k]]));
        stats.embedded += batch.length;
        embeddedHere += batch.length;
        onBatch(resolved);
        options.onModelProgress?.(embeddedHere, unique.length);
      }
    };
    const guarded = () =>
      lane().catch((error) => {
        failed = true;
        throw error;
      });
    await Promise.all(Array.from({ length: Math.max(1, run.size) }, guarded));
    if (unique.length) stats.modelMs += performance.now() - started;
    return out as Float32Array[];
  };
}

/**
 * The vectors of an index, keyed by the exact text they embed, for the
 * articles still present (removed articles are simply skipped). Mirrors the
 * layout buildIndex writes: articles in id order, all passages, then all sentences.
 */
export function previousVectors(files: Pick<IndexFiles, "manifest" | "chunks" | "vectors">, articles: Article[]): Map<string, Float32Array> {
  const { manifest, chunks, vectors } = files;
  const dim = manifest.dim;
  const map = new Map<string, Float32Array>();
  if (dim <= 0 || vectors.length !== (manifest.passages + manifest.sentences) * dim) return map;
  const ids = Object.keys(chunks.sentences).sort();
  const passageTotal = ids.reduce((n, id) => n + (chunks.passages[id]?.length ?? 0), 0);
  const sentenceTotal = ids.reduce((n, id) => n + chunks.sentences[id].length, 0);
  if (passageTotal !== manifest.passages || sentenceTotal !== manifest.sentences) return map;
  const byId = new Map(articles.map((a) => [a.id, a]));
  const row = (r: number) => vectors.subarray(r * dim, (r + 1) * dim);

  let passageRow = 0;
  let sentenceRow = manifest.passages;
  for (const id of ids) {
    const article = byId.get(id);
    const spans = chunks.sentences[id];
    const usable = article !== undefined && spans.every(([s, e]) => s >= 0 && s <= e && e <= article.text.length);
    for (const [first, last] of chunks.passages[id] ?? []) {
      if (usable) map.set(`${article.title}\n${article.text.slice(spans[first][0], spans[last][1])}`, row(passageRow));
      passageRow++;
    }
    for (const [s, e] of spans) {
      if (usable) map.set(article.text.slice(s, e), row(sentenceRow));
      sentenceRow++;
    }
  }
  return map;
}

/**
 * Manifest, chunks and vectors of the index being replaced (not the Orama
 * snapshot): the current generation's (verified; a damaged one is skipped for
 * the previous), or the index of the layout before generations, which is how
 * `npm run build:index` migrates an old corpus without embedding again. Null
 * when there is none.
 */
export async function readIndexVectors(paths: CorpusPaths): Promise<Pick<IndexFiles, "manifest" | "chunks" | "vectors"> | null> {
  if (isLegacyLayout(paths)) {
    const names = ["manifest.json", "chunks.json", "vectors.bin"];
    if (!names.every((n) => existsSync(join(paths.index, n)))) return null;
    const [manifest, chunks, bytes] = await Promise.all([
      readFile(join(paths.index, "manifest.json"), "utf8").then((s) => JSON.parse(s) as Manifest),
      readFile(join(paths.index, "chunks.json"), "utf8").then((s) => JSON.parse(s) as Chunks),
      readFile(join(paths.index, "vectors.bin")),
    ]);
    return { manifest, chunks, vectors: new Float32Array(new Uint8Array(bytes).buffer) };
  }
  try {
    const { files } = openCorpus(paths);
    return files;
  } catch {
    return null;
  }
}

export interface UpdateIndexOptions {
  paths: CorpusPaths;
  embedder: Embedder | null;
  cache?: EmbeddingCache | null;
  /** Reuse vectors of the index on disk (default true). */
  reusePrevious?: boolean;
  onProgress?: (p: BuildProgress) => void;
  onModelProgress?: (done: number, total: number) => void;
  /** Articles to index; read from paths.articles when omitted. */
  articles?: Article[];
  pool?: EmbedTextsOptions["pool"];
  makePool?: EmbedTextsOptions["makePool"];
  /** Progress lines ("embedding …", "writing generation …", "switched to …"). */
  log?: (line: string) => void;
}

export interface UpdateIndexResult {
  files: IndexFiles;
  timings: BuildTimings & { writeMs: number };
  stats: EmbedStats;
  /** The generation written and switched to. */
  generation: number;
}

/**
 * Build the index for the working set, embedding only new texts, and write it
 * with those articles as the next generation (one atomic switch). The caller
 * holds the write lock (withWriteLock) when other writers may run.
 */
export async function updateIndex(options: UpdateIndexOptions): Promise<UpdateIndexResult> {
  const { paths, embedder } = options;
  const log = options.log ?? (() => {});
  const articles = options.articles ?? (await readArticles(paths, { repair: true }));
  if (articles.length === 0) throw new Error(`no articles in ${paths.articles}; run \`npm run ingest -- <files>\` first`);
  let previous = new Map<string, Float32Array>();
  if (embedder && options.reusePrevious !== false) {
    const old = await readIndexVectors(paths).catch(() => null);
    if (old && old.manifest.embedder === embedder.name && old.manifest.dim === embedder.dim) previous = previousVectors(old, articles);
  }
  const stats = emptyEmbedStats();
  log(`indexing ${articles.length} articles`);
  let embedding = false;
  const { files, timings } = await buildIndex(articles, embedder, {
    onProgress(p) {
      if (p.phase === "embed" && !embedding) {
        embedding = true;
        log(`embedding: ${p.total} texts (${embedder?.name})`);
      }
      options.onProgress?.(p);
    },
    ...(embedder
      ? {
          embedTexts: cachedEmbedTexts(embedder, {
            cache: options.cache,
            previous,
            stats,
            pool: options.pool,
            makePool: options.makePool,
            onModelProgress: options.onModelProgress,
          }),
        }
      : {}),
  });
  const started = performance.now();
  const { generation } = await writeIndex(paths, files, articles, { log });
  return { files, timings: { ...timings, writeMs: performance.now() - started }, stats, generation };
}
