/**
 * SqlClients for the PostgreSQL store (core/postgres/sql.ts): `pg` for a real
 * server (DATABASE_URL), and PGlite — Postgres compiled to WebAssembly, with
 * pgvector — for tests and a database in a local directory.
 */
import pg from "pg";
import type { SqlClient } from "../core/postgres/sql.js";

type Queryable = { query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }> };

function clientOf(q: Queryable, transaction: SqlClient["transaction"], close: () => Promise<void>): SqlClient {
  return {
    async query<Row>(text: string, params?: unknown[]) {
      return (await q.query(text, params)).rows as Row[];
    },
    transaction,
    close,
  };
}

/** A pool of connections to the server named by `url` (postgres://user:pass@host:port/db). */
export function pgClient(url: string, options: { max?: number } = {}): SqlClient {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4 });
  const nested = (client: pg.PoolClient): SqlClient =>
    clientOf(client, (work) => work(nested(client)), async () => {});
  return clientOf(
    pool,
    async (work) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(nested(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    () => pool.end(),
  );
}

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
