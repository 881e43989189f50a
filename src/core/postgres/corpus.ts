/**
 * The corpus in PostgreSQL as the engine's CorpusAccess (engine.ts): per
 * question, two round trips — the passage search (search.ts), then one
 * statement that returns everything scoring those passages reads: their
 * articles, every sentence's offsets and vector, the passages' vectors, a
 * named outlet's articles when they fit the pool, and the sentence document
 * frequencies of the question's terms and of the vocabulary's near spellings
 * of its names. From that slice the engine's scoring code runs unchanged.
 */
import type { Article } from "../article.js";
import type { Passage, Sentence } from "../chunk.js";
import type { CorpusAccess } from "../engine.js";
import { toCandidates } from "../passage-store.js";
import { passageCosine, withNamedOutlets } from "../retrieve.js";
import { articlePassages, emptyOramaDb, INDEX_FORMAT_VERSION, sentenceKey, type Manifest, type SearchIndex } from "../store.js";
import { questionTerms } from "../text.js";
import { demonymForms, nearSpellingAffix, topicTerms } from "../topic.js";
import { readMeta, type StoreMeta } from "./schema.js";
import { searchPassages } from "./search.js";
import { UnknownArticlesError } from "../scope.js";
import { hexVector, sentVector, type SqlClient } from "./sql.js";

export interface CorpusTotals {
  articles: number;
  passages: number;
  sentences: number;
}

export async function readTotals(db: SqlClient): Promise<CorpusTotals> {
  const [row] = await db.query<{ articles: string | number; passages: string | number; sentences: string | number }>(
    "SELECT coalesce(sum(articles), 0) AS articles, coalesce(sum(passages), 0) AS passages, coalesce(sum(sentences), 0) AS sentences FROM verbatim_batches",
  );
  return { articles: Number(row.articles), passages: Number(row.passages), sentences: Number(row.sentences) };
}

/** What a slice asks for. */
export interface SliceRequest {
  articleIds: string[];
  /** Question terms: an outlet whose name they all contain has its articles fetched too, if its passages fit `limit`. */
  outletTerms?: string[];
  limit?: number;
  /** Terms whose sentence document frequency the scoring reads. */
  lookup?: string[];
  /** Names' terms whose near spellings in the vocabulary corpusKnows may accept. */
  nearSpellings?: string[];
}

type SentenceRow = [string, number, number, number, string | null];
type PassageRow = [string, number, number, number, string | null];

interface SliceRow {
  named_passages: number | string;
  articles: Article[] | null;
  sentences: SentenceRow[] | null;
  passages: PassageRow[] | null;
  df: [string, number][] | null;
  totals: { articles: number; passages: number; sentences: number };
}

const SLICE = `
WITH named AS (
  SELECT id FROM verbatim_articles WHERE cardinality(source_terms) > 0 AND source_terms <@ $2::text[]
),
named_count AS (SELECT count(*) AS n FROM verbatim_passages WHERE article_id IN (SELECT id FROM named)),
wanted AS (
  SELECT unnest($1::text[]) AS id
  UNION SELECT id FROM named WHERE (SELECT n FROM named_count) <= $3
),
near_spelling AS (
  SELECT v.term FROM verbatim_vocabulary v, unnest($5::text[], $6::int[]) AS f(term, affix)
  WHERE NOT EXISTS (SELECT 1 FROM verbatim_vocabulary k WHERE k.term = f.term)
    AND length(v.term) BETWEEN length(f.term) - 2 AND length(f.term) + 2
    AND (left(v.term, f.affix) = left(f.term, f.affix) OR right(v.term, f.affix) = right(f.term, f.affix))
),
looked_up AS (SELECT unnest($4::text[]) COLLATE "C" AS term UNION SELECT term FROM near_spelling)
SELECT
  (SELECT n FROM named_count) AS named_passages,
  (SELECT json_agg(json_build_object('id', a.id, 'title', a.title, 'source', a.source, 'date', a.date, 'url', a.url, 'text', a.text))
     FROM verbatim_articles a WHERE a.id IN (SELECT id FROM wanted)) AS articles,
  (SELECT json_agg(json_build_array(s.article_id, s.idx, s.start_at, s.end_at, encode(s.embedding, 'hex')) ORDER BY s.article_id, s.idx)
     FROM verbatim_sentences s WHERE s.article_id IN (SELECT id FROM wanted)) AS sentences,
  (SELECT json_agg(json_build_array(p.article_id, p.first_sentence, p.last_sentence, p.idx, encode(vector_send(p.embedding), 'hex')) ORDER BY p.article_id, p.idx)
     FROM verbatim_passages p WHERE p.article_id IN (SELECT id FROM wanted)) AS passages,
  (SELECT json_agg(json_build_array(d.term, d.df)) FROM (
     SELECT t.term, sum(t.sentences) AS df FROM verbatim_article_terms t WHERE t.term IN (SELECT term FROM looked_up) GROUP BY t.term
   ) d) AS df,
  (SELECT json_build_object('articles', coalesce(sum(articles), 0), 'passages', coalesce(sum(passages), 0), 'sentences', coalesce(sum(sentences), 0))
     FROM verbatim_batches) AS totals`;

