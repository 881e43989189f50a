/**
 * The engine as a Worker builds it: from bundled bytes, once per isolate.
 * Runtime-agnostic (no Workers or Node APIs), so Node tests can build the
 * very same engine from the very same bytes.
 */
import { createEngine, type Engine } from "../core/engine.js";
import { openIndex } from "../core/store.js";
import { unpackCorpus } from "./bundle.js";
import { wordSimilarityFromTable, type WordSimilarity } from "../core/word-similarity.js";
import { decodeTable, type StaticTable } from "./static-table.js";
import { createStaticEmbedder, USE_LITE_STATIC, type StaticEmbedder } from "./static-embedder.js";

export interface EdgeData {
  /** corpus.txt: the JSON text written by packCorpus. */
  corpus: string;
  /** vectors.bin: the index vectors. */
  vectors: ArrayBuffer | Uint8Array;
  /** use-lite-static.bin: the static token table, or null when the bundle has none. */
  table: ArrayBuffer | Uint8Array | null;
}

export interface EdgeLoadTimings {
  parseMs: number;
  openMs: number;
  embedderMs: number;
}

/** Query embedders a Worker can run: the static table, or none (lexical answers). */
export const EDGE_EMBEDDERS = [USE_LITE_STATIC, "none"] as const;

export interface EdgeEngineOptions {
  /** VERBATIM_EMBEDDER: "use-lite-static" (default) or "none". */
  embedder?: string;
}

export function createEdgeEngine(data: EdgeData, options: EdgeEngineOptions = {}): { engine: Engine; timings: EdgeLoadTimings } {
  let t = performance.now();
  const { files, articles } = unpackCorpus(data.corpus, data.vectors);
  const parseMs = performance.now() - t;
  t = performance.now();
  const index = openIndex(files, articles);
  const openMs = performance.now() - t;
  t = performance.now();
  const { embedder, ...parts } = edgeQueryParts(data.table, options);
  const embedderMs = performance.now() - t;
  return { engine: createEngine(index, embedder, parts), timings: { parseMs, openMs, embedderMs } };
}

/**
 * What a Worker answers with besides the corpus: the static query embedder
 * (or why there is none) and word meanings, both from the one token table.
 */
export function edgeQueryParts(
  tableBytes: EdgeData["table"],
  options: EdgeEngineOptions = {},
): { embedder: StaticEmbedder | null; embedderError?: string; words: WordSimilarity | null } {
  const name = options.embedder?.trim() || USE_LITE_STATIC;
  let table: StaticTable | null = null;
  let tableError: string | undefined;
  try {
    table = tableBytes ? decodeTable(tableBytes) : null;
  } catch (error) {
    tableError = (error as Error).message;
  }
  let embedder: StaticEmbedder | null = null;
  let embedderError: string | undefined;
  if (!(EDGE_EMBEDDERS as readonly string[]).includes(name))
    embedderError = `embedder ${name} cannot run on Workers; set VERBATIM_EMBEDDER to ${EDGE_EMBEDDERS.join(" or ")}`;
  else if (name === USE_LITE_STATIC && tableError) embedderError = `embedder use-lite-static could not load: ${tableError}`;
  else if (name === USE_LITE_STATIC && !table) embedderError = "embedder use-lite-static has no token table in this bundle";
  else if (name === USE_LITE_STATIC && table) embedder = createStaticEmbedder(table);
  // The token table also gives the learned ranker its word meanings, whichever query embedder runs.
  const words: WordSimilarity | null = table ? wordSimilarityFromTable(table) : null;
  return { embedder, ...(embedderError ? { embedderError } : {}), words };
}

/**
 * A getEngine for createApp that builds the engine on first use and keeps it
 * for the isolate's life; a failed build is retried on the next request.
 */
export function lazyEngine(load: () => Engine | Promise<Engine>): () => Promise<Engine> {
  let pending: Promise<Engine> | undefined;
  return () => {
    if (!pending) {
      pending = Promise.resolve().then(load);
      pending.catch(() => (pending = undefined));
    }
    return pending;
  };
}
