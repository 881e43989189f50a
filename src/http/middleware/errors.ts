/**
 * One error shape for every failure the API can produce:
 * `{ "error": { "code": "<machine code>", "message": "<human text>" } }`.
 *
 * Clients switch on `code`; `message` is for people and may change.
 */
import type { Context, Env, ErrorHandler, Hono, MiddlewareHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { methodNotAllowed as honoMethodNotAllowed } from "hono/method-not-allowed";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type ErrorBody = { error: { code: string; message: string } };

/**
 * Builds a JSON error response in the API's error shape.
 *
 * @example
 * ```ts
 * app.get('/api/articles/:id', (c) => {
 *   const article = store.get(c.req.param('id'))
 *   if (!article) return jsonError(c, 404, 'not_found', 'No article with that id')
 *   return c.json(article)
 * })
 * ```
 */
export function jsonError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Response {
  const body: ErrorBody = { error: { code, message } };
  return c.json(body, status, headers);
}

/**
 * An HTTPException that carries its API error `code`, so code deep in a
 * handler can fail with a precise code and let `onError` render it.
 *
 * @example
 * ```ts
 * throw new ApiError(503, 'index_loading', 'The search index is still loading')
 * ```
 */
export class ApiError extends HTTPException {
  readonly code: string;

  constructor(status: ContentfulStatusCode, code: string, message: string, options?: { cause?: unknown }) {
    super(status, { message, cause: options?.cause });
    this.name = "ApiError";
    this.code = code;
  }
}

const CODES: Partial<Record<number, [code: string, message: string]>> = {
  400: ["bad_request", "Bad request"],
  401: ["unauthorized", "Unauthorized"],
  403: ["forbidden", "Forbidden"],
  404: ["not_found", "Not found"],
  405: ["method_not_allowed", "Method not allowed"],
  408: ["request_timeout", "Request timeout"],
  409: ["conflict", "Conflict"],
  413: ["payload_too_large", "Request body is too large"],
  415: ["unsupported_media_type", "Unsupported media type"],
  422: ["unprocessable_entity", "Unprocessable entity"],
  429: ["rate_limited", "Too many requests"],
  500: ["internal", "Internal server error"],
  501: ["not_implemented", "Not implemented"],
  502: ["bad_gateway", "Bad gateway"],
  503: ["unavailable", "Service unavailable"],
  504: ["timeout", "Gateway timeout"],
};

// hono/validator (used by @hono/zod-openapi) reports an unparsable JSON body
// only through this message, so it is the one hook we have to give it the
// same code our own JSON guard uses.
const HONO_MALFORMED_JSON = "Malformed JSON in request body";

/** The `[code, message]` pair `onError` uses for an HTTPException. */
export function describeHttpException(err: HTTPException): [code: string, message: string] {
  if (err instanceof ApiError) return [err.code, err.message];
  if (err.status === 400 && err.message === HONO_MALFORMED_JSON) return ["invalid_json", err.message];
  const [code, fallback] = CODES[err.status] ?? [err.status >= 500 ? "internal" : `http_${err.status}`, "Request failed"];
  return [code, err.message || fallback];
}

export type ErrorHandlerOptions = {
  /** Where unexpected errors are reported. Default `console.error`. */
  log?: (...args: unknown[]) => void;
};

/**
 * Error handler for `app.onError`: renders HTTPExceptions with their status
 * and everything else as an opaque 500, so stack traces and internal messages
 * never reach clients.
 *
 * @example
 * ```ts
 * app.onError(errorHandler({ log: (...args) => logger.error(...args) }))
 * ```
 */
export function errorHandler(options: ErrorHandlerOptions = {}): ErrorHandler {
  // Resolved per call so a console patched later (test spies, log shippers) is honoured.
  const log = options.log ?? ((...args: unknown[]) => console.error(...args));

  return function onError(err, c) {
    const requestId = (c.get as (key: string) => unknown)("requestId");
    const where = { id: requestId, method: c.req.method, path: c.req.path };

    if (err instanceof HTTPException) {
      const [code, message] = describeHttpException(err);
      if (err.status >= 500) log("request failed", where, err);
      // Keep headers a thrower attached on purpose (e.g. WWW-Authenticate from
      // bearer-auth) but replace its body so every error has the same shape.
      const headers: Record<string, string> = {};
      if (err.res) {
        err.res.headers.forEach((v, k) => {
          if (k !== "content-type" && k !== "content-length") headers[k] = v;
        });
      }
      return jsonError(c, err.status, code, message, headers);
    }

    log("unhandled error", where, err);
    return jsonError(c, 500, "internal", "Internal server error");
  };
}

/**
 * `app.onError(onError)` with the default logger.
 *
 * @example
 * ```ts
 * app.onError(onError)
 * ```
 */
export const onError: ErrorHandler = errorHandler();

/**
 * `app.notFound(notFound)`: unknown routes answer in the API error shape
 * instead of Hono's plain-text 404.
 *
 * @example
 * ```ts
 * app.notFound(notFound)
 * ```
 */
export const notFound: NotFoundHandler = (c) => jsonError(c, 404, "not_found", "Not found");

export type MethodNotAllowedOptions<E extends Env> = {
  /** The app whose registered routes (`app.routes`) define which methods each path allows. */
  app: Hono<E, any, any>;
};

/**
 * Answers 405 with an `Allow` header when the path matches a registered
 * route but the method does not; other 404s pass through untouched.
 *
 * Built on `hono/method-not-allowed`, which matches against the app's own
 * router patterns, so parameterised paths (`/api/articles/:id`), wildcards
 * and sub-apps mounted with `app.route()` behave exactly as routing does.
 * Routes registered with `app.use()`/`app.all()` are ignored because they
 * allow every method. Register it with `app.use()` before the routes; the
 * method table is read from `app.routes` on the first 404, so add every route
 * before serving.
 *
 * @example
 * ```ts
 * app.use(methodNotAllowed({ app }))
 * app.post('/api/answer', handler)
 * // GET /api/answer -> 405, Allow: POST
 * ```
 */
export function methodNotAllowed<E extends Env>(options: MethodNotAllowedOptions<E>): MiddlewareHandler<E> {
  return honoMethodNotAllowed<E>({
    app: options.app,
    onMethodNotAllowed: (c, methods) =>
      jsonError(
        c as unknown as Context,
        405,
        "method_not_allowed",
        `Method ${c.req.method} is not allowed here; allowed: ${methods.join(", ")}`,
        { Allow: methods.join(", ") },
      ),
  });
}
