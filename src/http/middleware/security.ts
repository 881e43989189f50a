/**
 * Browser-facing hardening: security response headers and an opt-in CORS policy.
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;

// The web UI is served from this origin and loads nothing third-party, so
// everything is 'self'; data: images cover inline icons. object-src, base-uri
// and frame-ancestors are locked down because this app never needs them and
// they are classic injection/clickjacking vectors.
const CONTENT_SECURITY_POLICY: NonNullable<SecureHeadersOptions["contentSecurityPolicy"]> = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

export type SecurityHeadersOptions = {
  /** Replaces the whole default Content-Security-Policy, e.g. to allow an API docs page's assets. */
  contentSecurityPolicy?: SecureHeadersOptions["contentSecurityPolicy"];
  /**
   * Strict-Transport-Security value, or false to omit it. Default Hono's
   * `max-age=15552000; includeSubDomains`; browsers ignore it over plain HTTP.
   */
  strictTransportSecurity?: string | boolean;
};

/**
 * Sets a strict CSP, `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY` and the rest of
 * `hono/secure-headers`' defaults, and removes `X-Powered-By`.
 *
 * @example
 * ```ts
 * app.use(securityHeaders())
 * ```
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: options.contentSecurityPolicy ?? CONTENT_SECURITY_POLICY,
    xContentTypeOptions: "nosniff",
    referrerPolicy: "no-referrer",
    // DENY rather than Hono's SAMEORIGIN: frame-ancestors 'none' already forbids
    // framing, and older browsers only understand this header.
    xFrameOptions: "DENY",
    strictTransportSecurity: options.strictTransportSecurity ?? true,
  });
}

export type CorsEnv = { CORS_ORIGINS?: unknown };

/** Parses `CORS_ORIGINS`: `"*"`, or a comma-separated list of origins. Undefined means same-origin only. */
export function parseCorsOrigins(
  value: unknown,
  warn: (message: string) => void = console.warn,
): "*" | string[] | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const entries = value.split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.includes("*")) return "*";
  const origins: string[] = [];
  for (const entry of entries) {
    // Browsers send a bare origin (no path, no trailing slash); normalising
    // here stops "https://a.example/" from silently never matching.
    let origin: string | undefined;
    try {
      origin = new URL(entry).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === "null") warn(`CORS_ORIGINS: ignoring invalid origin ${JSON.stringify(entry)}`);
    else origins.push(origin);
  }
  return origins.length ? origins : undefined;
}

/**
 * CORS for the API, driven by `CORS_ORIGINS`. Unset: same-origin only, no
 * CORS headers are sent at all. A list (`https://a.example,https://b.example`)
 * allows exactly those origins; `*` allows any origin (without credentials).
 *
 * @example
 * ```ts
 * app.use('/api/*', apiCors(process.env))
 * ```
 */
export function apiCors(env: CorsEnv): MiddlewareHandler {
  const origin = parseCorsOrigins(env.CORS_ORIGINS);
  if (!origin) {
    return async function apiCors(_c, next) {
      await next();
    };
  }
  return cors({
    origin,
    allowMethods: ["GET", "HEAD", "POST", "OPTIONS"],
    allowHeaders: ["Content-Type", "X-Request-Id"],
    exposeHeaders: ["X-Request-Id", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
    maxAge: 600,
  });
}

/**
 * The static files a publisher's page loads from this origin for the widget: web/embed.js
 * and the modules and stylesheets it imports. web/_headers gives them the same headers on
 * Workers.
 */
export const WIDGET_ASSET_PATHS = ["/embed.js", "/js/*", "/styles.css", "/widget.css"] as const;

/**
 * Lets another origin's page use the widget's files. Modules and stylesheets are fetched
 * with CORS, so they need `Access-Control-Allow-Origin` (public files without credentials:
 * `*`); embed.js is a classic `<script src>`, fetched without CORS, so it needs
 * `Cross-Origin-Resource-Policy: cross-origin` in place of the default same-origin.
 * Register it outside `securityHeaders`, whose CORP it replaces.
 */
export function widgetAssetHeaders(): MiddlewareHandler {
  return async function widgetAssetHeaders(c, next) {
    await next();
    if (!c.res.ok) return;
    c.res.headers.set("Access-Control-Allow-Origin", "*");
    if (c.req.path === "/embed.js") c.res.headers.set("Cross-Origin-Resource-Policy", "cross-origin");
  };
}
