/**
 * On Workers with a `[[ratelimits]]` binding, the API limits through the
 * binding (wrangler's local mode simulates it in workerd), not the isolate's
 * memory: the in-memory limit here is far higher than the binding's, so only
 * the binding can refuse the fourth request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../helpers/worker.js";

const BINDING_LIMIT = 3;
let worker: LocalWorker;

beforeAll(async () => {
  worker = await startLocalWorker({ RATE_LIMIT_PER_MIN: "6000" }, { rateLimiter: { namespace_id: "1001", simple: { limit: BINDING_LIMIT, period: 60 } } });
}, 180_000);

afterAll(async () => {
  await worker?.dispose();
});

describe("the Worker with a Rate Limiting binding", () => {
  it("refuses a client over the binding's limit with the API's 429, and not other clients", async () => {
    const search = (client: string) => fetch(`${worker.origin}/api/search?q=UN+vote`, { headers: { "cf-connecting-ip": client } });
    for (let i = 0; i < BINDING_LIMIT; i++) {
      const ok = await search("192.0.2.1");
      expect(ok.status).toBe(200);
      // The in-memory limiter would have sent its RateLimit-* headers.
      expect(ok.headers.get("ratelimit-limit")).toBeNull();
    }
    const refused = await search("192.0.2.1");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(await refused.json()).toEqual({ error: { code: "rate_limited", message: "Too many requests; retry in 60s" } });
    expect((await search("192.0.2.2")).status).toBe(200);
  });

  it("does not limit paths the API leaves unlimited", async () => {
    for (let i = 0; i < BINDING_LIMIT + 2; i++) expect((await fetch(`${worker.origin}/api/health`)).status).toBe(200);
  });
});
