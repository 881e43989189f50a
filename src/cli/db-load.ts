/**
 * npm run db:load
 * Copies the local corpus (corpus/, the generation CURRENT names: articles,
 * index and vectors — nothing is re-embedded) into the PostgreSQL database
 * DATABASE_URL names, one transaction per batch. Idempotent: run it again
 * and it skips what is there.
 */
import { databaseFromEnv } from "../node/database.js";
import { loadLocalCorpus } from "../node/postgres-load.js";

async function main() {
  const db = databaseFromEnv();
  const started = performance.now();
  try {
    const summary = await loadLocalCorpus(db, { onBatch: (done, total) => process.stderr.write(`\r${done}/${total} articles`) });
    process.stderr.write("\n");
    console.log(`${summary.written} article(s) written, ${summary.skipped} already there, ${summary.batches} batch(es), ${Math.round(performance.now() - started)} ms`);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(`db:load failed: ${error.message}`);
  process.exit(1);
});
