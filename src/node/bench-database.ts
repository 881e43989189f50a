/**
 * The database each benchmark size loads into: by default a fresh PGlite
 * behind pglite-socket (nothing to install); with a server URL, a scratch
 * database created on that server for the size and dropped after it, so a
 * native PostgreSQL (with pgvector) can be measured without touching the
 * databases already there.
 */
import { randomBytes } from "node:crypto";
import { pgClient } from "../core/postgres/pg-client.js";
import { startPgliteServer, type LocalPostgres } from "./pglite-server.js";

/** Where the bench's PostgreSQL figures come from: "PGlite" or the server's host:port. */
export function benchDatabaseLabel(serverUrl: string | null): string {
  if (!serverUrl) return "PGlite (WebAssembly) via pglite-socket";
  const url = new URL(serverUrl);
  return `PostgreSQL server at ${url.hostname}:${url.port || "5432"}`;
}

export async function startBenchDatabase(serverUrl: string | null): Promise<LocalPostgres> {
  if (!serverUrl) return startPgliteServer();
  const name = `verbatim_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = pgClient(serverUrl, { max: 1 });
  try {
    // CREATE DATABASE takes no parameters; the name is made here of [a-z0-9_] only.
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async stop() {
      const drop = pgClient(serverUrl, { max: 1 });
      try {
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await drop.close();
      }
    },
  };
}
