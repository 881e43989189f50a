import { describe, expect, it, vi } from "vitest";
import { Hono } from "hono";
import {
  bindingRateLimit,
  defaultClientKey,
  rateLimit,
  rateLimitFromEnv,
  TokenBuckets,
  type RateLimitOptions,
} from "../../../src/http/middleware/rate-limit.js";

function limitedApp(options: Omit<RateLimitOptions, "now">) {
  const clock = { t: 1_000_000 };
  const app = new Hono();
  app.use(rateLimit({ ...options, now: () => clock.t }));
  app.get("/", (c) => c.text("ok"));
  const hit = (headers: Record<string, string> = {}) => app.request("/", { headers });
  return { app, clock, hit };
}

describe("rateLimit", () => {
  it("allows a burst, then answers 429 with Retry-After and the error shape", async () => {
    const { hit } = limitedApp({ perMinute: 60, burst: 3 });
    for (let i = 0; i < 3; i++) {
      const res = await hit();
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("3");
      expect(res.headers.get("ratelimit-remaining")).toBe(String(2 - i));
    }
    const limited = await hit();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    const body = await limited.json();
    expect(body.error.code).toBe("rate_limited");
  });

  it("refills at the sustained rate", async () => {
    const { hit, clock } = limitedApp({ perMinute: 6, burst: 1 }); // one token every 10 s
    expect((await hit()).status).toBe(200);
    const limited = await hit();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("10");

    clock.t += 9_000;
    const stillLimited = await hit();
    expect(stillLimited.status).toBe(429);
    expect(stillLimited.headers.get("retry-after")).toBe("1");

    clock.t += 1_000;
    expect((await hit()).status).toBe(200);
  });

  it("never reports a Retry-After below 1 second", async () => {
    const { hit, clock } = limitedApp({ perMinute: 6000, burst: 1 }); // a token every 10 ms
    expect((await hit()).status).toBe(200);
    clock.t += 5;
    const limited = await hit();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
  });

  it("keeps separate buckets per client", async () => {
    const { hit } = limitedApp({ perMinute: 60, burst: 1 });
    expect((await hit({ "cf-connecting-ip": "192.0.2.1" })).status).toBe(200);
    expect((await hit({ "cf-connecting-ip": "192.0.2.1" })).status).toBe(429);
    expect((await hit({ "cf-connecting-ip": "192.0.2.2" })).status).toBe(200);
  });

  it("ignores X-Forwarded-For unless trustProxy is set, and then uses its first hop", async () => {
    const untrusted = limitedApp({ perMinute: 60, burst: 1 });
    expect((await untrusted.hit({ "x-forwarded-for": "198.51.100.1" })).status).toBe(200);
    // A spoofed, different XFF must not buy a fresh bucket.
    expect((await untrusted.hit({ "x-forwarded-for": "198.51.100.2" })).status).toBe(429);

    const trusted = limitedApp({ perMinute: 60, burst: 1, trustProxy: true });
    expect((await trusted.hit({ "x-forwarded-for": "198.51.100.1, 10.0.0.1" })).status).toBe(200);
    expect((await trusted.hit({ "x-forwarded-for": "198.51.100.1, 10.0.0.2" })).status).toBe(429);
    expect((await trusted.hit({ "x-forwarded-for": "198.51.100.2, 10.0.0.1" })).status).toBe(200);
  });

  it("uses getClientKey when given", async () => {
    const getClientKey = vi.fn((c) => c.req.header("x-test-client"));
    const { hit } = limitedApp({ perMinute: 60, burst: 1, getClientKey });
    expect((await hit({ "x-test-client": "a", "cf-connecting-ip": "192.0.2.1" })).status).toBe(200);
    expect((await hit({ "x-test-client": "b", "cf-connecting-ip": "192.0.2.1" })).status).toBe(200);
    expect((await hit({ "x-test-client": "a" })).status).toBe(429);
    expect(getClientKey).toHaveBeenCalledTimes(3);
  });

  it("is a pass-through when perMinute is 0", async () => {
    const { hit } = limitedApp({ perMinute: 0 });
    for (let i = 0; i < 100; i++) expect((await hit()).status).toBe(200);
    expect((await hit()).headers.get("ratelimit-limit")).toBeNull();
  });

  it("defaults burst to a third of perMinute", async () => {
    const { hit } = limitedApp({ perMinute: 30 });
    expect((await hit()).headers.get("ratelimit-limit")).toBe("10");
  });

  it("rejects nonsensical settings at construction", () => {
    expect(() => rateLimit({ perMinute: -1 })).toThrow(RangeError);
    expect(() => rateLimit({ perMinute: Number.NaN })).toThrow(RangeError);
    expect(() => rateLimit({ perMinute: 10, burst: 0 })).toThrow(RangeError);
  });
});

