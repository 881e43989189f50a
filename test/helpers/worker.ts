/**
 * Starts the Worker in workerd the way `npm run dev:edge` does, but local,
 * offline and without a file watcher, on a free port; for tests that call it
 * over HTTP.
 */
import { join } from "node:path";
import { expect } from "vitest";
import { unstable_startWorker } from "wrangler";
import { readFileSync } from "node:fs";
import { buildEdge, EDGE_FILES } from "../../src/cli/build-edge.js";
import { createEngine } from "../../src/core/engine.js";
import { openIndex } from "../../src/core/store.js";
import { wordSimilarityFromTable } from "../../src/core/word-similarity.js";
import { createStaticEmbedder } from "../../src/edge/static-embedder.js";
import { decodeTable } from "../../src/edge/static-table.js";
import { createApp } from "../../src/http/app.js";
import { corpusPaths, PROJECT_ROOT, readArticles, readIndex } from "../../src/node/corpus-files.js";

export interface LocalWorker {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  dispose(): Promise<void>;
}

/** A `[[ratelimits]]` binding, as wrangler.toml would configure it. */
export interface RateLimitBindingConfig {
  namespace_id: string;
  simple: { limit: number; period: 10 | 60 };
}

/** `env`: a wrangler.toml environment (e.g. "postgres"); `rateLimiter`: a RATE_LIMITER binding to add. */
export async function startLocalWorker(settings: Record<string, string>, options: { env?: string; rateLimiter?: RateLimitBindingConfig } = {}): Promise<LocalWorker> {
  const { rateLimiter } = options;
  // Offline: no usage metrics, no fetch of the Request.cf object from Cloudflare.
  process.env.WRANGLER_SEND_METRICS = "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  // What wrangler.toml's [build] command does, run here once: its file watcher
  // would otherwise rebuild and restart the Worker mid-test.
  await buildEdge(() => {});
  const worker = await unstable_startWorker({
    config: join(PROJECT_ROOT, "wrangler.toml"),
    ...(options.env ? { env: options.env } : {}),
    // `wrangler dev` derives the Node.js compatibility mode from wrangler.toml (nodejs_compat); unstable_startWorker takes it as input.
    build: { custom: { command: "" }, nodejsCompatMode: "v2" },
    bindings: {
      ...Object.fromEntries(Object.entries(settings).map(([k, value]) => [k, { type: "plain_text" as const, value }])),
      ...(rateLimiter ? { RATE_LIMITER: { type: "ratelimit", ...rateLimiter } as never } : {}),
    },
    dev: { remote: false, inspector: false, persist: false, watch: false, logLevel: "error", server: { hostname: "127.0.0.1", port: 0 } },
  });
  await worker.ready;
  const origin = (await worker.url).origin;
  return { origin, dispose: () => worker.dispose() };
}

/**
 * The Node side of a Worker comparison: the same app, over the committed
 * index read from disk, with the edge's static query embedder; the one token
 * table gives the query embedder and the ranker's word meanings, as on the Worker.
 */
export async function staticEmbedderNodeApp(settings: Record<string, string>): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
  const paths = corpusPaths();
  const [files, articles] = await Promise.all([readIndex(paths), readArticles(paths)]);
  const table = decodeTable(readFileSync(EDGE_FILES.table));
  const engine = createEngine(openIndex(files, articles), createStaticEmbedder(table), { words: wordSimilarityFromTable(table) });
  const app = createApp({ getEngine: () => engine, env: settings, log: () => {} });
  return async (path, init) => app.request(path, init);
}

/** An answer without what differs between two runs: timings (by machine) and the per-answer random answerId. */
export function withoutTimings(body: any) {
  const { timings, answerId, ...rest } = body;
  expect(timings).toBeTypeOf("object");
  expect(answerId).toMatch(/^[0-9a-f-]{36}$/);
  return rest;
}
