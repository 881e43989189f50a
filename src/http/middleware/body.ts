/**
 * Guards for JSON request bodies, and the zod-openapi validation hook that
 * reports schema failures in the API error shape.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { Hook } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { ApiError, jsonError } from "./errors.js";

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

// JSON is UTF-8 by definition (RFC 8259 §8.1) and c.req.json() always decodes
// it as such, so a different declared charset would be silently misread.
const UTF8 = /^"?utf-8"?$/i;

/** True for `application/json`, optionally with parameters such as `charset=utf-8`. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...params] = contentType.split(";");
  if (type.trim().toLowerCase() !== "application/json") return false;
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq === -1) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    if (name === "charset" && !UTF8.test(param.slice(eq + 1).trim())) return false;
  }
  return true;
}

// HTTP/1.1 requests on Node always get a (possibly empty) body stream, so an
// explicit `Content-Length: 0` is the only cheap proof there is nothing to read.
function hasBody(req: Request): boolean {
  return req.body !== null && req.headers.get("content-length") !== "0";
}

/**
 * Parses the request body as JSON, failing with 400 `invalid_json` (rendered
 * by `onError`) instead of a 500 on malformed input. The parsed value is
 * cached by Hono, so later `c.req.json()` calls (including zod-openapi's
 * validator) reuse it.
 *
 * @example
 * ```ts
 * app.post('/api/feedback', async (c) => {
 *   const body = await readJson(c)
 *   return c.json({ ok: true })
 * })
 * ```
 */
export async function readJson<T = unknown>(c: Context): Promise<T> {
  try {
    return (await c.req.json()) as T;
  } catch (cause) {
    throw new ApiError(400, "invalid_json", "Malformed JSON in request body", { cause });
  }
}

export type JsonBodyOptions = {
  /** Largest accepted body in bytes. Default 16 KB. */
  maxBytes?: number;
  /** Methods whose bodies are checked. Default POST, PUT, PATCH. */
  methods?: string[];
};

/**
 * Rejects bodies a JSON endpoint cannot use before any handler or validator
 * runs: wrong Content-Type → 415 `unsupported_media_type`, more than
 * `maxBytes` → 413 `payload_too_large` (enforced while streaming, so a
 * missing or lying Content-Length does not help), unparsable → 400
 * `invalid_json`. Requests with no body pass through so the route's schema
 * can say which fields are missing.
 *
 * @example
 * ```ts
 * app.use('/api/answer', jsonBody({ maxBytes: 16 * 1024 }))
 * ```
 */
export function jsonBody(options: JsonBodyOptions = {}): MiddlewareHandler {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const methods = new Set((options.methods ?? ["POST", "PUT", "PATCH"]).map((m) => m.toUpperCase()));
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => jsonError(c, 413, "payload_too_large", `Request body must be at most ${maxBytes} bytes`),
  });

  return async function jsonBody(c, next) {
    if (!methods.has(c.req.method) || !hasBody(c.req.raw)) return next();

    if (!isJsonContentType(c.req.header("content-type"))) {
      return jsonError(c, 415, "unsupported_media_type", "Content-Type must be application/json");
    }

    let withinLimit = false;
    const rejected = await limit(c, async () => {
      withinLimit = true;
    });
    if (!withinLimit) return rejected as Response;

    try {
      await readJson(c);
    } catch (err) {
      if (err instanceof ApiError) return jsonError(c, err.status, err.code, err.message);
      throw err;
    }
    await next();
  };
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

const TARGET_NAMES: Record<string, string> = {
  json: "body",
  form: "body",
  param: "path",
  query: "query",
  header: "headers",
  cookie: "cookies",
};

// A few issues are enough to fix a request; more only bloats the response.
const MAX_ISSUES = 3;

/**
 * `defaultHook` for OpenAPIHono: turns a zod validation failure into 400
 * `invalid_request` whose message names the failing field, e.g.
 * `question: must not be empty`. Failures on the whole value (wrong
 * top-level type) are attributed to `body` (or `query`, `path`, ...).
 *
 * @example
 * ```ts
 * const app = new OpenAPIHono({ defaultHook: validationHook })
 * ```
 */
export const validationHook: Hook<any, any, any, Response | undefined> = (result, c) => {
  if (result.success) return undefined;
  // @hono/zod-validator passes the unvalidated input along even on failure;
  // the Hook type omits it, and without it we just keep zod's wording.
  const hasInput = "data" in result;
  const input = hasInput ? (result as { data: unknown }).data : undefined;
  const messages = result.error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const where = issue.path.length ? formatPath(issue.path) : (TARGET_NAMES[result.target] ?? result.target);
    // zod 4 words a missing field as "expected string, received undefined".
    const missing =
      hasInput && issue.code === "invalid_type" && issue.path.length > 0 && valueAt(input, issue.path) === undefined;
    return `${where}: ${missing ? "is required" : issue.message}`;
  });
  return jsonError(c, 400, "invalid_request", messages.join("; "));
};

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
