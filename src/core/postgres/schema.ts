/**
 * The Verbatim schema in PostgreSQL: standard SQL plus pgvector, so any
 * managed Postgres that offers pgvector will do (Neon, Supabase, RDS,
 * Cloud SQL, Citus).
 *
 *   verbatim_articles    one row per article (content-hash id), with its outlet's terms
 *   verbatim_sentences   sentence offsets and their vectors (float32 bytes: read, never searched)
 *   verbatim_passages    passage offsets, BM25 field lengths, and the vector(dim) searched by HNSW (cosine)
 *   verbatim_postings    term → passage, per field (text, title): BM25 exactly as the local Orama index scores it
 *   verbatim_article_terms  term → article → sentences holding it: the sentence document frequency the ranker reads
 *   verbatim_vocabulary  every term once, for the near-spelling lookup of names
 *   verbatim_batches     one row per committed write: corpus totals are their sums, so writers never contend on a counter
 *   verbatim_meta        what built the vectors (embedder, dimension, chunking)
 *
 * Migrations are numbered and recorded in verbatim_migrations; each runs in
 * its own transaction, once, so running them again changes nothing.
 */
import type { SqlClient } from "./sql.js";

export class SchemaError extends Error {}

const MISSING_PGVECTOR =
  'the pgvector extension is not available in this database; install it (on managed Postgres: enable "vector", e.g. `CREATE EXTENSION vector;` as an owner) and retry';

/** Migrations in order; the vector dimension is fixed when the schema is created. */
function migrations(dim: number): { version: number; sql: string }[] {
  return [
    {
      version: 1,
      sql: `
CREATE TABLE verbatim_meta (key text PRIMARY KEY, value jsonb NOT NULL);
CREATE TABLE verbatim_articles (
  id text PRIMARY KEY,
  title text NOT NULL,
  source text,
  date text,
  url text,
  text text NOT NULL,
  -- The text's length in UTF-16 code units, as the API reports it (Postgres counts code points).
  chars int NOT NULL,
  source_terms text[] NOT NULL
);
CREATE INDEX verbatim_articles_source_terms ON verbatim_articles USING gin (source_terms) WHERE cardinality(source_terms) > 0;
CREATE TABLE verbatim_sentences (
  article_id text NOT NULL REFERENCES verbatim_articles (id),
  idx int NOT NULL,
  start_at int NOT NULL,
  end_at int NOT NULL,
  embedding bytea,
  PRIMARY KEY (article_id, idx)
);
CREATE TABLE verbatim_passages (
  id text PRIMARY KEY,
  article_id text NOT NULL REFERENCES verbatim_articles (id),
  idx int NOT NULL,
  first_sentence int NOT NULL,
  last_sentence int NOT NULL,
  text_terms int NOT NULL,
  title_terms int NOT NULL,
  embedding vector(${dim}),
  UNIQUE (article_id, idx)
);
CREATE INDEX verbatim_passages_embedding ON verbatim_passages USING hnsw (embedding vector_cosine_ops);
CREATE TABLE verbatim_postings (
  term text COLLATE "C" NOT NULL,
  field smallint NOT NULL,
  passage_id text NOT NULL,
  PRIMARY KEY (term, field, passage_id)
);
CREATE TABLE verbatim_article_terms (
  term text COLLATE "C" NOT NULL,
  article_id text NOT NULL,
  sentences int NOT NULL,
  PRIMARY KEY (term, article_id)
);
CREATE TABLE verbatim_vocabulary (term text COLLATE "C" PRIMARY KEY);
CREATE TABLE verbatim_batches (
  id bigserial PRIMARY KEY,
  articles int NOT NULL,
  passages int NOT NULL,
  sentences int NOT NULL,
  text_terms bigint NOT NULL,
  title_terms bigint NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);`,
    },
  ];
}

export const SCHEMA_VERSION = 1;

/** USE-lite's dimension: a fresh schema's vectors when no embedder has loaded to say otherwise. */
export const DEFAULT_VECTOR_DIM = 512;

/**
 * Brings the schema up to date: creates pgvector if it can (a clear error if
 * the database has none), then applies each migration not yet recorded.
 * Concurrent callers are serialised by the primary key of the record: the
 * loser's transaction fails and it re-reads what is applied.
 */
export async function migrate(db: SqlClient, options: { dim: number }): Promise<{ applied: number[] }> {
  try {
    await db.query("CREATE EXTENSION IF NOT EXISTS vector");
  } catch (error) {
    const code = (error as { code?: string }).code;
    // 0A000: not available in this build; 58P01: no such file; 42501: not allowed to create it.
    if (code === "0A000" || code === "58P01" || /extension "vector"/.test((error as Error).message)) throw new SchemaError(MISSING_PGVECTOR);
    throw error;
  }
  await db.query("CREATE TABLE IF NOT EXISTS verbatim_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
  const applied: number[] = [];
  for (const m of migrations(options.dim)) {
    const done = await db.query("SELECT 1 FROM verbatim_migrations WHERE version = $1", [m.version]);
    if (done.length) continue;
    await db.transaction(async (tx) => {
      const inserted = await tx.query("INSERT INTO verbatim_migrations (version) VALUES ($1) ON CONFLICT DO NOTHING RETURNING version", [m.version]);
      if (!inserted.length) return;
      for (const statement of m.sql.split(/;\s*$/m).map((s) => s.trim()).filter(Boolean)) await tx.query(statement);
      applied.push(m.version);
    });
  }
  return { applied };
}

/** What built the vectors in this database, as recorded by the first writer. */
export interface StoreMeta {
  format: number;
  embedder: string | null;
  dim: number;
  chunking: { passageSize: number; overlap: number };
}

/** Records `meta` if the database has none yet; returns what the database holds, for the caller to compare. */
export async function claimMeta(db: SqlClient, meta: StoreMeta): Promise<StoreMeta> {
  await db.query("INSERT INTO verbatim_meta (key, value) VALUES ('index', $1) ON CONFLICT DO NOTHING", [JSON.stringify(meta)]);
  return (await readMeta(db))!;
}

export async function readMeta(db: SqlClient): Promise<StoreMeta | null> {
  const rows = await db.query<{ value: StoreMeta | string }>("SELECT value FROM verbatim_meta WHERE key = 'index'");
  if (!rows.length) return null;
  const value = rows[0].value;
  return typeof value === "string" ? (JSON.parse(value) as StoreMeta) : value;
}
