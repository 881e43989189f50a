/**
 * Admin routes, off unless a token is configured:
 *
 *   POST /api/admin/reload   Authorization: Bearer $ADMIN_TOKEN
 *
 * re-reads the index from disk and swaps it in without a restart (after
 * `npm run ingest` or `npm run build:index`).
 *
 *   GET  /api/admin/gaps     Authorization: Bearer $ADMIN_TOKEN
 *   GET  /admin/gaps         the same report as an HTML page (token by header, or by the form it shows)
 *   POST /admin/gaps         the form's token (and optional days)
 *
 * report what readers could not get answered (core/gaps.ts), from the
 * question log. With no ADMIN_TOKEN, or on a runtime without what a route
 * needs (Workers: the index is part of the bundle and there is no question
 * log), the route does not exist and answers 404 like any unknown path. A
 * reload that fails leaves the running index in place.
 */
import type { Context, Hono, MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { bodyLimit } from "hono/body-limit";
import { timingSafeEqual } from "hono/utils/buffer";
import { gapsReport } from "../core/gaps.js";
import type { QuestionLog } from "../core/question-log.js";
import { gapsPage, tokenFormPage } from "./gaps-page.js";
import { validationHook } from "./middleware/body.js";
import { jsonError } from "./middleware/errors.js";
import { GapsQuerySchema } from "./schemas.js";

export interface ReloadSummary {
  articles: number;
  passages: number;
  embedder: string;
}

export interface AdminOptions {
  /** Bearer token the admin routes require; no token, no routes. */
  token?: string;
  /** Loads the index afresh and makes it the one that answers. */
  reload?: () => Promise<ReloadSummary>;
  /** Where the questions and feedback are kept; the gaps report reads it. */
  questionLog?: QuestionLog;
  /** Rate limit for the gaps routes, so a token cannot be guessed at request speed. */
  limiter?: MiddlewareHandler;
}

export const ADMIN_RELOAD_PATH = "/api/admin/reload";
export const ADMIN_GAPS_PATH = "/api/admin/gaps";
export const ADMIN_GAPS_PAGE = "/admin/gaps";

/** The admin token from the environment (ADMIN_TOKEN), or undefined when unset or blank. */
export function adminTokenFromEnv(env: Record<string, string | undefined>): string | undefined {
  return env.ADMIN_TOKEN?.trim() || undefined;
}

/**
 * Registers the admin routes on `app`: reload when a token and a reload
 * function are given, the gaps report when a token and a question log are.
 * Call before any catch-all route.
 *
 * @example
 * ```ts
 * registerAdminRoutes(app, { token: adminTokenFromEnv(env), reload: options.reload, questionLog: options.questionLog })
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerAdminRoutes(app: Hono<any, any, any>, options: AdminOptions): void {
  const { token, reload, questionLog } = options;
  if (token && reload) registerReload(app, token, reload);
  if (token && questionLog) registerGaps(app, token, questionLog, options.limiter ?? ((_c, next) => next()));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function registerReload(app: Hono<any, any, any>, token: string, reload: () => Promise<ReloadSummary>): void {
  // Concurrent reload requests share one load instead of reading the index twice.
  let pending: Promise<ReloadSummary> | null = null;

  app.post(ADMIN_RELOAD_PATH, bearerAuth({ token }), async (c) => {
    const started = performance.now();
    pending ??= reload().finally(() => {
      pending = null;
    });
    try {
      const summary = await pending;
      return c.json({ reloaded: true, ...summary, ms: Math.round(performance.now() - started) }, 200);
    } catch (error) {
      return jsonError(c, 500, "reload_failed", `index reload failed, still serving the previous index: ${(error as Error).message.split("\n")[0]}`);
    }
  });
}

const NO_STORE = { "Cache-Control": "no-store" };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function registerGaps(app: Hono<any, any, any>, token: string, log: QuestionLog, limiter: MiddlewareHandler): void {
  const report = async (query: { days?: number; limit?: number }) => gapsReport(await log.read(), query);

  app.get(ADMIN_GAPS_PATH, limiter, bearerAuth({ token }), async (c) => {
    const query = c.req.query();
    const parsed = GapsQuerySchema.safeParse(query);
    if (!parsed.success) return validationHook({ success: false, error: parsed.error, data: query, target: "query" } as never, c) as Response;
    return c.json(await report(parsed.data), 200, NO_STORE);
  });

  const tokenMatches = (given: unknown) => typeof given === "string" && given.length > 0 && timingSafeEqual(given, token);
  const html = (c: Context, body: string, status: 200 | 400 | 401) => c.html(body, status, NO_STORE);

  app.get(ADMIN_GAPS_PAGE, limiter, async (c) => {
    const header = c.req.header("authorization");
    if (!header) return html(c, tokenFormPage(), 200);
    const given = /^Bearer (.+)$/i.exec(header)?.[1];
    if (!(await tokenMatches(given))) return html(c, tokenFormPage("That token is not the admin token."), 401);
    return html(c, gapsPage(await report({})), 200);
  });

  app.post(
    ADMIN_GAPS_PAGE,
    limiter,
    bodyLimit({ maxSize: 4096, onError: (c) => html(c, tokenFormPage("The form was too large."), 400) }),
    async (c) => {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      if (!(await tokenMatches(form.token))) return html(c, tokenFormPage("That token is not the admin token."), 401);
      const days = typeof form.days === "string" && form.days.trim() ? form.days.trim() : undefined;
      const parsed = GapsQuerySchema.safeParse({ days });
      if (!parsed.success) return html(c, tokenFormPage("Days must be a whole number from 1 to 3650."), 400);
      return html(c, gapsPage(await report(parsed.data)), 200);
    },
  );
}
