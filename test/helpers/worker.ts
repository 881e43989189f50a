/**
 * Starts the Worker in workerd the way `npm run dev:edge` does, but local,
 * offline and without a file watcher, on a free port; for tests that call it
 * over HTTP.
 */
import { join } from "node:path";
import { unstable_startWorker } from "wrangler";
import { buildEdge } from "../../src/cli/build-edge.js";
import { PROJECT_ROOT } from "../../src/node/corpus-files.js";

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

export async function startLocalWorker(settings: Record<string, string>, rateLimiter?: RateLimitBindingConfig): Promise<LocalWorker> {
  // Offline: no usage metrics, no fetch of the Request.cf object from Cloudflare.
  process.env.WRANGLER_SEND_METRICS = "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  // What wrangler.toml's [build] command does, run here once: its file watcher
  // would otherwise rebuild and restart the Worker mid-test.
  await buildEdge(() => {});
  const worker = await unstable_startWorker({
    config: join(PROJECT_ROOT, "wrangler.toml"),
    build: { custom: { command: "" } },
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
