/**
 * Passage search in PostgreSQL, ranked as the local Orama index ranks (see
 * retrieve.ts and mergeHybrid): BM25 over the project's own tokens, scored in
 * SQL with Orama's formula and defaults, and the passage vectors searched by
 * pgvector's HNSW index (cosine).
 *
 * Orama's BM25, reproduced exactly: each passage is two fields, text and
 * title (title weighted by RETRIEVAL.titleBoost); a query term matches every
 * indexed word it is a prefix of; a field lists each word once, so tf is
 * 1 / field length; idf counts the passages whose field holds the word.
 */
import type { PassageHit, PassageQuery, PassageStore } from "../passage-store.js";
import { lexicalOnly, mergeHybrid } from "../passage-store.js";
import { RETRIEVAL } from "../retrieve.js";
import { dot } from "../embed/embedder.js";
import { terms } from "../text.js";
import { FIELD } from "./write.js";
import { sentVector, vectorLiteral, type SqlClient } from "./sql.js";

/** Orama's BM25 defaults (k1, b, and the BM25+ floor d). */
const BM25 = { k: 1.2, b: 0.75, d: 0.5 };

/**
 * Vector candidates fetched beside the lexical ones: the hybrid top `limit`
 * is merged from both lists, so each holds several times `limit`. pgvector's
 * HNSW returns at most hnsw.ef_search rows (40 by default), so the query
 * raises it to this count for itself: set_config(…, is_local) runs in the
 * LIMIT expression, which Postgres evaluates before the index scan's first
 * row — no session state, so it holds behind a transaction-mode pooler
 * (Hyperdrive, PgBouncer) too.
 */
export function vectorCandidates(limit: number): number {
  return Math.max(40, limit * 4);
}

/**
 * pgvector computes cosines in single precision (about 1e-7 off Orama's
 * double-precision value): enough to rank, but a passage this close to the
 * similarity floor is measured again exactly, in double precision summed in
 * order as Orama does, so it falls on the same side of the floor.
 */
const NEAR_THRESHOLD = 1e-5;

/** Local retrieval reports BM25 only for passages in its lexical top list of this length (retrieve.ts). */
function lexicalDepth(limit: number): number {
  return Math.max(limit * 4, 50);
}

const LEXICAL = `
  stats AS (
    SELECT coalesce(sum(passages), 0)::float8 AS n,
           sum(text_terms)::float8 / nullif(sum(passages), 0) AS avg_text,
           sum(title_terms)::float8 / nullif(sum(passages), 0) AS avg_title
    FROM verbatim_batches
  ),
  matched AS (
    SELECT p.field, p.passage_id, count(*) OVER (PARTITION BY q.token, p.field, p.term) AS occ
    FROM unnest($1::text[]) AS q(token)
    JOIN verbatim_postings p ON p.term >= q.token COLLATE "C" AND p.term < (q.token || chr(1114111)) COLLATE "C"
  ),
  lexical AS (
    SELECT m.passage_id,
      sum(
        ln(1 + (s.n - m.occ + 0.5) / (m.occ + 0.5))
        * (${BM25.d} + (1.0 / l.len) * ${BM25.k + 1})
        / ((1.0 / l.len) + ${BM25.k} * (1 - ${BM25.b} + ${BM25.b} * l.len / l.avg))
        * l.boost
      ) AS bm25
    FROM matched m
    JOIN verbatim_passages ps ON ps.id = m.passage_id
    CROSS JOIN stats s
    CROSS JOIN LATERAL (
      SELECT CASE m.field WHEN ${FIELD.title} THEN ps.title_terms ELSE ps.text_terms END::float8 AS len,
             CASE m.field WHEN ${FIELD.title} THEN s.avg_title ELSE s.avg_text END AS avg,
             CASE m.field WHEN ${FIELD.title} THEN ${RETRIEVAL.titleBoost} ELSE 1 END::float8 AS boost
    ) l
    GROUP BY m.passage_id, ps.article_id, ps.idx
  ),
  ranked AS (
    SELECT l.passage_id, l.bm25, row_number() OVER (ORDER BY l.bm25 DESC, ps.article_id, ps.idx) AS lexical_rank
    FROM lexical l JOIN verbatim_passages ps ON ps.id = l.passage_id
  )`;

interface Row {
  passage_id: string;
  bm25: number | null;
  lexical_rank: number | string | null;
  dot: number | null;
  cosine: number | null;
}

/**
 * One round trip: the lexical top list, the vector top list, and for every
 * passage in either its full BM25 and its cosine, so the merge below ranks
 * them exactly as Orama's hybrid search would.
 */
