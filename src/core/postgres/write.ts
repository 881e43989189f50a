/**
 * Writing articles and their index rows: one transaction per batch, so a
 * reader (or a writer killed half-way) sees the previous state or the new
 * one, never a part. Ids are content hashes and every insert is
 * `ON CONFLICT DO NOTHING`: two machines ingesting the same story write it
 * once, and an article whose row another writer already committed is skipped
 * whole. Shared rows (articles, vocabulary) are inserted in sorted order, so
 * concurrent writers take their locks in the same order and cannot deadlock.
 */
import type { Article } from "../article.js";
import type { IndexFiles } from "../store.js";
import { terms } from "../text.js";
import { claimMeta, type StoreMeta } from "./schema.js";
import { vectorHex, vectorLiteral, type SqlClient } from "./sql.js";

export const FIELD = { text: 0, title: 1 } as const;

export interface ArticleRows {
  article: Article;
  sentences: { start: number; end: number; vector: Float32Array | null }[];
  passages: { id: string; first: number; last: number; textTerms: string[]; titleTerms: string[]; vector: Float32Array | null }[];
  /** Term → sentences of this article holding it. */
  sentenceTerms: Map<string, number>;
}

/**
 * The terms an article's rows are written under: each passage's text and
 * title terms, and each term's count in the article's sentences. Writing and
 * removing both derive them here, so a removal deletes exactly what was written.
 */
function articleTerms(article: Pick<Article, "title" | "text">, spans: readonly (readonly [number, number])[], passageSpans: readonly (readonly [number, number])[]) {
  const titleTerms = terms(article.title);
  const sentenceTerms = new Map<string, number>();
  for (const [start, end] of spans) for (const t of terms(article.text.slice(start, end))) sentenceTerms.set(t, (sentenceTerms.get(t) ?? 0) + 1);
  const passages = passageSpans.map(([first, last]) => ({ textTerms: terms(article.text.slice(spans[first][0], spans[last][1])), titleTerms }));
  return { sentenceTerms, passages };
}

/** Index files (as built, or as read from disk) → rows per article, in the layout openIndex reads (store.ts). */
export function indexRows(files: IndexFiles, articles: Article[]): ArticleRows[] {
  const { manifest, chunks, vectors } = files;
  const dim = manifest.dim;
  const sorted = [...articles].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const vectorAt = (row: number) => (dim > 0 ? vectors.subarray(row * dim, (row + 1) * dim) : null);
  let passageRow = 0;
  let sentenceRow = manifest.passages;
  return sorted.map((article) => {
    const spans = chunks.sentences[article.id];
    if (!spans) throw new Error(`index has no sentences for article ${article.id}`);
    const passageSpans = chunks.passages[article.id];
    const written = articleTerms(article, spans, passageSpans);
    const sentences = spans.map(([start, end]) => ({ start, end, vector: vectorAt(sentenceRow++) }));
    const passages = passageSpans.map(([first, last], i) => ({
      id: `${article.id}-${spans[first][0]}-${spans[last][1]}`,
      first,
      last,
      ...written.passages[i],
      vector: vectorAt(passageRow++),
    }));
    return { article, sentences, passages, sentenceTerms: written.sentenceTerms };
  });
}

export interface WriteSummary {
  /** Articles this batch wrote; the rest were already there. */
  written: string[];
  skipped: string[];
}

function metaOf(files: IndexFiles): StoreMeta {
  const { format, embedder, dim, chunking } = files.manifest;
  return { format, embedder, dim, chunking };
}

/** Fails unless the database's vectors come from the same embedder, dimension and chunking as `files`. */
export async function checkMeta(db: SqlClient, files: IndexFiles): Promise<void> {
  const mine = metaOf(files);
  const theirs = await claimMeta(db, mine);
  const sameChunking = theirs.chunking.passageSize === mine.chunking.passageSize && theirs.chunking.overlap === mine.chunking.overlap;
  if (theirs.embedder !== mine.embedder || theirs.dim !== mine.dim || !sameChunking)
    throw new Error(
      `the database holds vectors from ${theirs.embedder ?? "no embedder"} (${theirs.dim} dims, chunking ${JSON.stringify(theirs.chunking)}), ` +
        `these are from ${mine.embedder ?? "no embedder"} (${mine.dim} dims, chunking ${JSON.stringify(mine.chunking)}); use another database or the same embedder`,
    );
}

