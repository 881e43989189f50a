/**
 * Cloudflare Workers entry over PostgreSQL, through a Hyperdrive binding
 * (wrangler.toml, [env.postgres]): `wrangler dev --env postgres`,
 * `wrangler deploy --env postgres`. No corpus is bundled, so the deployment
 * is not limited by the bundle size; each request reads what it needs from the
 * database (core/postgres/), with the static query embedder of the edge
 * embedding the question here. The same Hono app as on Node and the
 * embedded Worker (worker.ts).
 *
 * Connections cannot outlive the request that opened them on Workers, so
 * each request opens one through Hyperdrive (which pools the connections to
 * the database) and closes it when the response is sent.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { ExecutionContext } from "hono";
import table from "./edge/use-lite-static.bin";
import { createApp } from "./http/app.js";
import { edgeQueryParts } from "./edge/engine.js";
import { openPostgresCorpus } from "./core/postgres/corpus.js";
import { createPostgresEngine } from "./core/postgres/engine.js";
import { pgClient } from "./core/postgres/pg-client.js";
import type { SqlClient } from "./core/postgres/sql.js";

/** Bindings: the Hyperdrive binding, vars and secrets, and the assets binding. */
export type Env = { HYPERDRIVE: { connectionString: string } } & Record<string, unknown>;

function settings(env: Env): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/** The request's database connection, for the engine the app asks for. */
const requestDb = new AsyncLocalStorage<SqlClient>();

let app: ReturnType<typeof createApp> | undefined;

function createWorkerApp(env: Env) {
  const vars = settings(env);
  const parts = edgeQueryParts(table, { embedder: vars.VERBATIM_EMBEDDER });
  const { embedder, ...options } = parts;
  return createApp({
    async getEngine() {
      const db = requestDb.getStore();
      if (!db) throw new Error("no database connection for this request");
      return createPostgresEngine(await openPostgresCorpus(db), embedder, options);
    },
    env: vars,
  });
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    app ??= createWorkerApp(env);
    const db = pgClient(env.HYPERDRIVE.connectionString, { max: 1 });
    try {
      return await requestDb.run(db, () => app!.fetch(request, env, ctx));
    } finally {
      ctx.waitUntil(db.close());
    }
  },
};
