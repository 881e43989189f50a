/**
 * npm run bench [-- --quick] [--stories 50,500] [--keep] [--json <file>]
 *                 [--no-postgres | --database-url postgres://user@host:port/db]
 *
 * One table: how Verbatim grows from the 5 seed articles to the seeds plus
 * ~50, ~500 and all 2,225 BBC stories (../shared/corpora/bbc, read in place
 * and never copied; sizes that need it are skipped when it is absent).
 *
 * Each size runs in fresh processes, in a temporary corpus folder (the
 * committed corpus is never touched):
 *   build  ingest the files (same code as `npm run ingest`), build the index
 *          with the embedding cache (.cache/embeddings) and write it; peak RSS
 *   serve  load the index as the server does, answer the dev questions
 *          (../shared/eval/qa-dev.jsonl) for hit rate and abstention, then time
 *          answers with and without the query embedding, and a bare Orama
 *          full-text search on the same index; peak RSS
 * PostgreSQL (unless --no-postgres): each corpus is also copied with db:load
 * into PostgreSQL — PGlite with pgvector behind pglite-socket, in this
 * process, reached over TCP with pg — all but its last 50 stories, which are
 * then added with ingest's code (the cost of an incremental ingest), and
 * served from there (start, peak RSS, answers; the database's memory is not
 * the server's). --database-url measures a real PostgreSQL server (with
 * pgvector) instead: each size gets a scratch database created on it and
 * dropped after (src/node/bench-database.ts); the URL's user must be allowed
 * to create databases.
 * Stories are taken round-robin from the five topic folders, so every size
 * mixes topics and each size contains the smaller ones (their embeddings are
 * then cached). Full: seeds, +50, +500, +all (a cold cache embeds ~53,500
 * texts: ~20 min on 2 idle cores). --quick: seeds, +50, +500 (~6 min cold,
 * ~1.5 min warm). --stories picks other sizes, e.g. --stories 50,200 on a
 * machine busy with other work.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { search } from "@orama/orama";
import { createEngine } from "../core/engine.js";
import { embedderConfigFromEnv, loadEmbedder } from "../core/embed/index.js";
import { evaluate, parseQuestions, summarize, type EvalQuestion } from "../core/evaluate.js";
import { openIndex } from "../core/store.js";
import { QUESTION_WORDS } from "../core/text.js";
import { packCorpus } from "../edge/bundle.js";
import { STATIC_TABLE_PATH } from "../edge/static-embedder-file.js";
import { corpusPaths, PROJECT_ROOT, readArticles, readServed } from "../node/corpus-files.js";
import { generationDir, readCurrent } from "../node/generations.js";
import { EmbeddingCache, embeddingCacheDirFromEnv } from "../node/embedding-cache.js";
import { createEmbedderPool, embedJobsFromEnv } from "../node/embedder-pool.js";
import { ingestFiles } from "../node/ingest-files.js";
import { updateIndex, type EmbedStats } from "../node/index-update.js";
import type { ServingEngine } from "../core/engine.js";
import { pgClient } from "../core/postgres/pg-client.js";
import { migrate } from "../core/postgres/schema.js";
import { openPostgresCorpus } from "../core/postgres/corpus.js";
import { createPostgresEngine } from "../core/postgres/engine.js";
import { loadLocalCorpus } from "../node/postgres-load.js";
import { ingestIntoPostgres } from "../node/postgres-ingest.js";
import { parseInputs } from "../node/ingest-files.js";
import { benchDatabaseLabel, startBenchDatabase } from "../node/bench-database.js";

const SHARED = join(PROJECT_ROOT, "../shared");
const BBC = join(SHARED, "corpora/bbc");
const DEV_SET = join(SHARED, "eval/qa-dev.jsonl");
const SEEDS = join(PROJECT_ROOT, "corpus/raw");
const FULL_STORIES = [50, 500, Infinity];
/**
 * A cold-cache --quick run embeds ~11,900 texts: 5 min 51 s measured on this
 * 2-core machine when otherwise idle (~27 ms per text with two models); warm, ~1.5 min.
 */
const QUICK_STORIES = [50, 500];
/** Timed passes over the question set (after one untimed pass that also scores quality). */
const LATENCY_ROUNDS = 5;
/** Index loads timed per size. */
const LOAD_REPEATS = 3;
const WORKERS_LIMITS = { free: 3 * 1024 * 1024, paid: 10 * 1024 * 1024 };
/** Stories added to a loaded PostgreSQL store to time an incremental ingest (sizes with at least twice as many). */
const ADD_STORIES = 50;