export async function searchPassages(db: SqlClient, { text, vector, limit, articleIds }: PassageQuery): Promise<PassageHit[]> {
  if (limit < 1) return [];
  const tokens = text.trim() ? terms(text) : [];
  if (articleIds) return searchArticles(db, tokens, vector, limit, articleIds);
  const depth = lexicalDepth(limit);
  if (!vector) {
    if (!tokens.length) return [];
    const rows = await db.query<Row>(`WITH ${LEXICAL} SELECT passage_id, bm25 FROM ranked WHERE lexical_rank <= $2 ORDER BY lexical_rank`, [tokens, Math.min(limit, depth)]);
    return lexicalOnly(rows.map((r) => ({ passageId: r.passage_id, bm25: Number(r.bm25) })), limit);
  }
  const rows = await db.query<Row>(
    `WITH ${LEXICAL},
     near AS (SELECT id FROM verbatim_passages ORDER BY embedding <=> $2::vector LIMIT (SELECT $4::int + 0 * length(set_config('hnsw.ef_search', $4::text, true)))),
     pool AS (SELECT passage_id AS id FROM ranked WHERE lexical_rank <= $3 UNION SELECT id FROM near)
     SELECT passage_id, bm25, lexical_rank, -negative_inner_product AS dot,
       CASE WHEN abs(cosine - ${RETRIEVAL.similarity}) < ${NEAR_THRESHOLD} THEN (
         SELECT sum(a * b) / ($6 * sqrt(sum(a * a))) FROM unnest(embedding::real[]::float8[], $5::float8[]) AS t(a, b)
       ) ELSE cosine END AS cosine
     FROM (
       SELECT pool.id AS passage_id, r.bm25, r.lexical_rank, ps.embedding, ps.embedding <#> $2::vector AS negative_inner_product, 1 - (ps.embedding <=> $2::vector) AS cosine
       FROM pool JOIN verbatim_passages ps ON ps.id = pool.id LEFT JOIN ranked r ON r.passage_id = pool.id
     ) c`,
    [tokens, vectorLiteral(vector), depth, vectorCandidates(limit), Array.from(vector), magnitude(vector)],
  );
  const byRank = (a: Row, b: Row) => Number(a.lexical_rank) - Number(b.lexical_rank);
  const lexical = rows.filter((r) => r.lexical_rank !== null).sort(byRank);
  const dotOf = new Map(rows.map((r) => [r.passage_id, Number(r.dot)]));
  const near = rows
    .filter((r) => Number(r.cosine) >= RETRIEVAL.similarity)
    .map((r) => ({ passageId: r.passage_id, cosine: Number(r.cosine) }))
    .sort((a, b) => b.cosine - a.cosine);
  const hits = mergeHybrid(
    lexical.map((r) => ({ passageId: r.passage_id, bm25: Number(r.bm25) })),
    near,
    limit,
  );
  // The hybrid score counts every passage's BM25; the raw BM25 reported is the local index's, which knows only its lexical top list.
  const inDepth = new Set(lexical.filter((r) => Number(r.lexical_rank) <= depth).map((r) => r.passage_id));
  // Orama ranks by cosine similarity; the engine reads the dot product of the unit vectors (retrieve.ts passageCosine), which the engine on Postgres recomputes exactly from the vectors it reads (corpus.ts).
  return hits.map((h) => ({ ...h, bm25: inDepth.has(h.passageId) ? h.bm25 : 0, cosine: dotOf.get(h.passageId) ?? null }));
}

/**
 * Within chosen articles, as the local index does it (retrieve.ts,
 * retrieveFromArticles): every passage of the scope is scored, BM25 over all
 * its matches and the exact cosine, merged on the scope's own maxima, so the
 * pool fills from the scope alone. Two round trips; a scope is at most 50
 * articles, so reading their passage vectors is cheap.
 */
async function searchArticles(db: SqlClient, tokens: string[], vector: Float32Array | null, limit: number, articleIds: readonly string[]): Promise<PassageHit[]> {
  const ids = [...new Set(articleIds)];
  const lexical = tokens.length
    ? (
        await db.query<Row>(
          `WITH ${LEXICAL} SELECT r.passage_id, r.bm25 FROM ranked r JOIN verbatim_passages ps ON ps.id = r.passage_id WHERE ps.article_id = ANY($2::text[]) ORDER BY r.lexical_rank`,
          [tokens, ids],
        )
      ).map((r) => ({ passageId: r.passage_id, bm25: Number(r.bm25) }))
    : [];
  if (!vector) return lexicalOnly(lexical, limit);
  const rows = await db.query<{ id: string; v: string }>(
    "SELECT id, encode(vector_send(embedding), 'hex') AS v FROM verbatim_passages WHERE article_id = ANY($1::text[])",
    [ids],
  );
  // The stored float32 values exactly (pgvector's binary form), summed in double as the local index does (dot), so cosines agree to the last bit.
  const cosines = new Map(rows.map((r) => [r.id, dot(vector, sentVector(r.v))]));
  const near = [...cosines].map(([passageId, cosine]) => ({ passageId, cosine })).filter((h) => h.cosine >= RETRIEVAL.similarity);
  return mergeHybrid(lexical, near, limit, { cosineOf: (id) => cosines.get(id) ?? null });
}

/** Sums in order, in double precision, as Orama and dot() do: the SQL above does the same, so values agree to the last bit. */
function magnitude(v: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  return Math.sqrt(sum);
}

export function postgresPassageStore(db: SqlClient, dim: number): PassageStore {
  return {
    name: "postgres",
    dim,
    search: (query) => searchPassages(db, query),
    close: () => db.close(),
  };
}
