/**
 * The Hono app: every API route, built once and run unchanged by the Node
 * server and the Workers entry. It knows nothing about either runtime: the
 * engine arrives through `getEngine`, and static files are the entries' job.
 */
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Engine } from "../core/engine.js";
import { jsonBody } from "./middleware/body.js";
import { validationHook } from "./middleware/body.js";
import { jsonError, methodNotAllowed, notFound, onError } from "./middleware/errors.js";
import { rateLimit, rateLimitFromEnv } from "./middleware/rate-limit.js";
import { requestId, requestLogger, requestLoggerOptionsFromEnv } from "./middleware/request-log.js";
import { apiCors, securityHeaders } from "./middleware/security.js";
import { adminTokenFromEnv, registerAdminRoutes, type ReloadSummary } from "./admin.js";
import {
  AnswerRequestSchema,
  AnswerResponseSchema,
  ArticleSchema,
  ArticleSummarySchema,
  CitationDetailSchema,
  ErrorSchema,
  HealthSchema,
  IdParamSchema,
  SearchQuerySchema,
  SearchResponseSchema,
  SuggestionsSchema,
} from "./schemas.js";

export interface AppOptions {
  /** The engine to answer with; may be swapped between calls (index reload). */
  getEngine: () => Engine | Promise<Engine>;
  /** Settings from the environment (process.env on Node, bindings on Workers). */
  env?: Record<string, string | undefined>;
  /** Client key for rate limiting, e.g. the socket address on Node. */
  clientKey?: (c: Context) => string | undefined;
  /** Receives one JSON log line per request. */
  log?: (line: string) => void;
  /** Re-reads the index; with ADMIN_TOKEN set it is served at POST /api/admin/reload (see admin.ts). */
  reload?: () => Promise<ReloadSummary>;
}

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });
const errors = {
  400: json(ErrorSchema, "Invalid request"),
  404: json(ErrorSchema, "Not found"),
  429: json(ErrorSchema, "Too many requests"),
};

const answerRoute = createRoute({
  method: "post",
  path: "/api/answer",
  summary: "Answer a question with verbatim, cited sentences from the articles",
  request: { body: { content: { "application/json": { schema: AnswerRequestSchema } }, required: true } },
  responses: { 200: json(AnswerResponseSchema, "An answer, or an abstention with its reason"), 400: errors[400], 413: json(ErrorSchema, "Body too large"), 415: json(ErrorSchema, "Not JSON"), 429: errors[429] },
});

const citationRoute = createRoute({
  method: "get",
  path: "/api/citations/{id}",
  summary: "Look up a citation: the quoted sentence, its offsets and surrounding text",
  request: { params: IdParamSchema },
  responses: { 200: json(CitationDetailSchema, "The citation"), 400: errors[400], 404: errors[404] },
});

const articlesRoute = createRoute({
  method: "get",
  path: "/api/articles",
  summary: "List the articles",
  responses: { 200: json(ArticleSummarySchema.array(), "All articles") },
});

const articleRoute = createRoute({
  method: "get",
  path: "/api/articles/{id}",
  summary: "One article with its full clean text (citation offsets index into it)",
  request: { params: IdParamSchema },
  responses: { 200: json(ArticleSchema, "The article"), 400: errors[400], 404: errors[404] },
});

const searchRoute = createRoute({
  method: "get",
  path: "/api/search",
  summary: "Hybrid (BM25 + vector) passage search",
  request: { query: SearchQuerySchema },
  responses: { 200: json(SearchResponseSchema, "Ranked passages"), 400: errors[400], 429: errors[429] },
});

const healthRoute = createRoute({
  method: "get",
  path: "/api/health",
  summary: "Index size and the active query embedder",
  responses: { 200: json(HealthSchema, "Service status") },
});

const suggestionsRoute = createRoute({
  method: "get",
  path: "/api/suggestions",
  summary: "Questions to try, drawn from the corpus",
  responses: { 200: json(SuggestionsSchema, "Suggested questions") },
});

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
  const limiter = rateLimit({ ...rateLimitFromEnv(env), getClientKey: options.clientKey });
  app.use("/api/answer", limiter);
  app.use("/api/search", limiter);
  app.use("/api/answer", jsonBody());

  app.openapi(answerRoute, async (c) => {
    const body = c.req.valid("json");
    const result = await (await engine()).answer(body);
    return c.json(result, 200);
  });

  app.openapi(citationRoute, async (c) => {
    const { id } = c.req.valid("param");
    const detail = (await engine()).citation(id);
    if (!detail) return jsonError(c, 404, "not_found", `No citation with id ${id}`) as never;
    return c.json(detail, 200);
  });

  app.openapi(articlesRoute, async (c) => c.json((await engine()).articles(), 200));

  app.openapi(articleRoute, async (c) => {
    const { id } = c.req.valid("param");
    const article = (await engine()).article(id);
    if (!article) return jsonError(c, 404, "not_found", `No article with id ${id}`) as never;
    return c.json(article, 200);
  });

  app.openapi(searchRoute, async (c) => {
    const { q, k } = c.req.valid("query");
    return c.json({ query: q, hits: await (await engine()).search(q, k ?? 10) }, 200);
  });

  app.openapi(healthRoute, async (c) => c.json((await engine()).health(), 200));

  app.openapi(suggestionsRoute, async (c) => c.json({ questions: await (await engine()).suggestions() }, 200));

  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Verbatim API",
      version: "1.0.0",
      description: "Grounded question answering over news articles: every answer sentence is a verbatim, cited sentence.",
    },
  });

  registerAdminRoutes(app, { token: adminTokenFromEnv(env), reload: options.reload });
  app.all("/api/*", (c) => jsonError(c, 404, "not_found", `No API route ${c.req.method} ${c.req.path}`));
  return app;
}

export type App = ReturnType<typeof createApp>;
