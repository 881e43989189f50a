/**
 * Per-client rate limiting: token buckets in memory by default, or
 * Cloudflare's Rate Limiting binding when the Worker has one.
 *
 * In-memory state lives in the process (Node) or isolate (Workers), so on
 * Workers each isolate limits independently: it bounds abuse per instance, it
 * is not a quota across isolates. The binding counts across isolates (per
 * Cloudflare location), so a deployment that configures one uses it.
 */
import type { Context, MiddlewareHandler } from "hono";
import { jsonError } from "./errors.js";

export const DEFAULT_PER_MINUTE = 60;
export const DEFAULT_BURST = 20;
export const DEFAULT_MAX_CLIENTS = 10_000;

type Bucket = { tokens: number; updatedAt: number };

export type TokenBucketsOptions = {
  /** Sustained rate: tokens added per minute. */
  perMinute: number;
  /** Bucket capacity: requests allowed back to back. */
  burst: number;
  /** Most clients tracked at once. */
  maxClients?: number;
};

export type TakeResult = {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until the next token (when refused) or until the bucket is full. */
  retryAfterSeconds: number;
  resetSeconds: number;
};

/**
 * Token buckets keyed by client, bounded to `maxClients` entries.
 *
 * A full bucket carries no information (a new client starts full), so idle
 * buckets are swept away; only if every tracked client is active are the
 * oldest-tracked evicted, which can only make the limiter more lenient to them.
 */
export class TokenBuckets {
  readonly perMinute: number;
  readonly burst: number;
  readonly maxClients: number;
  private readonly perMs: number;
  private readonly fullAfterMs: number;
  private readonly sweepEveryMs: number;
  private lastSweep = Number.NEGATIVE_INFINITY;
  // Buckets are mutated in place rather than re-inserted: Map deletions leave
  // holes that every later iteration must skip, which made a per-request LRU
  // reorder cost O(maxClients) in practice.
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: TokenBucketsOptions) {
    const { perMinute, burst, maxClients = DEFAULT_MAX_CLIENTS } = options;
    if (!(perMinute > 0) || !Number.isFinite(perMinute)) throw new RangeError("perMinute must be a positive number");
    if (!(burst >= 1) || !Number.isFinite(burst)) throw new RangeError("burst must be at least 1");
    if (!(maxClients >= 1)) throw new RangeError("maxClients must be at least 1");
    this.perMinute = perMinute;
    this.burst = burst;
    this.maxClients = maxClients;
    this.perMs = perMinute / 60_000;
    this.fullAfterMs = burst / this.perMs;
    this.sweepEveryMs = Math.max(1_000, this.fullAfterMs);
  }

  get size(): number {
    return this.buckets.size;
  }

  take(key: string, now: number): TakeResult {
    if (now - this.lastSweep >= this.sweepEveryMs) this.sweepIdle(now);

    let bucket = this.buckets.get(key);
    if (bucket) {
      // max(0, …) so a clock step backwards cannot drain a bucket.
      const elapsed = Math.max(0, now - bucket.updatedAt);
      bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * this.perMs);
      bucket.updatedAt = now;
    } else {
      if (this.buckets.size >= this.maxClients) this.makeRoom(now);
      bucket = { tokens: this.burst, updatedAt: now };
      this.buckets.set(key, bucket);
    }

    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;

    const toSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
    return {
      allowed,
      remaining: Math.floor(bucket.tokens),
      retryAfterSeconds: toSeconds((1 - bucket.tokens) / this.perMs),
      resetSeconds: toSeconds((this.burst - bucket.tokens) / this.perMs),
    };
  }

  private sweepIdle(now: number): void {
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt >= this.fullAfterMs) this.buckets.delete(key);
    }
  }

  private makeRoom(now: number): void {
    this.sweepIdle(now);
    if (this.buckets.size < this.maxClients) return;
    // Evict a tenth at once so a flood of new clients costs O(1) amortised
    // per request instead of a sweep each.
    let excess = this.buckets.size - this.maxClients + Math.ceil(this.maxClients / 10);
    for (const key of this.buckets.keys()) {
      if (excess-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}

/**
 * The client key when no proxy is trusted: the address Cloudflare (or a
 * fronting proxy) reports, else one shared bucket.
 *
 * On Node without a proxy, clients can set these headers themselves, so the
 * Node entry should pass `getClientKey` reading the socket address instead.
 */
export function defaultClientKey(c: Context): string {
  return c.req.header("cf-connecting-ip")?.trim() || c.req.header("x-real-ip")?.trim() || "anonymous";
}

function proxiedClientKey(c: Context): string | undefined {
  const cf = c.req.header("cf-connecting-ip")?.trim();
  if (cf) return cf;
  const first = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
  return first || undefined;
}

export type RateLimitOptions = {
  /** Sustained requests per minute per client; 0 disables limiting. */
  perMinute: number;
  /** Requests a client may make back to back. Default: perMinute / 3, at least 1. */
  burst?: number;
  /**
   * Read the client from `cf-connecting-ip`, then the first `x-forwarded-for`
   * hop. Only enable behind a proxy that sets these, or clients choose their own key.
   */
  trustProxy?: boolean;
  /** Derives the client key, e.g. from the Node socket address. Default `defaultClientKey`. */
  getClientKey?: (c: Context) => string | undefined;
  /** Most clients tracked at once. Default 10 000. */
  maxClients?: number;
  /** Milliseconds clock; inject for tests. Default `Date.now`. */
  now?: () => number;
};

/**
 * Limits each client to `perMinute` sustained requests with bursts of up to
 * `burst`; over the limit → 429 `rate_limited` with `Retry-After`.
 * Every limited response carries `RateLimit-Limit` (the burst), `RateLimit-Remaining`
 * and `RateLimit-Reset` (seconds until the bucket is full again).
 *
 * @example
 * ```ts
 * import { getConnInfo } from '@hono/node-server/conninfo'
 * app.use('/api/*', rateLimit({ perMinute: 60, burst: 20, getClientKey: (c) => getConnInfo(c).remote.address }))
 * ```
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { perMinute, trustProxy = false, now = Date.now } = options;
  if (perMinute === 0) {
    return async function rateLimit(_c, next) {
      await next();
    };
  }
  const buckets = new TokenBuckets({
    perMinute,
    burst: options.burst ?? Math.max(1, Math.ceil(perMinute / 3)),
    maxClients: options.maxClients,
  });
  const fallbackKey = options.getClientKey ?? defaultClientKey;
  const clientKey = (c: Context) => (trustProxy ? proxiedClientKey(c) : undefined) ?? fallbackKey(c) ?? "anonymous";

  return async function rateLimit(c, next) {
    const result = buckets.take(clientKey(c), now());
    const headers = {
      "RateLimit-Limit": String(buckets.burst),
      "RateLimit-Remaining": String(result.remaining),
      "RateLimit-Reset": String(result.resetSeconds),
    };
    if (!result.allowed) {
      return jsonError(c, 429, "rate_limited", `Too many requests; retry in ${result.retryAfterSeconds}s`, {
        ...headers,
        "Retry-After": String(result.retryAfterSeconds),
      });
    }
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    await next();
  };
}

export type RateLimitEnv = { RATE_LIMIT_PER_MIN?: unknown };

/**
 * Reads `RATE_LIMIT_PER_MIN`: unset → 60/min with bursts of 20, `"0"` → off,
 * a positive integer → that rate; anything else falls back to the default
 * with a warning rather than failing startup over a typo.
 *
 * @example
 * ```ts
 * app.use('/api/*', rateLimit({ ...rateLimitFromEnv(process.env), getClientKey }))
 * ```
 */
export function rateLimitFromEnv(
  env: RateLimitEnv,
  warn: (message: string) => void = console.warn,
): Pick<RateLimitOptions, "perMinute" | "burst"> {
  const raw = env.RATE_LIMIT_PER_MIN;
  const fallback = { perMinute: DEFAULT_PER_MINUTE, burst: DEFAULT_BURST };
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) return fallback;
  const text = String(raw).trim();
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    warn(`RATE_LIMIT_PER_MIN=${JSON.stringify(text)} is not a non-negative integer; using ${DEFAULT_PER_MINUTE}/min`);
    return fallback;
  }
  return { perMinute: Number(text) };
}

