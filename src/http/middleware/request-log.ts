/**
 * Request correlation ids and one structured log line per request.
 */
import type { Context, MiddlewareHandler } from "hono";

export type RequestIdVariables = { requestId: string };

// Ids are echoed into response headers and logs, so only short opaque tokens
// from clients are trusted; anything else could forge or garble log lines.
const SANE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export type RequestIdOptions = {
  /** Makes a fresh id when the client sent none or an unusable one. Default `crypto.randomUUID()`. */
  generate?: () => string;
};

/**
 * Gives every request an id: the client's `X-Request-Id` when it is a sane
 * token (≤ 64 chars of `[A-Za-z0-9_-]`), otherwise a new UUID. The id is
 * stored as `c.var.requestId` and returned in the `X-Request-Id` header,
 * including on error responses.
 *
 * @example
 * ```ts
 * const app = new Hono<{ Variables: RequestIdVariables }>()
 * app.use(requestId())
 * app.get('/', (c) => c.text(c.var.requestId))
 * ```
 */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  const generate = options.generate ?? (() => crypto.randomUUID());
  return async function requestId(c, next) {
    const incoming = c.req.header("x-request-id");
    const id = incoming && SANE_ID.test(incoming) ? incoming : generate();
    c.set("requestId", id);
    c.header("X-Request-Id", id);
    await next();
  };
}

export type RequestLogLine = {
  level: "info";
  msg: "request";
  id: string | undefined;
  method: string;
  path: string;
  status: number;
  ms: number;
  question?: string;
};

export type RequestLoggerOptions = {
  /** Receives each serialized JSON line. Default `console.log`. */
  log?: (line: string) => void;
  /**
   * Include the user's question text. Off by default: questions are user
   * content and may be personal, so they stay out of logs unless asked for.
   */
  logQuestions?: boolean;
  /** Extracts the question when `logQuestions` is on. Default: validated JSON `question`, else validated query `q`. */
  getQuestion?: (c: Context) => string | undefined;
  /** Milliseconds clock; inject for tests. Default `performance.now`. */
  now?: () => number;
};

// Reading validated data (rather than the raw body) means a question is only
// logged once it passed the schema, and the body stream is never touched.
function validatedQuestion(c: Context): string | undefined {
  const valid = c.req.valid as (target: string) => unknown;
  const json = valid.call(c.req, "json") as { question?: unknown } | undefined;
  if (typeof json?.question === "string") return json.question;
  const query = valid.call(c.req, "query") as { q?: unknown } | undefined;
  if (typeof query?.q === "string") return query.q;
  return undefined;
}

/**
 * Writes one JSON line per finished request:
 * `{"level":"info","msg":"request","id","method","path","status","ms"}`.
 * The path never includes the query string, and no body content is logged
 * unless `logQuestions` is set. Mount after `requestId()` to get `id`.
 *
 * @example
 * ```ts
 * app.use(requestId(), requestLogger({ logQuestions: process.env.LOG_QUESTIONS === '1' }))
 * ```
 */
export function requestLogger(options: RequestLoggerOptions = {}): MiddlewareHandler {
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => performance.now());
  const getQuestion = options.getQuestion ?? validatedQuestion;

  return async function requestLogger(c, next) {
    const start = now();
    let status = 500;
    try {
      await next();
      status = c.res.status;
    } finally {
      const line: RequestLogLine = {
        level: "info",
        msg: "request",
        id: (c.get as (key: string) => string | undefined)("requestId"),
        method: c.req.method,
        path: c.req.path,
        status,
        ms: Math.round((now() - start) * 10) / 10,
      };
      if (options.logQuestions) {
        const question = getQuestion(c);
        if (question !== undefined) line.question = question;
      }
      log(JSON.stringify(line));
    }
  };
}

/**
 * Logger options from the environment: `LOG_QUESTIONS=1` turns on question logging.
 *
 * @example
 * ```ts
 * app.use(requestLogger(requestLoggerOptionsFromEnv(process.env)))
 * ```
 */
export function requestLoggerOptionsFromEnv(env: { LOG_QUESTIONS?: unknown }): RequestLoggerOptions {
  return { logQuestions: env.LOG_QUESTIONS === "1" || env.LOG_QUESTIONS === "true" };
}
