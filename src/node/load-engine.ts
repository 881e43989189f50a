/**
 * Node start-up: open the generation corpus/CURRENT names (every file checked
 * against its recorded size and SHA-256; a damaged generation is skipped for
 * the previous good one, loudly), load the query embedder once, and build the
 * engine. `/api/health` then also says which generation is served, whether it
 * is a fallback (`status: "degraded"`, `corpus.reason`), and which articles
 * are written but not yet indexed (`pending`, with the command that indexes
 * them). A model that fails to load, or takes too long, leaves the
 * engine answering lexically with the reason recorded — start-up never crashes
 * or hangs on a model.
 */
import { createEngine, type Engine, type EngineOptions, type ServingEngine } from "../core/engine.js";
import { createPostgresEngine } from "../core/postgres/engine.js";
import { openPostgresCorpus } from "../core/postgres/corpus.js";
import type { SqlClient } from "../core/postgres/sql.js";
import { DEFAULT_VECTOR_DIM, migrate } from "../core/postgres/schema.js";
import { embedderConfigFromEnv, loadEmbedder, type Embedder, type EmbedderConfig } from "../core/embed/index.js";
import { openIndex, type SearchIndex } from "../core/store.js";
import { loadRanker } from "../core/rerank/cross-encoder.js";
import { featureRanker, type SentenceRanker } from "../core/rank.js";
import { answerModelFor, learnedRanker } from "../core/learned.js";
import type { AnswerModel } from "../core/model.js";
import { readFile } from "node:fs/promises";
import { STATIC_TABLE_PATH } from "../edge/static-embedder-file.js";
import { decodeTable } from "../edge/static-table.js";
import { wordSimilarityFromTable, type WordSimilarity } from "../core/word-similarity.js";
import { corpusPaths, type CorpusPaths } from "./corpus-files.js";
import { generationName, openCorpus, pendingChanges, REPAIR_COMMAND, type OpenedCorpus } from "./generations.js";

export interface LoadOptions {
  paths?: CorpusPaths;
  embedder?: EmbedderConfig;
  /** Give up on the model after this long and answer lexically. */
  embedderTimeoutMs?: number;
  /** Sentence ranker: "learned" (default) or "transformers:<cross-encoder id>"; default VERBATIM_RERANKER. */
  ranker?: string;
  log?: (line: string) => void;
  /** The answer model (default: the shipped one for the active embedder); "hand-tuned" for the baseline. */
  model?: AnswerModel | "hand-tuned";
}

let wordSimilarity: Promise<WordSimilarity> | null = null;

/** The static token table's word vectors, read once per process. */
export function sharedWordSimilarity(): Promise<WordSimilarity> {
  wordSimilarity ??= readFile(STATIC_TABLE_PATH).then((bytes) => wordSimilarityFromTable(decodeTable(bytes)));
  return wordSimilarity;
}

const embedderCache = new Map<string, Promise<Embedder | null>>();