interface BuildResult {
  files: number;
  articles: number;
  refused: number;
  passages: number;
  sentences: number;
  ingestMs: number;
  chunkMs: number;
  embedMs: number;
  indexMs: number;
  writeMs: number;
  stats: EmbedStats;
  jobs: number;
  embedderLoadMs: number;
  peakRssBytes: number;
  indexBytes: Record<string, number>;
  articleBytes: number;
  edgeGzipBytes: number;
}

interface ServeResult {
  readMs: number;
  openMs: number;
  /** Median of LOAD_REPEATS loads. */
  loadMs: number;
  firstLoadMs: number;
  embedder: string;
  questions: number;
  samples: number;
  answerMs: Stats;
  answerNoEmbedMs: Stats;
  oramaMs: Stats;
  quality: { hit: number; hitAt1: number; abstention: number; falseAbstention: number; answerable: number; unanswerable: number } | null;
  peakRssBytes: number;
}

/** The same corpus in PostgreSQL (pg over TCP to PGlite + pgvector behind pglite-socket, in the parent process). */
interface PostgresResult {
  loadMs: number;
  loaded: number;
  databaseBytes: number;
  tableBytes: Record<string, number>;
  /** Adding ADD_STORIES stories to the loaded store with `npm run ingest`'s code; null when the corpus is too small. */
  add: { stories: number; written: number; ms: number; texts: number; embedded: number } | null;
  startMs: number;
  embedder: string;
  answerMs: Stats;
  answerNoEmbedMs: Stats;
  quality: ServeResult["quality"];
  peakRssBytes: number;
}

interface Stats {
  p50: number;
  p99: number;
  mean: number;
}

interface Row {
  label: string;
  stories: number;
  build: BuildResult;
  serve: ServeResult;
  postgres?: PostgresResult;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: values.reduce((a, b) => a + b, 0) / (values.length || 1) };
}

