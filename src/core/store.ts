/**
 * The search index: articles, their sentences and passages, vectors, and an
 * Orama database for hybrid (BM25 + vector) search over passages.
 *
 * On disk it is a few plain files (Pagefind-style: heavy work at build time,
 * cheap loading):
 *   manifest.json  what built it (embedder, dimension, counts, chunking)
 *   chunks.json    sentence and passage offsets per article, term document frequencies
 *   orama.json     the Orama snapshot, without what can be derived (orama-snapshot.ts)
 *   vectors.bin    little-endian float32 vectors: all passages, then all sentences
 * Articles live beside it, one JSON record each (see corpus-files.ts).
 */
import { create, insertMultiple, type AnyOrama, type AnySchema } from "@orama/orama";
import type { Article } from "./article.js";
import { DEFAULT_CHUNKING, groupPassages, splitSentences, type ChunkOptions, type Passage, type Sentence } from "./chunk.js";
import { embedInBatches, type Embedder } from "./embed/embedder.js";
import { loadSnapshot, packSnapshot, type OramaPack } from "./orama-snapshot.js";
import { createTokenizer, terms } from "./text.js";

export const INDEX_FORMAT_VERSION = 2;

export interface Manifest {
  format: number;
  /** Embedder that built the vectors, or null for a lexical-only index. */
  embedder: string | null;
  dim: number;
  chunking: ChunkOptions;
  articles: number;
  passages: number;
  sentences: number;
}

export interface Chunks {
  /** Per article id: sentence spans as [start, end] pairs. */
  sentences: Record<string, [number, number][]>;
  /** Per article id: passages as [firstSentence, lastSentence] pairs. */
  passages: Record<string, [number, number][]>;
  /** Stemmed term → number of sentences containing it. */
  df: Record<string, number>;
}

/** Everything the engine needs, in memory. */
export interface SearchIndex {
  manifest: Manifest;
  articles: Article[];
  articleById: Map<string, Article>;
  sentencesByArticle: Map<string, Sentence[]>;
  passages: Passage[];
  /** Each article's passages, in order. */
  passagesByArticle: Map<string, Passage[]>;
  passageById: Map<string, Passage>;
  /** Passage id → its row in passageVectors. */
  passageRow: Map<string, number>;
  /** Row i holds the vector of passages[i]; empty when lexical-only. */
  passageVectors: Float32Array[];
  /** Keyed by `${articleId}:${sentenceIndex}`. */
  sentenceVectors: Map<string, Float32Array>;
  df: Map<string, number>;
  sentenceCount: number;
  db: AnyOrama;
}

export interface IndexFiles {
  manifest: Manifest;
  chunks: Chunks;
  orama: OramaPack;
  vectors: Float32Array;
}

export type BuildPhase = "chunk" | "embed" | "index";
export interface BuildProgress {
  phase: BuildPhase;
  done: number;
  total: number;
}

export interface BuildOptions {
  chunking?: ChunkOptions;
  /** Called as work advances, for progress bars. */
  onProgress?: (p: BuildProgress) => void;
  /** Embeds texts, possibly from a cache; defaults to the embedder itself in batches. */
  embedTexts?: (texts: string[], onBatch: (done: number) => void) => Promise<Float32Array[]>;
}

export interface BuildTimings {
  chunkMs: number;
  embedMs: number;
  indexMs: number;
}

export function sentenceKey(articleId: string, index: number): string {
  return `${articleId}:${index}`;
}

function oramaSchema(dim: number): AnySchema {
  return dim > 0 ? { title: "string", text: "string", embedding: `vector[${dim}]` } : { title: "string", text: "string" };
}

function createDb(dim: number): AnyOrama {
  return create({ schema: oramaSchema(dim), sort: { enabled: false }, components: { tokenizer: createTokenizer() } }) as AnyOrama;
}

