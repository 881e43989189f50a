/**
 * Admin routes, off unless a token is configured:
 *
 *   POST /api/admin/reload   Authorization: Bearer $ADMIN_TOKEN
 *
 * re-reads the index from disk and swaps it in without a restart (after
 * `npm run ingest` or `npm run build:index`). With no ADMIN_TOKEN, or on a
 * runtime that cannot reload (Workers: the index is part of the bundle), the
 * route does not exist and answers 404 like any unknown path. A reload that
 * fails leaves the running index in place.
 */
import type { Hono } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { jsonError } from "./middleware/errors.js";

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
}

export const ADMIN_RELOAD_PATH = "/api/admin/reload";

/** The admin token from the environment (ADMIN_TOKEN), or undefined when unset or blank. */
export function adminTokenFromEnv(env: Record<string, string | undefined>): string | undefined {
  return env.ADMIN_TOKEN?.trim() || undefined;
}

/**
 * Registers the admin routes on `app` when both a token and a reload function
 * are given. Call before any catch-all route. Returns whether the routes are on.
 *
 * @example
 * ```ts
 * registerAdminRoutes(app, { token: adminTokenFromEnv(env), reload: options.reload })
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerAdminRoutes(app: Hono<any, any, any>, options: AdminOptions): boolean {
  const { token, reload } = options;
  if (!token || !reload) return false;
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
  return true;
}
