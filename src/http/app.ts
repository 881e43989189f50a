/**
 * The Hono app: every API route, built once and run unchanged by the Node
 * server and the Workers entry. It knows nothing about either runtime: the
 * engine arrives through `getEngine`, and static files are the entries' job.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ServingEngine } from "../core/engine.js";
import { feedbackRecord, questionRecord, type QuestionLog } from "../core/question-log.js";
import { UnknownArticlesError } from "../core/scope.js";
import { jsonBody } from "./middleware/body.js";
import { validationHook } from "./middleware/body.js";
import { jsonError, methodNotAllowed, notFound, onError } from "./middleware/errors.js";
import { bindingRateLimit, rateLimit, rateLimitFromEnv, type RateLimitBinding } from "./middleware/rate-limit.js";
import { requestId, requestLogger, requestLoggerOptionsFromEnv } from "./middleware/request-log.js";
import { apiCors, securityHeaders } from "./middleware/security.js";
import { adminTokenFromEnv, registerAdminRoutes, type ReloadSummary } from "./admin.js";
import { serveOpenApiDocument } from "./openapi.js";
import { registerMcpRoute } from "./mcp-route.js";
import {
  answerRoute,
  articleRoute,
  articlesRoute,
  citationRoute,
  feedbackRoute,
  healthRoute,
  searchRoute,
  suggestionsRoute,
} from "./routes.js";

export interface AppOptions {
  /** The engine to answer with; may be swapped between calls (index reload). */
  getEngine: () => ServingEngine | Promise<ServingEngine>;
  /** Settings from the environment (process.env on Node, bindings on Workers). */
  env?: Record<string, string | undefined>;
  /** Client key for rate limiting, e.g. the socket address on Node. */
  clientKey?: (c: Context) => string | undefined;
  /** Receives one JSON log line per request. */
  log?: (line: string) => void;
  /** Re-reads the index; with ADMIN_TOKEN set it is served at POST /api/admin/reload (see admin.ts). */
  reload?: () => Promise<ReloadSummary>;
  /** Cloudflare's Rate Limiting binding (Workers); the in-memory limiter when absent. */
  rateLimitBinding?: RateLimitBinding;
  /**
   * Keeps questions and readers' feedback for the editor's report (GET /api/admin/gaps).
   * Absent: nothing is kept, and feedback is validated and answered `recorded: false`.
   */
  questionLog?: QuestionLog;
}

export function createApp(options: AppOptions) {
  const env = options.env ?? {};
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const engine = async () => options.getEngine();

  app.onError(onError);
  app.notFound(notFound);
  app.use("*", requestId());
  app.use("*", requestLogger({ ...requestLoggerOptionsFromEnv(env), ...(options.log ? { log: options.log } : {}) }));
  app.use("*", securityHeaders({ strictTransportSecurity: false }));
  app.use("/api/*", apiCors(env));
  app.use(methodNotAllowed({ app }));
  const limits = rateLimitFromEnv(env);
  const inMemory = rateLimit({ ...limits, getClientKey: options.clientKey });
  // RATE_LIMIT_PER_MIN=0 turns limiting off whichever limiter would run.
  const limiter =
    options.rateLimitBinding && limits.perMinute > 0
      ? bindingRateLimit({ binding: options.rateLimitBinding, getClientKey: options.clientKey, fallback: inMemory })
      : inMemory;
  app.use("/api/answer", limiter);
  app.use("/api/search", limiter);
  app.use("/api/feedback", limiter);
  app.use("/api/answer", jsonBody());
  app.use("/api/feedback", jsonBody());
  const log = options.questionLog;
  // A log that cannot be written must not cost a reader their answer; the failure goes to the server log.
  const keep = (write: Promise<void>) => write.catch((error) => console.error(`verbatim: question log: ${(error as Error).message}`));
  registerMcpRoute(app, options.getEngine, limiter);

  app.openapi(answerRoute, async (c) => {
    const body = c.req.valid("json");
    try {
      const answer = await (await engine()).answer(body);
      const answerId = crypto.randomUUID();
      if (log) await keep(log.record(questionRecord(answerId, body, answer)));
      return c.json({ ...answer, answerId }, 200);
    } catch (error) {
      if (error instanceof UnknownArticlesError) return jsonError(c, 400, "invalid_request", `articleIds: ${error.message}`) as never;
      throw error;
    }
  });

  app.openapi(citationRoute, async (c) => {
    const { id } = c.req.valid("param");
    const detail = await (await engine()).citation(id);
    if (!detail) return jsonError(c, 404, "not_found", `No citation with id ${id}`) as never;
    return c.json(detail, 200);
  });

  app.openapi(articlesRoute, async (c) => c.json(await (await engine()).articles(), 200));

  app.openapi(articleRoute, async (c) => {
    const { id } = c.req.valid("param");
    const article = await (await engine()).article(id);
    if (!article) return jsonError(c, 404, "not_found", `No article with id ${id}`) as never;
    return c.json(article, 200);
  });

  app.openapi(searchRoute, async (c) => {
    const { q, k } = c.req.valid("query");
    return c.json({ query: q, hits: await (await engine()).search(q, k ?? 10) }, 200);
  });

  app.openapi(feedbackRoute, async (c) => {
    const { answerId, citationId, helpful } = c.req.valid("json");
    let target: Parameters<typeof feedbackRecord>[0];
    if (citationId !== undefined) {
      const cited = await (await engine()).citation(citationId);
      if (!cited) return jsonError(c, 404, "not_found", `No citation with id ${citationId}`) as never;
      target = { citation: { id: cited.id, articleId: cited.articleId, title: cited.title, quote: cited.quote } };
    } else target = { answerId: answerId! };
    if (log) await keep(log.feedback(feedbackRecord(target, helpful)));
    return c.json({ recorded: log !== undefined }, 202);
  });

  app.openapi(healthRoute, async (c) => c.json(await (await engine()).health(), 200));

  app.openapi(suggestionsRoute, async (c) => c.json({ questions: await (await engine()).suggestions() }, 200));

  serveOpenApiDocument(app);

  registerAdminRoutes(app, { token: adminTokenFromEnv(env), reload: options.reload, questionLog: log, limiter });
  app.all("/api/*", (c) => jsonError(c, 404, "not_found", `No API route ${c.req.method} ${c.req.path}`));
  return app;
}

export type App = ReturnType<typeof createApp>;