function bm25Text(question: string): string {
  return question
    .split(/[^\p{L}\p{N}'’-]+/u)
    .filter((w) => w && !QUESTION_WORDS.has(w.toLowerCase()))
    .join(" ");
}

async function dirBytes(dir: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of await readdir(dir)) out[name] = (await stat(join(dir, name))).size;
  return out;
}

// ---------------------------------------------------------------- child: build

async function childBuild(config: { dir: string; files: string[] }): Promise<BuildResult> {
  const paths = corpusPaths(config.dir);
  let t = performance.now();
  const outcome = await ingestFiles(paths, config.files);
  const ingestMs = performance.now() - t;

  const embedderConfig = embedderConfigFromEnv();
  t = performance.now();
  const embedder = await loadEmbedder(embedderConfig);
  const jobs = embedder ? embedJobsFromEnv() : 1;
  const pool = embedder && jobs > 1 ? await createEmbedderPool(embedder, embedderConfig, jobs, (l) => console.error(l)) : null;
  const embedderLoadMs = performance.now() - t;
  const cacheDir = embeddingCacheDirFromEnv();
  const cache = embedder && cacheDir ? EmbeddingCache.open(cacheDir, embedder.name, embedder.dim) : null;

  const articles = await readArticles(paths);
  let last = 0;
  const result = await updateIndex({
    paths,
    embedder,
    cache,
    articles,
    reusePrevious: false,
    pool: pool ?? undefined,
    onModelProgress(done, total) {
      if (done - last >= 1000 || done === total) {
        last = done;
        console.error(`  embedding ${done}/${total} new texts`);
      }
    },
  });
  cache?.close();
  await pool?.close();
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;

  const packed = packCorpus({ files: result.files, articles });
  const edgeGzipBytes = gzipSync(packed.corpus).length + gzipSync(packed.vectors).length;
  const articleBytes = Object.values(await dirBytes(paths.articles)).reduce((a, b) => a + b, 0);
  return {
    files: config.files.length,
    articles: articles.length,
    refused: outcome.refusals.length,
    passages: result.files.manifest.passages,
    sentences: result.files.manifest.sentences,
    ingestMs,
    chunkMs: result.timings.chunkMs,
    embedMs: result.timings.embedMs,
    indexMs: result.timings.indexMs,
    writeMs: result.timings.writeMs,
    stats: result.stats,
    jobs: pool?.size ?? 1,
    embedderLoadMs,
    peakRssBytes,
    indexBytes: await dirBytes(generationDir(paths, readCurrent(paths).generation!)),
    articleBytes,
    edgeGzipBytes,
  };
}

// ---------------------------------------------------------------- child: serve

async function childServe(config: { dir: string }): Promise<ServeResult> {
  const paths = corpusPaths(config.dir);
  // Loaded LOAD_REPEATS times in this fresh process: the first is what a server start sees; the median is steadier on a busy machine.
  const loads: { readMs: number; openMs: number }[] = [];
  let index!: ReturnType<typeof openIndex>;
  for (let i = 0; i < LOAD_REPEATS; i++) {
    const t = performance.now();
    // Reading includes checking every file's size and SHA-256 (see verifyMs).
    const { files, articles } = await readServed(paths);
    const readMs = performance.now() - t;
    const t2 = performance.now();
    index = openIndex(files, articles);
    loads.push({ readMs, openMs: performance.now() - t2 });
  }
  const median = [...loads].sort((a, b) => a.readMs + a.openMs - (b.readMs + b.openMs))[Math.floor(loads.length / 2)];
  const { readMs, openMs } = median;

  const embedder = await loadEmbedder(embedderConfigFromEnv());
  const engine = createEngine(index, embedder);
  const orama: number[] = [];
  const timed = await timeAnswers(engine, (q) => {
    const term = bm25Text(q.question);
    const t1 = performance.now();
    search(index.db, { term, properties: ["text", "title"], limit: 8 } as never);
    orama.push(performance.now() - t1);
  });

  return {
    readMs,
    openMs,
    loadMs: readMs + openMs,
    firstLoadMs: loads[0].readMs + loads[0].openMs,
    embedder: engine.embedder.active,
    questions: timed.questions,
    samples: timed.samples,
    answerMs: timed.answerMs,
    answerNoEmbedMs: timed.answerNoEmbedMs,
    oramaMs: stats(orama),
    quality: timed.quality,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/** Dev-set quality (one untimed pass, which also warms the JIT), then LATENCY_ROUNDS timed passes; `after` runs after each timed answer. */
async function timeAnswers(engine: ServingEngine, after: (q: EvalQuestion) => void = () => {}) {
  const questions: EvalQuestion[] = existsSync(DEV_SET) ? parseQuestions(readFileSync(DEV_SET, "utf8")) : [];
  const probe: EvalQuestion[] = questions.length ? questions : [{ id: "probe", question: "What happened?", answers: [] }];
  const outcomes = await evaluate(engine, probe);
  const summary = questions.length ? summarize(outcomes) : null;
  const total: number[] = [];
  const noEmbed: number[] = [];
  for (let round = 0; round < LATENCY_ROUNDS; round++)
    for (const q of probe) {
      const t0 = performance.now();
      const r = await engine.answer({ question: q.question, history: q.history });
      const ms = performance.now() - t0;
      total.push(ms);
      noEmbed.push(Math.max(0, ms - r.timings.embedMs));
      after(q);
    }
  return {
    questions: questions.length,
    samples: total.length,
    answerMs: stats(total),
    answerNoEmbedMs: stats(noEmbed),
    quality: summary && {
      hit: summary.hit,
      hitAt1: summary.hitAt1,
      abstention: summary.abstention,
      falseAbstention: summary.falseAbstention,
      answerable: summary.answerable,
      unanswerable: summary.unanswerable,
    },
  };
}

// ---------------------------------------------------------------- child: PostgreSQL

/**
 * db:load of the built corpus (all but the last ADD_STORIES stories when it
 * has twice as many), then those stories added with ingest's code — only
 * their texts embedded — and the database's size.
 */
async function childPostgresLoad(config: { dir: string; url: string; add: string[] }): Promise<Omit<PostgresResult, "startMs" | "embedder" | "answerMs" | "answerNoEmbedMs" | "quality" | "peakRssBytes">> {
  const db = pgClient(config.url);
  try {
    const { parsed } = await parseInputs(config.add);
    const t = performance.now();
    const loaded = await loadLocalCorpus(db, { paths: corpusPaths(config.dir), skip: new Set(parsed.map((p) => p.article.id)) });
    const loadMs = performance.now() - t;
    let add: PostgresResult["add"] = null;
    if (parsed.length) {
      const embedder = await loadEmbedder(embedderConfigFromEnv());
      const cacheDir = embeddingCacheDirFromEnv();
      const cache = embedder && cacheDir ? EmbeddingCache.open(cacheDir, embedder.name, embedder.dim) : null;
      const t2 = performance.now();
      const outcome = await ingestIntoPostgres(db, parsed, { embedder, cache });
      add = { stories: parsed.length, written: outcome.written.length, ms: performance.now() - t2, texts: outcome.stats.texts, embedded: outcome.stats.embedded };
      cache?.close();
    }
    const [size] = await db.query<{ bytes: string }>("SELECT pg_database_size(current_database()) AS bytes");
    const tables = await db.query<{ name: string; bytes: string }>(
      "SELECT relname AS name, pg_total_relation_size(oid) AS bytes FROM pg_class WHERE relkind = 'r' AND relname LIKE 'verbatim_%' ORDER BY relname",
    );
    return { loadMs, loaded: loaded.written, databaseBytes: Number(size.bytes), tableBytes: Object.fromEntries(tables.map((r) => [r.name, Number(r.bytes)])), add };
  } finally {
    await db.close();
  }
}

/**
 * A server's start on the database (schema check and corpus totals; the model
 * loads apart, as in the local column), then answers from an engine built as
 * the local column builds its own (same embedder, default ranker), so the
 * two quality columns compare.
 */
async function childPostgresServe(config: { url: string }): Promise<Pick<PostgresResult, "startMs" | "embedder" | "answerMs" | "answerNoEmbedMs" | "quality" | "peakRssBytes">> {
  const db = pgClient(config.url);
  try {
    const embedder = await loadEmbedder(embedderConfigFromEnv());
    const t = performance.now();
    await migrate(db, { dim: embedder?.dim ?? 0 });
    const engine = createPostgresEngine(await openPostgresCorpus(db), embedder);
    const startMs = performance.now() - t;
    const timed = await timeAnswers(engine);
    return { startMs, embedder: engine.embedder.active, answerMs: timed.answerMs, answerNoEmbedMs: timed.answerNoEmbedMs, quality: timed.quality, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------- parent

type ChildMode = "build" | "serve" | "pg-load" | "pg-serve";

function runChild<T>(mode: ChildMode, config: object, workDir: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const id = `${mode}-${Date.now()}`;
    const configPath = join(workDir, `${id}.json`);
    const resultPath = join(workDir, `${id}.result.json`);
    writeFile(configPath, JSON.stringify(config)).then(() => {
      const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--child", mode, configPath, resultPath], {
        stdio: ["ignore", "ignore", "inherit"],
        env: process.env,
      });
      child.on("error", reject);
      child.on("exit", (code) => {
        if (code !== 0 || !existsSync(resultPath)) return reject(new Error(`bench ${mode} process failed (exit ${code})`));
        resolve(JSON.parse(readFileSync(resultPath, "utf8")) as T);
      });
    }, reject);
  });
}

/** BBC story files, round-robin over the topic folders (business/001, entertainment/001, …). */
function bbcStories(): string[] {
  if (!existsSync(BBC)) return [];
  const topics = readdirSync(BBC)
    .filter((d) => statSync(join(BBC, d)).isDirectory())
    .sort()
    .map((d) =>
      readdirSync(join(BBC, d))
        .filter((f) => f.endsWith(".txt"))
        .sort()
        .map((f) => join(BBC, d, f)),
    );
  const out: string[] = [];
  for (let i = 0; topics.some((t) => i < t.length); i++) for (const t of topics) if (i < t.length) out.push(t[i]);
  return out;
}

const fmtMs = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(0)} s` : x >= 1000 ? `${(x / 1000).toFixed(1)} s` : x >= 10 ? `${x.toFixed(0)} ms` : x >= 1 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`);
const fmtMB = (b: number) => (b >= 10 * 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(0)} MB` : `${(b / 1024 / 1024).toFixed(1)} MB`);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const int = (n: number) => n.toLocaleString("en-US");

function table(rows: Row[]): string {
  const head = [
    "corpus",
    "articles",
    "passages",
    "ingest",
    "chunk",
    "embed (texts new/cached)",
    "index",
    "build peak RSS",
    "index on disk",
    "load",
    "serve peak RSS",
    "answer p50 / p99",
    "w/o query embed p50 / p99",
    "Orama full-text p50",
    "answer ÷ Orama (p50, w/o embed)",
    "dev hit (hit@1)",
    "dev abstention (false)",
  ];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  const base = rows[0]?.build.articles ?? 1;
  for (const { label, build: b, serve: s } of rows) {
    const disk = Object.values(b.indexBytes).reduce((x, y) => x + y, 0);
    const cached = b.stats.fromCache + b.stats.fromPreviousIndex;
    lines.push(
      `| ${label} (${(b.articles / base).toFixed(0)}×) | ${int(b.articles)} | ${int(b.passages)} | ${fmtMs(b.ingestMs)} | ${fmtMs(b.chunkMs)} | ${fmtMs(b.embedMs)} (${int(b.stats.embedded)}/${int(cached)}) | ${fmtMs(
        b.indexMs + b.writeMs,
      )} | ${fmtMB(b.peakRssBytes)} | ${fmtMB(disk)} | ${fmtMs(s.loadMs)} | ${fmtMB(s.peakRssBytes)} | ${fmtMs(s.answerMs.p50)} / ${fmtMs(s.answerMs.p99)} | ${fmtMs(
        s.answerNoEmbedMs.p50,
      )} / ${fmtMs(s.answerNoEmbedMs.p99)} | ${fmtMs(s.oramaMs.p50)} | ${(s.answerNoEmbedMs.p50 / Math.max(s.oramaMs.p50, 1e-3)).toFixed(1)}× | ${
        s.quality ? `${pct(s.quality.hit)} (${pct(s.quality.hitAt1)})` : "–"
      } | ${s.quality ? `${pct(s.quality.abstention)} (${pct(s.quality.falseAbstention)})` : "–"} |`,
    );
  }
  return lines.join("\n");
}

/** The PostgreSQL column: the same corpora, served from the database instead of memory. */
function postgresTable(rows: Row[]): string {
  const head = [
    "corpus (PostgreSQL)",
    "articles",
    "db:load",
    "database size",
    "server start",
    "serve peak RSS",
    "answer p50 / p99",
    "w/o query embed p50",
    "vs local (w/o embed p50)",
    "dev hit (hit@1)",
    "dev abstention (false)",
    `add ${ADD_STORIES} stories (texts embedded)`,
  ];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const { label, build: b, serve: s, postgres: p } of rows) {
    if (!p) continue;
    const perSecond = (p.loaded / Math.max(p.loadMs, 1)) * 1000;
    lines.push(
      `| ${label} | ${int(b.articles)} | ${fmtMs(p.loadMs)} (${perSecond.toFixed(0)} articles/s) | ${fmtMB(p.databaseBytes)} | ${fmtMs(p.startMs)} | ${fmtMB(p.peakRssBytes)} | ${fmtMs(p.answerMs.p50)} / ${fmtMs(
        p.answerMs.p99,
      )} | ${fmtMs(p.answerNoEmbedMs.p50)} | ${(p.answerNoEmbedMs.p50 / Math.max(s.answerNoEmbedMs.p50, 1e-3)).toFixed(1)}× | ${
        p.quality ? `${pct(p.quality.hit)} (${pct(p.quality.hitAt1)})` : "–"
      } | ${p.quality ? `${pct(p.quality.abstention)} (${pct(p.quality.falseAbstention)})` : "–"} | ${
        p.add ? `${fmtMs(p.add.ms)} (${int(p.add.texts)} texts, ${int(p.add.embedded)} new to the cache)` : "–"
      } |`,
    );
  }
  return lines.join("\n");
}

function notes(rows: Row[], edgeFixed: { bytes: number; parts: string[] } | null): string {
  const out: string[] = [];
  const first = rows[0];
  const b0 = first.build;
  const s0 = first.serve;
  out.push(
    `Embedder ${s0.embedder}; ${b0.jobs} model${b0.jobs > 1 ? "s" : ""} embedding in parallel (VERBATIM_EMBED_JOBS). "embed" is this run's wall time: new texts went through the model, cached ones came from .cache/embeddings.`,
  );
  const measured = rows.filter((r) => r.build.stats.embedded > 0);
  if (measured.length) {
    const texts = measured.reduce((n, r) => n + r.build.stats.embedded, 0);
    const ms = measured.reduce((n, r) => n + r.build.stats.modelMs, 0);
    const perText = ms / texts;
    out.push(
      `Model throughput this run: ${perText.toFixed(1)} ms per new text (${int(texts)} texts). A cold build would take about ` +
        rows.map((r) => `${r.label}: ${fmtMs(perText * (r.build.passages + r.build.sentences))}`).join(", ") +
        " of embedding.",
    );
  }
  out.push(
    `Latency: ${s0.samples} answers per size (${s0.questions} dev questions × ${LATENCY_ROUNDS} timed passes after one warm-up pass), in-process, no HTTP. "w/o query embed" subtracts the engine's own embedMs; Orama full-text is search(term, properties [text, title], limit 8) on the same db.`,
  );
  const r100 = rows.find((r) => r.build.articles / b0.articles >= 90 && r.build.articles / b0.articles < 200);
  if (r100) {
    const ratio = r100.serve.answerMs.p50 / s0.answerMs.p50;
    out.push(`Goal "answer p50 at 100× < 3× the 1× figure": ${fmtMs(r100.serve.answerMs.p50)} vs ${fmtMs(s0.answerMs.p50)} = ${ratio.toFixed(2)}× → ${ratio < 3 ? "met" : "NOT met"}.`);
  }
  const largest = rows[rows.length - 1];
  const full = largest.stories >= bbcStories().length && largest.stories > 0;
  out.push(
    `Goal "full index loads < 2 s"${full ? "" : " (measured on the largest size run here, not the full corpus)"}: ${largest.label} loads in ${fmtMs(largest.serve.loadMs)} (median of ${LOAD_REPEATS}: read ${fmtMs(largest.serve.readMs)}, open ${fmtMs(largest.serve.openMs)}; first load in a fresh process ${fmtMs(largest.serve.firstLoadMs)}) → ${largest.serve.loadMs < 2000 ? "met" : "NOT met"}.`,
  );
  const perPassage = largest.build.edgeGzipBytes / largest.build.passages;
  const fixed = edgeFixed?.bytes ?? 0;
  const fit = (limit: number) => Math.max(0, Math.floor((limit - fixed) / perPassage));
  out.push(
    `Workers bundle limit (compressed): free ${fmtMB(WORKERS_LIMITS.free)}, paid ${fmtMB(WORKERS_LIMITS.paid)}. The index as the Worker bundles it (corpus JSON + float32 vectors, gzip) costs ${(perPassage / 1024).toFixed(1)} KB per passage at ${largest.label}` +
      (edgeFixed ? `, plus ${fmtMB(fixed)} of ${edgeFixed.parts.join(" and ")}` : "") +
      `: ${fixed >= WORKERS_LIMITS.free ? "nothing fits the free plan (the fixed part alone exceeds it)" : `about ${int(fit(WORKERS_LIMITS.free))} passages fit the free plan`} and about ${int(fit(WORKERS_LIMITS.paid))} the paid one (the seeds have ${b0.passages}; ~9 passages per BBC story).`,
  );
  return out.map((l) => `- ${l}`).join("\n");
}

