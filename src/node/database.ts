/**
 * Which store serves: the embedded local index (default), or PostgreSQL when
 * VERBATIM_STORE=postgres, at DATABASE_URL. Every command that loads an
 * engine (start, ask, eval) goes through loadServingEngine.
 */
import type { ServingEngine } from "../core/engine.js";
import type { SqlClient } from "../core/postgres/sql.js";
import { loadEngine, loadPostgresEngine, type LoadOptions } from "./load-engine.js";
import { pgClient } from "../core/postgres/pg-client.js";

export const STORES = ["local", "postgres"] as const;
export type StoreName = (typeof STORES)[number];

export class StoreConfigError extends Error {}

export function storeFromEnv(env: Record<string, string | undefined> = process.env): StoreName {
  const name = env.VERBATIM_STORE?.trim() || "local";
  if (!(STORES as readonly string[]).includes(name)) throw new StoreConfigError(`VERBATIM_STORE=${name} is not one of ${STORES.join(", ")}`);
  return name as StoreName;
}

/** The database DATABASE_URL names (postgres://user:password@host:port/database). */
export function databaseFromEnv(env: Record<string, string | undefined> = process.env): SqlClient {
  const url = env.DATABASE_URL?.trim();
  if (!url) throw new StoreConfigError("DATABASE_URL is not set; set it to postgres://user:password@host:5432/database");
  if (!/^postgres(ql)?:\/\//.test(url)) throw new StoreConfigError("DATABASE_URL must start with postgres:// (or postgresql://)");
  return pgClient(url);
}

/** The engine of the configured store, and how to release it. */
export async function loadServingEngine(options: LoadOptions = {}, env: Record<string, string | undefined> = process.env): Promise<{ engine: ServingEngine; close(): Promise<void> }> {
  if (storeFromEnv(env) === "local") return { engine: await loadEngine(options), close: async () => {} };
  const db = databaseFromEnv(env);
  try {
    return { engine: await loadPostgresEngine(db, options), close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}
