/**
 * PGlite — Postgres compiled to WebAssembly, with pgvector — as the store's
 * SqlClient (core/postgres/sql.ts), in-process: for tests, and a database
 * in a local directory. A real server is reached with core/postgres/pg-client.ts.
 */
import { clientOf, type SqlClient } from "../core/postgres/sql.js";

/** PGlite with pgvector, in memory (no dataDir) or in a directory. */
export async function pgliteClient(options: { dataDir?: string } = {}): Promise<SqlClient & { pglite: import("@electric-sql/pglite").PGlite }> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const db = await PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), extensions: { vector } });
  await db.exec("CREATE EXTENSION IF NOT EXISTS vector");
  type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];
  const inTx = (tx: Tx): SqlClient => clientOf(tx, (work) => work(inTx(tx)), async () => {});
  const client = clientOf(db, (work) => db.transaction((tx) => work(inTx(tx))), () => db.close());
  return Object.assign(client, { pglite: db });
}