/** Writes one batch of articles with their index rows, in one transaction. */
export async function writeBatch(db: SqlClient, files: IndexFiles, articles: Article[]): Promise<WriteSummary> {
  await checkMeta(db, files);
  return writeRows(db, indexRows(files, articles));
}

/** Writes rows from indexRows in one transaction; the caller has checked the meta (checkMeta). */
export async function writeRows(db: SqlClient, rows: ArticleRows[]): Promise<WriteSummary> {
  return db.transaction(async (tx) => {
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO verbatim_articles (id, title, source, date, url, text, chars, source_terms)
       SELECT id, title, source, date, url, text, chars, ARRAY(SELECT jsonb_array_elements_text(source_terms::jsonb))
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[])
         AS u(id, title, source, date, url, text, source_terms, chars)
       ORDER BY id
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        rows.map((r) => r.article.id),
        rows.map((r) => r.article.title),
        rows.map((r) => r.article.source),
        rows.map((r) => r.article.date),
        rows.map((r) => r.article.url),
        rows.map((r) => r.article.text),
        rows.map((r) => JSON.stringify(r.article.source ? terms(r.article.source) : [])),
        rows.map((r) => r.article.text.length),
      ],
    );
    const fresh = new Set(inserted.map((r) => r.id));
    const mine = rows.filter((r) => fresh.has(r.article.id));
    if (mine.length) await writeChildren(tx, mine);
    return { written: mine.map((r) => r.article.id), skipped: rows.filter((r) => !fresh.has(r.article.id)).map((r) => r.article.id) };
  });
}

async function writeChildren(tx: SqlClient, rows: ArticleRows[]): Promise<void> {
  const sentences = rows.flatMap((r) => r.sentences.map((s, idx) => ({ articleId: r.article.id, idx, ...s })));
  await tx.query(
    `INSERT INTO verbatim_sentences (article_id, idx, start_at, end_at, embedding)
     SELECT a, i, s, e, decode(v, 'hex') FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::text[]) AS u(a, i, s, e, v)
     ON CONFLICT DO NOTHING`,
    [sentences.map((s) => s.articleId), sentences.map((s) => s.idx), sentences.map((s) => s.start), sentences.map((s) => s.end), sentences.map((s) => (s.vector ? vectorHex(s.vector) : null))],
  );
  const passages = rows.flatMap((r) => r.passages.map((p, idx) => ({ articleId: r.article.id, idx, ...p })));
  await tx.query(
    `INSERT INTO verbatim_passages (id, article_id, idx, first_sentence, last_sentence, text_terms, title_terms, embedding)
     SELECT id, a, i, f, l, tt, ht, v::vector FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::text[]) AS u(id, a, i, f, l, tt, ht, v)
     ON CONFLICT DO NOTHING`,
    [
      passages.map((p) => p.id),
      passages.map((p) => p.articleId),
      passages.map((p) => p.idx),
      passages.map((p) => p.first),
      passages.map((p) => p.last),
      passages.map((p) => p.textTerms.length),
      passages.map((p) => p.titleTerms.length),
      passages.map((p) => (p.vector ? vectorLiteral(p.vector) : null)),
    ],
  );
  const postings: [string, number, string][] = [];
  for (const p of passages) {
    for (const t of p.textTerms) postings.push([t, FIELD.text, p.id]);
    for (const t of p.titleTerms) postings.push([t, FIELD.title, p.id]);
  }
  await tx.query(
    `INSERT INTO verbatim_postings (term, field, passage_id) SELECT * FROM unnest($1::text[], $2::smallint[], $3::text[]) ON CONFLICT DO NOTHING`,
    [postings.map((p) => p[0]), postings.map((p) => p[1]), postings.map((p) => p[2])],
  );
  const articleTerms = rows.flatMap((r) => [...r.sentenceTerms].map(([term, n]) => [term, r.article.id, n] as const));
  await tx.query(`INSERT INTO verbatim_article_terms (term, article_id, sentences) SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) ON CONFLICT DO NOTHING`, [
    articleTerms.map((t) => t[0]),
    articleTerms.map((t) => t[1]),
    articleTerms.map((t) => t[2]),
  ]);
  const vocabulary = [...new Set(articleTerms.map((t) => t[0]))].sort();
  await tx.query(`INSERT INTO verbatim_vocabulary (term) SELECT t FROM unnest($1::text[]) AS u(t) ORDER BY t COLLATE "C" ON CONFLICT DO NOTHING`, [vocabulary]);
  await tx.query(`INSERT INTO verbatim_batches (articles, passages, sentences, text_terms, title_terms) VALUES ($1, $2, $3, $4, $5)`, [
    rows.length,
    passages.length,
    sentences.length,
    passages.reduce((n, p) => n + p.textTerms.length, 0),
    passages.reduce((n, p) => n + p.titleTerms.length, 0),
  ]);
}