/**
 * Compressed size of what every Worker bundle carries besides the index: the
 * code (bundled here with esbuild, data modules left out) and the static
 * query-embedding table, when `npm run build:edge` has written it.
 */
async function edgeFixedBytes(): Promise<{ bytes: number; parts: string[] } | null> {
  const parts: string[] = [];
  let bytes = 0;
  if (existsSync(STATIC_TABLE_PATH)) {
    bytes += gzipSync(readFileSync(STATIC_TABLE_PATH)).length;
    parts.push("static query-embedding table");
  }
  try {
    const esbuild = await import("esbuild");
    const out = await esbuild.build({
      entryPoints: [join(PROJECT_ROOT, "src/worker.ts")],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      write: false,
      external: ["*.bin", "*.txt", "node:*", "cloudflare:*"],
      logLevel: "silent",
    });
    bytes += gzipSync(out.outputFiles[0].contents).length;
    parts.push("code");
  } catch {
    // No esbuild or the Worker does not bundle: leave the code out of the estimate.
  }
  return parts.length ? { bytes, parts } : null;
}

async function parent(argv: string[]) {
  const quick = argv.includes("--quick");
  const keep = argv.includes("--keep");
  const postgres = !argv.includes("--no-postgres");
  const databaseUrl = argv.includes("--database-url") ? argv[argv.indexOf("--database-url") + 1] : null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl ?? "")) throw new Error("--database-url needs a postgres:// URL");
  const storiesArg = argv[argv.indexOf("--stories") + 1];
  const jsonArg = argv.includes("--json") ? argv[argv.indexOf("--json") + 1] : null;
  const wanted = argv.includes("--stories")
    ? storiesArg.split(",").map((s) => (s === "all" ? Infinity : Number(s)))
    : quick
      ? QUICK_STORIES
      : FULL_STORIES;

  const seeds = readdirSync(SEEDS)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => join(SEEDS, f));
  const stories = bbcStories();
  if (!stories.length) console.error(`bench: ${relative(process.cwd(), BBC)} is absent; only the seed corpus is measured.`);
  const sizes = [0, ...wanted.filter((n) => stories.length > 0).map((n) => Math.min(n, stories.length))].filter((n, i, a) => a.indexOf(n) === i);

  const workDir = join(tmpdir(), `verbatim-bench-${process.pid}`);
  await mkdir(workDir, { recursive: true });
  const started = performance.now();
  const rows: Row[] = [];
  try {
    for (const n of sizes) {
      const label = n === 0 ? "seeds" : n >= stories.length ? `seeds + all ${int(stories.length)} BBC` : `seeds + ${int(n)} BBC`;
      const dir = join(workDir, `corpus-${n}`);
      console.error(`bench: ${label}: ingest and build…`);
      const build = await runChild<BuildResult>("build", { dir, files: [...seeds, ...stories.slice(0, n)] }, workDir);
      console.error(
        `bench: ${label}: ${build.articles} articles (${build.refused} refused), ${build.passages} passages; embed ${fmtMs(build.embedMs)} (${build.stats.embedded} new texts); serving…`,
      );
      const serve = await runChild<ServeResult>("serve", { dir }, workDir);
      const row: Row = { label, stories: n, build, serve };
      if (postgres) {
        console.error(`bench: ${label}: PostgreSQL: db:load${n >= 2 * ADD_STORIES ? `, then ingest ${ADD_STORIES} more stories` : ""}, serve…`);
        const server = await startBenchDatabase(databaseUrl);
        try {
          const add = n >= 2 * ADD_STORIES ? stories.slice(n - ADD_STORIES, n) : [];
          const load = await runChild<Awaited<ReturnType<typeof childPostgresLoad>>>("pg-load", { dir, url: server.url, add }, workDir);
          const served = await runChild<Awaited<ReturnType<typeof childPostgresServe>>>("pg-serve", { url: server.url }, workDir);
          row.postgres = { ...load, ...served };
        } finally {
          await server.stop();
        }
      }
      rows.push(row);
      if (!keep) await rm(dir, { recursive: true, force: true });
    }
  } finally {
    if (!keep) await rm(workDir, { recursive: true, force: true });
  }

  const fixed = await edgeFixedBytes();
  console.log(table(rows));
  console.log();
  if (rows.some((r) => r.postgres)) {
    console.log(`PostgreSQL: ${benchDatabaseLabel(databaseUrl)}.`);
    console.log();
    console.log(postgresTable(rows));
    console.log();
  }
  console.log(notes(rows, fixed));
  console.log(`- Total bench time ${fmtMs(performance.now() - started)}${quick ? " (--quick: largest size left out)" : ""}.`);
  const out = jsonArg ?? join(PROJECT_ROOT, ".cache/bench", `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  await mkdir(join(out, ".."), { recursive: true });
  await writeFile(out, JSON.stringify({ quick, postgres: postgres ? benchDatabaseLabel(databaseUrl) : null, rows, edgeFixed: fixed }, null, 2));
  console.log(`- Raw numbers: ${relative(process.cwd(), out)}`);
}

async function main(argv: string[]) {
  const at = argv.indexOf("--child");
  if (at < 0) return parent(argv);
  const [mode, configPath, resultPath] = argv.slice(at + 1);
  const config = JSON.parse(readFileSync(configPath, "utf8"));
  const children: Record<ChildMode, (config: any) => Promise<unknown>> = {
    build: childBuild,
    serve: childServe,
    "pg-load": childPostgresLoad,
    "pg-serve": childPostgresServe,
  };
  const result = await children[mode as ChildMode](config);
  await writeFile(resultPath, JSON.stringify(result));
}

main(process.argv.slice(2)).then(
  () => {
    // Worker threads and model handles must not keep a finished child alive.
    if (process.argv.includes("--child")) process.exit(0);
  },
  (error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
