/**
 * SqlClients for the PostgreSQL store (core/postgres/sql.ts): `pg` for a real
 * server (DATABASE_URL), and PGlite — Postgres compiled to WebAssembly, with
 * pgvector — for tests and a database in a local directory.
 */
import pg from "pg";
import type { SqlClient } from "../core/postgres/sql.js";

/**
 * pgvector's HNSW returns at most hnsw.ef_search rows (default 40); the
 * store asks for up to 4 × the candidate pool, so each connection raises it.
 */
export const EF_SEARCH = 200;

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
  const prepared = new WeakSet<pg.PoolClient>();
  /** A pooled connection with the store's session settings applied once. */
  const connect = async () => {
    const client = await pool.connect();
    if (!prepared.has(client)) {
      await client.query(`SET hnsw.ef_search = ${EF_SEARCH}`);
      prepared.add(client);
    }
    return client;
  };
  const nested = (client: pg.PoolClient): SqlClient =>
    clientOf(client, (work) => work(nested(client)), async () => {});
  const onConnection: Queryable = {
    async query(text, params) {
      const client = await connect();
      try {
        return await client.query(text, params);
      } finally {
        client.release();
      }
    },
  };
  return clientOf(
    onConnection,
    async (work) => {
      const client = await connect();
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
  await db.exec(`CREATE EXTENSION IF NOT EXISTS vector; SET hnsw.ef_search = ${EF_SEARCH};`);
  type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];
  const inTx = (tx: Tx): SqlClient => clientOf(tx, (work) => work(inTx(tx)), async () => {});
  const client = clientOf(db, (work) => db.transaction((tx) => work(inTx(tx))), () => db.close());
  return Object.assign(client, { pglite: db });
}