/**
 * Cloudflare's Rate Limiting binding as a Worker sees it (`[[ratelimits]]` in
 * wrangler.toml): one call per request, true while the key is within its
 * configured limit for the period.
 */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export function isRateLimitBinding(value: unknown): value is RateLimitBinding {
  return typeof value === "object" && value !== null && typeof (value as RateLimitBinding).limit === "function";
}

/** The longest period the binding allows (10 or 60 s): a refused client may retry once it has passed. */
export const BINDING_RETRY_AFTER_SECONDS = 60;

export type BindingRateLimitOptions = {
  binding: RateLimitBinding;
  /** Derives the client key. Default `defaultClientKey` (`cf-connecting-ip` on Workers). */
  getClientKey?: (c: Context) => string | undefined;
  /** Limits the request when the binding fails (an outage, a misconfiguration), so a failure never lifts the limit. */
  fallback: MiddlewareHandler;
  /** Receives a line when the binding fails. Default `console.error`. */
  log?: (line: string) => void;
};

/**
 * Limits each client through the binding: refused → the same 429
 * `rate_limited` with `Retry-After` as the in-memory limiter. The binding
 * reports no remaining count, so no `RateLimit-*` headers are sent.
 */
export function bindingRateLimit(options: BindingRateLimitOptions): MiddlewareHandler {
  const clientKey = options.getClientKey ?? defaultClientKey;
  const log = options.log ?? ((line: string) => console.error(line));
  return async function bindingRateLimit(c, next) {
    let success: boolean;
    try {
      ({ success } = await options.binding.limit({ key: clientKey(c) ?? "anonymous" }));
    } catch (error) {
      log(`rate limit binding failed, limiting in memory: ${error instanceof Error ? error.message : String(error)}`);
      return options.fallback(c, next);
    }
    if (!success)
      return jsonError(c, 429, "rate_limited", `Too many requests; retry in ${BINDING_RETRY_AFTER_SECONDS}s`, {
        "Retry-After": String(BINDING_RETRY_AFTER_SECONDS),
      });
    await next();
  };
}
