/**
 * A PostgreSQL server for tests and the benchmark: PGlite (Postgres compiled
 * to WebAssembly, with pgvector) behind @electric-sql/pglite-socket, on a
 * free port, so the `pg` driver, child processes and workerd reach it over
 * the wire as they would a real server. Dev dependencies only.
 */
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface LocalPostgres {
  /** postgres://… for DATABASE_URL. */
  url: string;
  stop(): Promise<void>;
}

export async function startPgliteServer(): Promise<LocalPostgres> {
  const db = await PGlite.create({ extensions: { vector } });
  await db.exec("CREATE EXTENSION IF NOT EXISTS vector");
  // Several clients at once (a server's pool, ingest processes); queries are queued, a transaction keeps its connection's turn.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 });
  await server.start();
  const port = server.getServerConn().split(":").pop();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