/** The part of the corpus a question reads, as a SearchIndex the scoring code runs on; one round trip. */
export async function readSlice(db: SqlClient, meta: StoreMeta, request: SliceRequest): Promise<{ index: SearchIndex; namedPassages: number; totals: CorpusTotals }> {
  const near = request.nearSpellings ?? [];
  const [row] = await db.query<SliceRow>(SLICE, [
    [...new Set(request.articleIds)],
    request.outletTerms ?? [],
    request.outletTerms ? (request.limit ?? 0) : -1,
    request.lookup ?? [],
    near,
    near.map(nearSpellingAffix),
  ]);
  const totals = { articles: Number(row.totals.articles), passages: Number(row.totals.passages), sentences: Number(row.totals.sentences) };
  const manifest: Manifest = { format: INDEX_FORMAT_VERSION, embedder: meta.embedder, dim: meta.dim, chunking: meta.chunking, ...totals };
  return { index: sliceIndex(manifest, row), namedPassages: Number(row.named_passages), totals };
}

function sliceIndex(manifest: Manifest, row: SliceRow): SearchIndex {
  const articles = (row.articles ?? []).map((a): Article => ({ id: a.id, title: a.title, source: a.source, date: a.date, url: a.url, text: a.text }));
  articles.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sentencesByArticle = new Map<string, Sentence[]>();
  const sentenceVectors = new Map<string, Float32Array>();
  for (const [articleId, index, start, end, hex] of row.sentences ?? []) {
    let list = sentencesByArticle.get(articleId);
    if (!list) sentencesByArticle.set(articleId, (list = []));
    list.push({ start, end, index, articleId });
    if (hex) sentenceVectors.set(sentenceKey(articleId, index), hexVector(hex));
  }
  const ranges = new Map<string, { range: [number, number]; vector: Float32Array | null }[]>();
  for (const [articleId, first, last, , hex] of row.passages ?? []) {
    let list = ranges.get(articleId);
    if (!list) ranges.set(articleId, (list = []));
    list.push({ range: [first, last], vector: hex ? sentVector(hex) : null });
  }
  const passages: Passage[] = [];
  const passagesByArticle = new Map<string, Passage[]>();
  const passageVectors: Float32Array[] = [];
  for (const article of articles) {
    const own = ranges.get(article.id) ?? [];
    const list = articlePassages(article.id, sentencesByArticle.get(article.id) ?? [], own.map((p) => p.range));
    passagesByArticle.set(article.id, list);
    passages.push(...list);
    if (manifest.dim > 0) passageVectors.push(...own.map((p) => p.vector!));
  }
  return {
    manifest,
    articles,
    articleById: new Map(articles.map((a) => [a.id, a])),
    sentencesByArticle,
    passages,
    passagesByArticle,
    passageById: new Map(passages.map((p) => [p.id, p])),
    passageRow: new Map(passages.map((p, i) => [p.id, i])),
    passageVectors,
    sentenceVectors,
    df: new Map((row.df ?? []).map(([term, df]) => [term, Number(df)])),
    sentenceCount: manifest.sentences,
    db: emptyOramaDb(manifest.dim),
  };
}

export interface PostgresCorpus extends CorpusAccess {
  readonly db: SqlClient;
  readonly meta: StoreMeta;
  totals(): CorpusTotals;
  /** Re-reads the corpus totals (another process may have written). */
  refresh(): Promise<CorpusTotals>;
}

/** Opens the corpus a database holds; fails if nothing was loaded into it yet. */
export async function openPostgresCorpus(db: SqlClient): Promise<PostgresCorpus> {
  const meta = await readMeta(db);
  if (!meta) throw new Error("the database holds no corpus yet; run `npm run db:load` (or `npm run ingest`) with the same DATABASE_URL");
  let totals = await readTotals(db);
  const manifest: Manifest = { format: INDEX_FORMAT_VERSION, embedder: meta.embedder, dim: meta.dim, chunking: meta.chunking, ...totals };
  return {
    db,
    meta,
    manifest,
    totals: () => totals,
    async refresh() {
      return (totals = await readTotals(db));
    },
    passageCount: () => totals.passages,
    async scope(articleIds) {
      if (!articleIds) return null;
      const ids = [...new Set(articleIds)];
      const rows = await db.query<{ id: string; passages: string | number }>(
        "SELECT a.id, (SELECT count(*) FROM verbatim_passages p WHERE p.article_id = a.id) AS passages FROM verbatim_articles a WHERE a.id = ANY($1::text[])",
        [ids],
      );
      const known = new Set(rows.map((r) => r.id));
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length) throw new UnknownArticlesError(unknown);
      return { scope: { ids }, passages: rows.reduce((n, r) => n + Number(r.passages), 0) };
    },
    async retrieve({ text, vector, limit, question, contextTerms = [], scope }) {
      const hits = await searchPassages(db, { text, vector, limit, ...(scope ? { articleIds: scope.ids } : {}) });
      const asked = question === undefined ? null : questionTerms(question);
      const names = question === undefined ? [] : topicTerms(question);
      const slice = await readSlice(db, meta, {
        // A scoped question's checks read every selected article ("the selected article does not mention …").
        articleIds: [...hits.map((h) => h.passageId.slice(0, h.passageId.indexOf("-"))), ...(scope?.ids ?? [])],
        ...(asked ? { outletTerms: asked, limit } : {}),
        lookup: [...(asked ?? []), ...contextTerms, ...names, ...names.flatMap(demonymForms)],
        nearSpellings: names,
      });
      totals = slice.totals;
      // The store's cosines are single precision; the local engine's are exact dot products, so they are recomputed from the slice's vectors.
      const found = toCandidates(slice.index, hits).map((c) => ({ ...c, cosine: passageCosine(slice.index, vector, c.passage.id) }));
      // The slice holds a named outlet's articles only when all of its passages fit the pool, as the local index decides.
      const candidates =
        asked && slice.namedPassages > 0 && slice.namedPassages <= limit ? withNamedOutlets(slice.index, found, asked, vector, limit, scope?.ids) : found;
      return { index: slice.index, candidates };
    },
  };
}
