/**
 * A PostgreSQL server for tests: PGlite (Postgres compiled to WebAssembly,
 * with pgvector) behind @electric-sql/pglite-socket, on a free port, so the
 * `pg` driver, child processes and workerd reach it over the wire exactly as
 * they would a real server. Nothing to install by hand.
 */
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface TestPostgres {
  /** postgres://… for DATABASE_URL. */
  url: string;
  stop(): Promise<void>;
}

export async function startPostgresServer(): Promise<TestPostgres> {
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
