/**
 * Cloudflare Workers entry: `npm run dev:edge` (workerd, locally) and
 * `npm run deploy`. The same Hono app as on Node; static files (web/) are
 * Workers assets served before this code runs (wrangler.toml sends only
 * /api/* here first).
 *
 * The corpus, the index and the static query-embedding table are bundled as
 * modules (dist/edge/, written by `npm run build:edge`, which wrangler runs
 * before each build). The engine is built from them on the first request and
 * kept for the isolate's life; module evaluation does nothing heavy, so
 * start-up stays far inside Workers' limit.
 *
 * The edge keeps no question log (docs/editor-view.md): answers still carry
 * an answerId and POST /api/feedback is validated and answered
 * `recorded: false`, and there is no gaps report, until a store (a KV or D1
 * binding implementing core/question-log.ts's QuestionLog) is passed here.
 */
import type { ExecutionContext } from "hono";
import corpus from "../dist/edge/corpus.txt";
import vectors from "../dist/edge/vectors.bin";
import table from "./edge/use-lite-static.bin";
import { createApp } from "./http/app.js";
import { isRateLimitBinding } from "./http/middleware/rate-limit.js";
import { createEdgeEngine, lazyEngine } from "./edge/engine.js";

/** Bindings: vars and secrets from wrangler.toml / the dashboard, the assets binding, and an optional rate limiter. */
export type Env = Record<string, unknown>;

/** String bindings only: the app reads settings such as RATE_LIMIT_PER_MIN from them. */
function settings(env: Env): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

let app: ReturnType<typeof createApp> | undefined;

/** The `[[ratelimits]]` binding named RATE_LIMITER, when wrangler.toml configures one (see there). */
const RATE_LIMIT_BINDING = "RATE_LIMITER";

function createWorkerApp(env: Env) {
  const vars = settings(env);
  const getEngine = lazyEngine(() => createEdgeEngine({ corpus, vectors, table }, { embedder: vars.VERBATIM_EMBEDDER }).engine);
  const binding = env[RATE_LIMIT_BINDING];
  return createApp({ getEngine, env: vars, ...(isRateLimitBinding(binding) ? { rateLimitBinding: binding } : {}) });
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    // Bindings arrive with the first request and are fixed for the isolate's life.
    app ??= createWorkerApp(env);
    return app.fetch(request, env, ctx);
  },
};