/** One model per process, however many engines (reloads, tests) ask for it. */
export function sharedEmbedder(config: EmbedderConfig): Promise<Embedder | null> {
  const key = `${config.name}|${config.modelDir ?? ""}`;
  let pending = embedderCache.get(key);
  if (!pending) {
    pending = loadEmbedder(config);
    pending.catch(() => embedderCache.delete(key));
    embedderCache.set(key, pending);
  }
  return pending;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not load within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The query embedder, the sentence ranker and word meanings, each loaded once per process; failures are recorded, not thrown. */
async function loadAnswerParts(options: LoadOptions, log: (line: string) => void): Promise<Omit<EngineOptions, "passageStore"> & { embedder: Embedder | null }> {
  const config = options.embedder ?? embedderConfigFromEnv();
  let embedder: Embedder | null = null;
  let embedderError: string | undefined;
  try {
    embedder = await withTimeout(sharedEmbedder(config), options.embedderTimeoutMs ?? 60_000, `embedder ${config.name}`);
  } catch (error) {
    embedderError = `embedder ${config.name} could not load: ${(error as Error).message.split("\n")[0]}`;
  }
  let ranker: SentenceRanker | null = null;
  let rankerError: string | undefined;
  const rankerName = options.ranker ?? process.env.VERBATIM_RERANKER;
  try {
    const base = options.model === "hand-tuned" ? featureRanker : learnedRanker(options.model ?? answerModelFor(embedder?.name ?? "none"));
    ranker = await withTimeout(loadRanker(rankerName, config.modelDir, base), options.embedderTimeoutMs ?? 60_000, `reranker ${rankerName}`);
  } catch (error) {
    rankerError = `reranker ${rankerName} could not load: ${(error as Error).message.split("\n")[0]}; using the learned ranker`;
    log(`verbatim: ${rankerError}`);
  }
  const words = await sharedWordSimilarity();
  return { embedder, embedderError, ...(ranker ? { ranker } : {}), rankerError, words, model: options.model };
}

export async function loadEngine(options: LoadOptions = {}): Promise<Engine> {
  const paths = options.paths ?? corpusPaths();
  const log = options.log ?? ((line: string) => console.error(line));
  let index!: SearchIndex;
  const opened = openCorpus(paths, { check: (g) => void (index = openIndex(g.files, g.articles)) });
  if (opened.degraded) log(`verbatim: WARNING: ${opened.degraded}`);
  const { embedder, ...parts } = await loadAnswerParts(options, log);
  const engine = createEngine(index, embedder, parts);
  if (engine.embedder.reason) log(`verbatim: answering lexically: ${engine.embedder.reason}`);
  return withCorpusHealth(engine, paths, opened, log);
}

/**
 * The engine over the corpus in the PostgreSQL database `db` (see
 * core/postgres/): migrations are applied first, so a fresh database gets its
 * schema on start.
 */
export async function loadPostgresEngine(db: SqlClient, options: LoadOptions = {}): Promise<ServingEngine> {
  const log = options.log ?? ((line: string) => console.error(line));
  const { embedder, ...parts } = await loadAnswerParts(options, log);
  // The dimension only shapes a fresh schema; a database already loaded keeps its own.
  await migrate(db, { dim: embedder?.dim ?? DEFAULT_VECTOR_DIM });
  const corpus = await openPostgresCorpus(db);
  const engine = createPostgresEngine(corpus, embedder, parts);
  if (engine.embedder.reason) log(`verbatim: answering lexically: ${engine.embedder.reason}`);
  return engine;
}

/** The state of the corpus on disk beside the engine's own health. */
export interface CorpusHealth {
  generation: string;
  /** Present when the generation CURRENT names could not be served. */
  reason?: string;
  fix?: string;
}

function withCorpusHealth(engine: Engine, paths: CorpusPaths, opened: OpenedCorpus, log: (line: string) => void): Engine {
  const served = opened.articles.map((a) => a.id);
  const pending = pendingChanges(paths, served);
  if (pending.added.length || pending.removed.length)
    log(`verbatim: ${pending.added.length} article(s) added and ${pending.removed.length} removed in ${paths.articles} are not indexed yet; run \`${REPAIR_COMMAND}\``);
  const corpus: CorpusHealth = {
    generation: generationName(opened.generation),
    ...(opened.degraded ? { reason: opened.degraded, fix: REPAIR_COMMAND } : {}),
  };
  const extra = {
    corpus,
    ...(pending.added.length || pending.removed.length
      ? { pending: { added: pending.added.length, removed: pending.removed.length, command: REPAIR_COMMAND } }
      : {}),
  };
  return {
    ...engine,
    health() {
      const base = engine.health();
      // "degraded": a fallback generation is served.
      return { ...base, ...(opened.degraded ? { status: "degraded" as const } : {}), ...extra };
    },
  };
}
