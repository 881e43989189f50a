/**
 * npm run db:migrate
 * Creates or updates the Verbatim schema in the PostgreSQL database
 * DATABASE_URL names (pgvector required). Idempotent; servers on
 * VERBATIM_STORE=postgres also run it on start.
 */
import { migrate, SCHEMA_VERSION } from "../core/postgres/schema.js";
import { openCorpus } from "../node/generations.js";
import { corpusPaths } from "../node/corpus-files.js";
import { databaseFromEnv } from "../node/database.js";

async function main() {
  const db = databaseFromEnv();
  try {
    // A fresh schema takes the dimension of the local index's vectors (the embedder the project ships).
    const dim = openCorpus(corpusPaths()).files.manifest.dim;
    const { applied } = await migrate(db, { dim });
    console.log(applied.length ? `applied migration(s) ${applied.join(", ")}; schema version ${SCHEMA_VERSION}` : `schema is up to date (version ${SCHEMA_VERSION})`);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(`db:migrate failed: ${error.message}`);
  process.exit(1);
});