describe("defaultClientKey", () => {
  it("prefers cf-connecting-ip, then x-real-ip, else anonymous", async () => {
    const app = new Hono();
    app.get("/", (c) => c.text(defaultClientKey(c)));
    const key = async (headers: Record<string, string>) => (await app.request("/", { headers })).text();
    expect(await key({ "cf-connecting-ip": "192.0.2.1", "x-real-ip": "192.0.2.9" })).toBe("192.0.2.1");
    expect(await key({ "x-real-ip": "192.0.2.9" })).toBe("192.0.2.9");
    expect(await key({ "x-forwarded-for": "192.0.2.5" })).toBe("anonymous");
  });
});

describe("TokenBuckets memory bound", () => {
  it("never holds more than maxClients buckets under many distinct clients", () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 5, maxClients: 1000 });
    let peak = 0;
    for (let i = 0; i < 50_000; i++) {
      buckets.take(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 1_000 + i); // 1 ms apart: nobody goes idle
      peak = Math.max(peak, buckets.size);
    }
    expect(peak).toBe(1000);
  });

  it("drops idle (refilled) buckets so the map shrinks when traffic stops", () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 5, maxClients: 1000 });
    for (let i = 0; i < 500; i++) buckets.take(`client-${i}`, 0);
    expect(buckets.size).toBe(500);
    // 5 tokens at 1/s: after 5 s every bucket is full again and carries no state.
    buckets.take("late-client", 5_000);
    expect(buckets.size).toBe(1);
  });

  it("when every tracked client is active, evicts the oldest-tracked first", () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1, maxClients: 10 });
    expect(buckets.take("first", 0).allowed).toBe(true);
    expect(buckets.take("first", 1).allowed).toBe(false);
    for (let i = 0; i < 9; i++) buckets.take(`other-${i}`, 2);
    // Still tracked (10 of 10): its empty bucket is remembered.
    expect(buckets.take("first", 3).allowed).toBe(false);
    buckets.take("one-too-many", 4);
    expect(buckets.size).toBeLessThanOrEqual(10);
    // Evicted: it starts over with a full bucket.
    expect(buckets.take("first", 5).allowed).toBe(true);
  });

  it("through the middleware: many distinct IPs do not grow the store past maxClients", async () => {
    const clock = { t: 0 };
    const app = new Hono();
    app.use(rateLimit({ perMinute: 60, burst: 1, maxClients: 100, now: () => clock.t }));
    app.get("/", (c) => c.text("ok"));
    // First client spends its only token, then is pushed out by 100 newer clients…
    expect((await app.request("/", { headers: { "cf-connecting-ip": "victim" } })).status).toBe(200);
    expect((await app.request("/", { headers: { "cf-connecting-ip": "victim" } })).status).toBe(429);
    for (let i = 0; i < 2_000; i++) {
      clock.t += 0.001;
      await app.request("/", { headers: { "cf-connecting-ip": `ip-${i}` } });
    }
    // …so its bucket is gone and it starts over with a full one: proof the map was bounded.
    expect((await app.request("/", { headers: { "cf-connecting-ip": "victim" } })).status).toBe(200);
  });
});

describe("rateLimitFromEnv", () => {
  it("defaults to 60/min with bursts of 20", () => {
    expect(rateLimitFromEnv({})).toEqual({ perMinute: 60, burst: 20 });
    expect(rateLimitFromEnv({ RATE_LIMIT_PER_MIN: "" })).toEqual({ perMinute: 60, burst: 20 });
  });

  it('reads a rate, and "0" disables', () => {
    expect(rateLimitFromEnv({ RATE_LIMIT_PER_MIN: "120" })).toEqual({ perMinute: 120 });
    expect(rateLimitFromEnv({ RATE_LIMIT_PER_MIN: "0" })).toEqual({ perMinute: 0 });
  });

  it.each(["abc", "-5", "1.5", "10/min", "1e3"])("warns and uses the default for %j", (value) => {
    const warn = vi.fn();
    expect(rateLimitFromEnv({ RATE_LIMIT_PER_MIN: value }, warn)).toEqual({ perMinute: 60, burst: 20 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain("RATE_LIMIT_PER_MIN");
  });

  it("produces options rateLimit accepts: 0 really turns limiting off", async () => {
    const app = new Hono();
    app.use(rateLimit(rateLimitFromEnv({ RATE_LIMIT_PER_MIN: "0" })));
    app.get("/", (c) => c.text("ok"));
    for (let i = 0; i < 30; i++) expect((await app.request("/")).status).toBe(200);
  });
});

describe("bindingRateLimit", () => {
  it("falls back to the in-memory limiter when the binding fails, so a failure never lifts the limit", async () => {
    const lines: string[] = [];
    const app = new Hono();
    const binding = { limit: async () => Promise.reject(new Error("namespace not found")) };
    app.use(bindingRateLimit({ binding, fallback: rateLimit({ perMinute: 60, burst: 2 }), log: (line) => lines.push(line) }));
    app.get("/", (c) => c.text("ok"));
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.request("/")).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(lines[0]).toBe("rate limit binding failed, limiting in memory: namespace not found");
  });
});
