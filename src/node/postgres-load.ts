/**
 * Copies the local corpus — the generation CURRENT names, articles and index
 * with its vectors — into PostgreSQL, nothing re-embedded, in transactional
 * batches. Idempotent: articles already in the database are skipped whole.
 */
import { migrate } from "../core/postgres/schema.js";
import type { SqlClient } from "../core/postgres/sql.js";
import { checkMeta, indexRows, writeRows } from "../core/postgres/write.js";
import { corpusPaths, type CorpusPaths } from "./corpus-files.js";
import { openCorpus } from "./generations.js";

/** Articles per transaction: big enough to amortise round trips, small enough to keep each commit short. */
export const LOAD_BATCH = 100;

export interface LoadSummary {
  written: number;
  skipped: number;
  batches: number;
}

export async function loadLocalCorpus(
  db: SqlClient,
  options: {
    paths?: CorpusPaths;
    batch?: number;
    onBatch?: (done: number, total: number) => void;
    /** Articles to leave out (the benchmark adds them later, as an ingest would). */
    skip?: Set<string>;
  } = {},
): Promise<LoadSummary> {
  const opened = openCorpus(options.paths ?? corpusPaths());
  const { files, articles } = opened;
  await migrate(db, { dim: files.manifest.dim });
  await checkMeta(db, files);
  const rows = indexRows(files, articles).filter((r) => !options.skip?.has(r.article.id));
  const size = options.batch ?? LOAD_BATCH;
  const summary: LoadSummary = { written: 0, skipped: 0, batches: 0 };
  for (let i = 0; i < rows.length; i += size) {
    const done = await writeRows(db, rows.slice(i, i + size));
    summary.written += done.written.length;
    summary.skipped += done.skipped.length;
    summary.batches++;
    options.onBatch?.(Math.min(i + size, rows.length), rows.length);
  }
  return summary;
}