export interface RemoveSummary {
  removed: string[];
  /** Ids no article in the database has (never written, or already removed). */
  missing: string[];
}

/**
 * Removes articles with every index row of theirs, in one transaction, so a
 * reader sees them whole or gone. The totals drop by a batch of negative
 * counts (they are sums of batches), so BM25's averages and the article count
 * stay exact. Postings and per-article terms are deleted by primary key, from
 * the terms the article's own text gives (as they were written), never by a
 * scan of the tables. The vocabulary keeps the removed terms: it only serves
 * the near-spelling lookup, which finds nothing more for them, and deleting a
 * term could race with a writer adding another article that uses it.
 */
export async function removeArticles(db: SqlClient, ids: string[]): Promise<RemoveSummary> {
  const wanted = [...new Set(ids)].sort();
  return db.transaction(async (tx) => {
    // Locked in id order, as writers insert them, so two removers cannot both count one article out.
    const articles = await tx.query<{ id: string; title: string; text: string }>(
      "SELECT id, title, text FROM verbatim_articles WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE",
      [wanted],
    );
    const removed = articles.map((a) => a.id);
    const missing = wanted.filter((id) => !removed.includes(id));
    if (!removed.length) return { removed, missing };
    const sentences = await tx.query<{ article_id: string; idx: number; start_at: number; end_at: number }>(
      "SELECT article_id, idx, start_at, end_at FROM verbatim_sentences WHERE article_id = ANY($1::text[]) ORDER BY article_id, idx",
      [removed],
    );
    const passages = await tx.query<{ id: string; article_id: string; first_sentence: number; last_sentence: number; text_terms: number; title_terms: number }>(
      "SELECT id, article_id, first_sentence, last_sentence, text_terms, title_terms FROM verbatim_passages WHERE article_id = ANY($1::text[]) ORDER BY article_id, idx",
      [removed],
    );
    const postings: [string, number, string][] = [];
    const termRows: [string, string][] = [];
    for (const article of articles) {
      const spans = sentences.filter((s) => s.article_id === article.id).map((s) => [s.start_at, s.end_at] as const);
      const own = passages.filter((p) => p.article_id === article.id);
      const written = articleTerms(article, spans, own.map((p) => [p.first_sentence, p.last_sentence] as const));
      own.forEach((p, i) => {
        for (const t of new Set(written.passages[i].textTerms)) postings.push([t, FIELD.text, p.id]);
        for (const t of new Set(written.passages[i].titleTerms)) postings.push([t, FIELD.title, p.id]);
      });
      for (const t of written.sentenceTerms.keys()) termRows.push([t, article.id]);
    }
    await tx.query(
      `DELETE FROM verbatim_postings p USING unnest($1::text[], $2::smallint[], $3::text[]) AS u(term, field, passage_id)
       WHERE p.term = u.term AND p.field = u.field AND p.passage_id = u.passage_id`,
      [postings.map((p) => p[0]), postings.map((p) => p[1]), postings.map((p) => p[2])],
    );
    await tx.query(
      `DELETE FROM verbatim_article_terms t USING unnest($1::text[], $2::text[]) AS u(term, article_id) WHERE t.term = u.term AND t.article_id = u.article_id`,
      [termRows.map((t) => t[0]), termRows.map((t) => t[1])],
    );
    await tx.query("DELETE FROM verbatim_passages WHERE article_id = ANY($1::text[])", [removed]);
    await tx.query("DELETE FROM verbatim_sentences WHERE article_id = ANY($1::text[])", [removed]);
    await tx.query("DELETE FROM verbatim_articles WHERE id = ANY($1::text[])", [removed]);
    await tx.query(`INSERT INTO verbatim_batches (articles, passages, sentences, text_terms, title_terms) VALUES ($1, $2, $3, $4, $5)`, [
      -removed.length,
      -passages.length,
      -sentences.length,
      -passages.reduce((n, p) => n + Number(p.text_terms), 0),
      -passages.reduce((n, p) => n + Number(p.title_terms), 0),
    ]);
    return { removed, missing };
  });
}
