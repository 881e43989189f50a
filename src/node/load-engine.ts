/**
 * Node start-up: read the committed index, load the query embedder once, and
 * build the engine. A model that fails to load, or takes too long, leaves the
 * engine answering lexically with the reason recorded — start-up never crashes
 * or hangs on a model.
 */
import { createEngine, type Engine } from "../core/engine.js";
import { embedderConfigFromEnv, loadEmbedder, type Embedder, type EmbedderConfig } from "../core/embed/index.js";
import { openIndex } from "../core/store.js";
import { loadRanker } from "../core/rerank/cross-encoder.js";
import type { SentenceRanker } from "../core/rank.js";
import type { AnswerModel } from "../core/model.js";
import { readFile } from "node:fs/promises";
import { STATIC_TABLE_PATH } from "../edge/static-embedder-file.js";
import { decodeTable } from "../edge/static-table.js";
import { wordSimilarityFromTable, type WordSimilarity } from "../core/word-similarity.js";
import { corpusPaths, readArticles, readIndex, type CorpusPaths } from "./corpus-files.js";

export interface LoadOptions {
  paths?: CorpusPaths;
  embedder?: EmbedderConfig;
  /** Give up on the model after this long and answer lexically. */
  embedderTimeoutMs?: number;
  /** Sentence ranker: "features" (default) or "transformers:<cross-encoder id>"; default VERBATIM_RERANKER. */
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

export async function loadEngine(options: LoadOptions = {}): Promise<Engine> {
  const paths = options.paths ?? corpusPaths();
  const config = options.embedder ?? embedderConfigFromEnv();
  const log = options.log ?? ((line: string) => console.error(line));
  const [files, articles] = await Promise.all([readIndex(paths), readArticles(paths)]);
  const index = openIndex(files, articles);
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
    ranker = await withTimeout(loadRanker(rankerName, config.modelDir), options.embedderTimeoutMs ?? 60_000, `reranker ${rankerName}`);
  } catch (error) {
    rankerError = `reranker ${rankerName} could not load: ${(error as Error).message.split("\n")[0]}; using the feature ranker`;
    log(`verbatim: ${rankerError}`);
  }
  const words = await sharedWordSimilarity();
  const engine = createEngine(index, embedder, { embedderError, ...(ranker ? { ranker } : {}), rankerError, words, model: options.model });
  if (engine.embedder.reason) log(`verbatim: answering lexically: ${engine.embedder.reason}`);
  return engine;
}