/** Articles in id order, so the same corpus always builds the same bytes. */
function sortArticles(articles: Article[]): Article[] {
  return [...articles].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function buildIndex(
  input: Article[],
  embedder: Embedder | null,
  options: BuildOptions = {},
): Promise<{ files: IndexFiles; timings: BuildTimings }> {
  const chunking = options.chunking ?? DEFAULT_CHUNKING;
  const articles = sortArticles(input);
  const progress = options.onProgress ?? (() => {});

  let t = performance.now();
  const chunks: Chunks = { sentences: {}, passages: {}, df: {} };
  const sentenceTexts: string[] = [];
  const passageRecords: { passage: Passage; title: string; text: string }[] = [];
  const df = new Map<string, number>();
  articles.forEach((article, i) => {
    const sentences = splitSentences(article.text, article.id);
    const passages = groupPassages(sentences, chunking);
    chunks.sentences[article.id] = sentences.map((s) => [s.start, s.end]);
    chunks.passages[article.id] = passages.map((p) => p.sentences);
    for (const s of sentences) {
      const text = article.text.slice(s.start, s.end);
      sentenceTexts.push(text);
      for (const term of terms(text)) df.set(term, (df.get(term) ?? 0) + 1);
    }
    for (const p of passages) passageRecords.push({ passage: p, title: article.title, text: article.text.slice(p.start, p.end) });
    progress({ phase: "chunk", done: i + 1, total: articles.length });
  });
  for (const term of [...df.keys()].sort()) chunks.df[term] = df.get(term)!;
  const chunkMs = performance.now() - t;

  t = performance.now();
  const dim = embedder?.dim ?? 0;
  let vectors = new Float32Array(0);
  if (embedder) {
    // Passages are embedded with their headline: it disambiguates pronoun-heavy passages.
    const texts = [...passageRecords.map((r) => `${r.title}\n${r.text}`), ...sentenceTexts];
    const total = texts.length;
    const report = (done: number) => progress({ phase: "embed", done, total });
    const embedded = options.embedTexts
      ? await options.embedTexts(texts, report)
      : await embedInBatches(embedder, texts, 16, report);
    vectors = new Float32Array(total * dim);
    embedded.forEach((v, i) => vectors.set(v, i * dim));
  }
  const embedMs = performance.now() - t;

  t = performance.now();
  const db = createDb(dim);
  const docs = passageRecords.map((r, i) => ({
    id: r.passage.id,
    title: r.title,
    text: r.text,
    ...(dim > 0 ? { embedding: Array.from(vectors.subarray(i * dim, (i + 1) * dim)) } : {}),
  }));
  await insertMultiple(db, docs as never[], 500);
  progress({ phase: "index", done: docs.length, total: docs.length });
  const orama = packSnapshot(db);
  const indexMs = performance.now() - t;

  const manifest: Manifest = {
    format: INDEX_FORMAT_VERSION,
    embedder: embedder?.name ?? null,
    dim,
    chunking,
    articles: articles.length,
    passages: passageRecords.length,
    sentences: sentenceTexts.length,
  };
  return { files: { manifest, chunks, orama, vectors }, timings: { chunkMs, embedMs, indexMs } };
}

/** An article's passages from their [first, last] sentence ranges; the id is `<articleId>-<start>-<end>`. */
export function articlePassages(articleId: string, sentences: Sentence[], ranges: [number, number][]): Passage[] {
  return ranges.map(([first, last]): Passage => {
    const span = { start: sentences[first].start, end: sentences[last].end };
    return { id: `${articleId}-${span.start}-${span.end}`, articleId, ...span, sentences: [first, last] };
  });
}

/** An Orama database with nothing in it, for an index that is searched elsewhere (a database's slice). */
export function emptyOramaDb(dim: number): AnyOrama {
  return createDb(dim);
}

/** Turn index files (as built or as read from disk) into the in-memory index. */
export function openIndex(files: IndexFiles, articles: Article[]): SearchIndex {
  const { manifest, chunks, vectors } = files;
  if (manifest.format !== INDEX_FORMAT_VERSION)
    throw new Error(`index format ${manifest.format} is not format ${INDEX_FORMAT_VERSION}; rebuild the index (npm run build:index)`);
  const sorted = sortArticles(articles);
  const articleById = new Map(sorted.map((a) => [a.id, a]));
  const sentencesByArticle = new Map<string, Sentence[]>();
  const passages: Passage[] = [];
  const passagesByArticle = new Map<string, Passage[]>();
  const sentenceVectors = new Map<string, Float32Array>();
  const dim = manifest.dim;
  const passageCount = manifest.passages;
  let sentenceRow = 0;
  for (const article of sorted) {
    const spans = chunks.sentences[article.id];
    if (!spans) throw new Error(`index has no sentences for article ${article.id}; rebuild the index`);
    const sentences = spans.map(([start, end], index) => ({ start, end, index, articleId: article.id }));
    sentencesByArticle.set(article.id, sentences);
    const own = articlePassages(article.id, sentences, chunks.passages[article.id]);
    passagesByArticle.set(article.id, own);
    passages.push(...own);
    if (dim > 0)
      for (const s of sentences) {
        const row = passageCount + sentenceRow++;
        sentenceVectors.set(sentenceKey(article.id, s.index), vectors.subarray(row * dim, (row + 1) * dim));
      }
  }
  if (passages.length !== manifest.passages) throw new Error("index files disagree on the passage count; rebuild the index");
  const passageVectors = dim > 0 ? passages.map((_, i) => vectors.subarray(i * dim, (i + 1) * dim)) : [];

  const db = createDb(dim);
  const passageById = new Map(passages.map((p) => [p.id, p]));
  const passageRow = new Map(passages.map((p, i) => [p.id, i]));
  loadSnapshot(
    db,
    files.orama,
    (id) => {
      const p = passageById.get(id)!;
      const article = articleById.get(p.articleId)!;
      return { id, title: article.title, text: article.text.slice(p.start, p.end) };
    },
    dim > 0 ? (id) => passageVectors[passageRow.get(id)!] : null,
  );

  return {
    manifest,
    articles: sorted,
    articleById,
    sentencesByArticle,
    passages,
    passagesByArticle,
    passageById,
    passageRow,
    passageVectors,
    sentenceVectors,
    df: new Map(Object.entries(chunks.df)),
    sentenceCount: manifest.sentences,
    db,
  };
}
