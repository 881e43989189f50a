/**
 * Node entry: `npm start`. Loads the committed index and the query model once,
 * then serves the web chat (web/) and the API on http://localhost:$PORT.
 */
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { serveStatic } from "@hono/node-server/serve-static";
import { relative, join } from "node:path";
import { Hono } from "hono";
import { createApp } from "../http/app.js";
import { notFound } from "../http/middleware/errors.js";
import { WIDGET_ASSET_PATHS, widgetAssetHeaders } from "../http/middleware/security.js";
import { loadEngine } from "../node/load-engine.js";
import { corpusPaths, PROJECT_ROOT } from "../node/corpus-files.js";
import { watchIndex } from "../node/index-watcher.js";
import { questionLogFromEnv } from "../node/question-log.js";
import { shown } from "../node/paths.js";
import { installGracefulShutdown } from "./graceful-shutdown.js";
import { drainingFetch } from "./drain-request.js";
import type { ServingEngine } from "../core/engine.js";
import { loadServingEngine, storeFromEnv } from "../node/database.js";

export async function startServer(options: { port?: number; hostname?: string } = {}) {
  const started = performance.now();
  const store = storeFromEnv();
  let engine: ServingEngine = (await loadServingEngine()).engine;
  const questionLog = questionLogFromEnv(process.env);
  if (questionLog) console.error(`verbatim: keeping questions and feedback in ${shown(questionLog.settings.path)} (${questionLog.settings.retentionDays} days)`);
  const api = createApp({
    getEngine: () => engine,
    env: process.env,
    clientKey: (c) => getConnInfo(c).remote.address,
    // A database store has nothing to reload: every question reads the database as it is.
    reload: async () => (store === "local" ? (engine = await loadEngine()) : engine).health(),
    ...(questionLog ? { questionLog } : {}),
  });
  if (store === "local" && process.env.VERBATIM_WATCH_INDEX === "1")
    watchIndex(corpusPaths(), async () => console.error(`verbatim: index reloaded: ${JSON.stringify((engine = await loadEngine()).health())}`));
  const webRoot = relative(process.cwd(), join(PROJECT_ROOT, "web")) || ".";
  const app = new Hono();
  app.notFound(notFound);
  // Before the API's middleware, so its headers are final (see widgetAssetHeaders).
  for (const path of WIDGET_ASSET_PATHS) app.use(path, widgetAssetHeaders());
  app.route("/", api);
  // Header rules for Workers static assets (see wrangler.toml); here the middleware sends those headers.
  app.get("/_headers", notFound);
  app.use("/*", serveStatic({ root: webRoot }));
  app.get("/", serveStatic({ path: join(webRoot, "index.html") }));

  const port = options.port ?? Number(process.env.PORT ?? 8787);
  const hostname = options.hostname ?? process.env.HOST ?? "0.0.0.0";
  const server = serve({ fetch: drainingFetch((request, env) => app.fetch(request, env)), port, hostname }, async (info) => {
    const health = await engine.health();
    console.log(
      `Verbatim on http://localhost:${info.port} — ${health.articles} articles, ${health.passages} passages (${store} store), embedder ${health.embedder}, ready in ${Math.round(performance.now() - started)} ms`,
    );
  });
  installGracefulShutdown(server);
  return { server, app, setEngine: (next: ServingEngine) => (engine = next) };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("src/server/node.ts")) {
  startServer().catch((error) => {
    console.error(`verbatim: could not start: ${error.message}`);
    process.exit(1);
  });
}
