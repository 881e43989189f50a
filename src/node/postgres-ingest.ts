/**
 * `npm run ingest` into PostgreSQL (VERBATIM_STORE=postgres): new articles
 * are chunked and embedded here — only their texts, nothing already in the
 * database — and written in batches, one transaction each (core/postgres/write.ts).
 * A killed ingest leaves every batch before it committed and readable, and
 * nothing of the batch it was in; run it again and it carries on, skipping
 * what is there. Several machines may ingest into the same database at once.
 * Articles to remove go first, in a transaction of their own (core/postgres/write.ts).
 */
import type { Embedder } from "../core/embed/embedder.js";
import { DEFAULT_VECTOR_DIM, migrate } from "../core/postgres/schema.js";
import type { SqlClient } from "../core/postgres/sql.js";
import { removeArticles, writeBatch } from "../core/postgres/write.js";
import { buildIndex } from "../core/store.js";
import type { EmbeddingCache } from "./embedding-cache.js";
import { cachedEmbedTexts, emptyEmbedStats, type EmbedStats } from "./index-update.js";
import type { ParsedArticle } from "./ingest-files.js";

/** Articles per transaction when ingesting; VERBATIM_INGEST_BATCH overrides. */
export const INGEST_BATCH = 50;

export interface PostgresIngestOutcome {
  /** Ids removed (options.remove), and those no article in the database had. */
  removed: string[];
  missing: string[];
  written: ParsedArticle[];
  /** Already in the database (or written by another ingest meanwhile): nothing written. */
  unchanged: ParsedArticle[];
  batches: number;
  stats: EmbedStats;
}

export interface PostgresIngestOptions {
  embedder: Embedder | null;
  cache?: EmbeddingCache | null;
  batch?: number;
  /** Article ids to delete first, in one transaction ("--remove <old id> new.txt" replaces an article). */
  remove?: string[];
  /** Called after each batch commits. */
  onBatch?: (committed: { batch: number; batches: number; written: number; skipped: number }) => void;
}

export async function ingestIntoPostgres(db: SqlClient, parsed: ParsedArticle[], options: PostgresIngestOptions): Promise<PostgresIngestOutcome> {
  const { embedder } = options;
  await migrate(db, { dim: embedder?.dim ?? DEFAULT_VECTOR_DIM });
  const { removed, missing } = options.remove?.length ? await removeArticles(db, options.remove) : { removed: [], missing: [] };
  const present = new Set(
    (await db.query<{ id: string }>("SELECT id FROM verbatim_articles WHERE id = ANY($1::text[])", [parsed.map((p) => p.article.id)])).map((r) => r.id),
  );
  const outcome: PostgresIngestOutcome = { removed, missing, written: [], unchanged: parsed.filter((p) => present.has(p.article.id)), batches: 0, stats: emptyEmbedStats() };
  const fresh = parsed.filter((p) => !present.has(p.article.id));
  const size = Math.max(1, options.batch ?? INGEST_BATCH);
  const batches = Math.ceil(fresh.length / size);
  const embedTexts = embedder ? cachedEmbedTexts(embedder, { cache: options.cache, stats: outcome.stats }) : undefined;
  for (let i = 0; i < fresh.length; i += size) {
    const batch = fresh.slice(i, i + size);
    const articles = batch.map((p) => p.article);
    const { files } = await buildIndex(articles, embedder, embedTexts ? { embedTexts } : {});
    const { written } = await writeBatch(db, files, articles);
    const mine = new Set(written);
    outcome.written.push(...batch.filter((p) => mine.has(p.article.id)));
    outcome.unchanged.push(...batch.filter((p) => !mine.has(p.article.id)));
    outcome.batches++;
    options.onBatch?.({ batch: outcome.batches, batches, written: written.length, skipped: batch.length - written.length });
  }
  return outcome;
}
