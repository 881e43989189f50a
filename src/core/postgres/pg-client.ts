/**
 * The store's SqlClient over the `pg` driver: a server named by a connection
 * string (DATABASE_URL on Node; a Hyperdrive binding's connectionString on
 * Workers, where pg runs with nodejs_compat). Runtime-agnostic.
 */
import pg from "pg";
import { clientOf, type SqlClient } from "./sql.js";

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

