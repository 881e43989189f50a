/**
 * The API's routes as OpenAPI operations: path, operationId, request schema,
 * and every response each one can give, errors included. app.ts attaches the
 * handlers; the served document (/api/openapi.json) and the typed client in
 * packages/client are generated from these, so a status or code a handler can
 * return belongs here too.
 */
import { createRoute } from "@hono/zod-openapi";
import { answerRequestExamples, answerResponseExamples } from "./examples.js";
import {
  AnswerRequestSchema,
  AnswerResponseSchema,
  ArticleSchema,
  ArticleSummarySchema,
  CitationDetailSchema,
  ErrorSchema,
  FeedbackRequestSchema,
  FeedbackResponseSchema,
  GapsQuerySchema,
  GapsReportSchema,
  HealthSchema,
  IdParamSchema,
  ReloadResponseSchema,
  SearchQuerySchema,
  SearchResponseSchema,
  SuggestionsSchema,
  type ERROR_CODES,
} from "./schemas.js";

type ErrorCode = (typeof ERROR_CODES)[number];

/** Name of the admin bearer-token security scheme (components.securitySchemes). */
export const ADMIN_SECURITY_SCHEME = "adminToken";

/** Public routes need no credentials; said explicitly so tools do not guess. */
const PUBLIC: Record<string, string[]>[] = [];

// A typical message per code, for the examples; the real ones name the field or id.
const EXAMPLE_MESSAGES: Record<ErrorCode, string> = {
  invalid_request: "question: must not be empty",
  invalid_json: "Malformed JSON in request body",
  bad_request: "Bad request",
  unauthorized: "Unauthorized",
  not_found: "No article with id 0000000000000000",
  method_not_allowed: "Method GET is not allowed here; allowed: POST",
  payload_too_large: "Request body must be at most 16384 bytes",
  unsupported_media_type: "Content-Type must be application/json",
  rate_limited: "Too many requests; retry in 3s",
  internal: "Internal server error",
  reload_failed: "index reload failed, still serving the previous index: ENOENT",
};

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });

/** An error response in the shared shape, with one example per code it can carry. */
function error(description: string, codes: ErrorCode[], headers?: Record<string, { description: string; schema: { type: "integer" | "string" } }>) {
  const examples = Object.fromEntries(
    codes.map((code) => [code, { summary: code, value: { error: { code, message: EXAMPLE_MESSAGES[code] } } }]),
  );
  return {
    description: `${description} (\`code\`: ${codes.map((c) => `\`${c}\``).join(", ")})`,
    ...(headers ? { headers } : {}),
    content: { "application/json": { schema: ErrorSchema, examples } },
  };
}

const integerHeader = (description: string) => ({ description, schema: { type: "integer" as const } });

const badId = error("The id is not 1–200 characters of letters, digits, '-' and '_'", ["invalid_request"]);
const methodNotAllowed = error("Another method on this path; the `Allow` header lists the allowed ones", ["method_not_allowed"], {
  Allow: { description: "The methods this path allows", schema: { type: "string" } },
});
const internal = error("An unexpected failure; details go only to the server log", ["internal"]);
const rateLimited = error("Too many requests from this client", ["rate_limited"], {
  "Retry-After": integerHeader("Seconds to wait before retrying"),
  "RateLimit-Limit": integerHeader("Requests a client may make back to back"),
  "RateLimit-Remaining": integerHeader("Requests left right now"),
  "RateLimit-Reset": integerHeader("Seconds until the allowance is full again"),
});

/** What a JSON body route can answer beyond its own statuses (jsonBody middleware, method check, rate limit). */
const jsonBodyErrors = {
  405: methodNotAllowed,
  413: error("The body is over 16 KB", ["payload_too_large"]),
  415: error("The body is not `application/json` (UTF-8)", ["unsupported_media_type"]),
  429: rateLimited,
  500: internal,
};

export const answerRoute = createRoute({
  method: "post",
  path: "/api/answer",
  operationId: "answer",
  summary: "Answer a question with verbatim, cited sentences from the articles",
  description:
    "Answers with up to three sentences quoted verbatim from the articles, each followed by its marker `[n]` and cited " +
    "with offsets (`article.text.slice(start, end) === quote`), or abstains with the reason when the articles cannot " +
    "answer. A greeting or a request for help is answered with what Verbatim does and example questions (`kind: help`), and " +
    "a request for an overview with one central sentence from each article (`kind: overview`); every other message is a " +
    "question (`kind: answer`). Rate-limited per client.",
  security: PUBLIC,
  request: {
    body: {
      description: "The question, optionally with the conversation so far",
      required: true,
      content: { "application/json": { schema: AnswerRequestSchema, examples: answerRequestExamples } },
    },
  },
  responses: {
    200: {
      description: "An answer, an abstention with its reason, help, or an overview (see `kind`)",
      content: { "application/json": { schema: AnswerResponseSchema, examples: answerResponseExamples } },
    },
    400: error("The body is not JSON, a field fails validation, or `articleIds` names an unknown article (the message names the field or ids)", [
      "invalid_request",
      "invalid_json",
    ]),
    ...jsonBodyErrors,
  },
});

export const citationRoute = createRoute({
  method: "get",
  path: "/api/citations/{id}",
  operationId: "getCitation",
  summary: "Look up a citation: the quoted sentence, its offsets and surrounding text",
  description: "Citation ids are `<articleId>-<start>-<end>`, stable across restarts and rebuilds of the same corpus.",
  security: PUBLIC,
  request: { params: IdParamSchema },
  responses: {
    200: json(CitationDetailSchema, "The citation"),
    400: badId,
    404: error("No such article, or the offsets are not a sentence of it", ["not_found"]),
    405: methodNotAllowed,
    500: internal,
  },
});

export const articlesRoute = createRoute({
  method: "get",
  path: "/api/articles",
  operationId: "listArticles",
  summary: "List the articles",
  security: PUBLIC,
  responses: { 200: json(ArticleSummarySchema.array(), "All articles"), 405: methodNotAllowed, 500: internal },
});

export const articleRoute = createRoute({
  method: "get",
  path: "/api/articles/{id}",
  operationId: "getArticle",
  summary: "One article with its full clean text (citation offsets index into it)",
  security: PUBLIC,
  request: { params: IdParamSchema },
  responses: {
    200: json(ArticleSchema, "The article"),
    400: badId,
    404: error("No article with this id", ["not_found"]),
    405: methodNotAllowed,
    500: internal,
  },
});

export const searchRoute = createRoute({
  method: "get",
  path: "/api/search",
  operationId: "search",
  summary: "Hybrid (BM25 + vector) passage search",
  description: "Ranked passages with their scores. Rate-limited per client, together with POST /api/answer.",
  security: PUBLIC,
  request: { query: SearchQuerySchema },
  responses: {
    200: json(SearchResponseSchema, "Ranked passages"),
    400: error("`q` is empty or too long, or `k` is not 1–50", ["invalid_request"]),
    405: methodNotAllowed,
    429: rateLimited,
    500: internal,
  },
});

export const healthRoute = createRoute({
  method: "get",
  path: "/api/health",
  operationId: "health",
  summary: "Index size and the active query embedder",
  security: PUBLIC,
  responses: { 200: json(HealthSchema, "Service status"), 405: methodNotAllowed, 500: internal },
});

export const suggestionsRoute = createRoute({
  method: "get",
  path: "/api/suggestions",
  operationId: "suggestions",
  summary: "Questions to try, drawn from the corpus",
  security: PUBLIC,
  responses: { 200: json(SuggestionsSchema, "Suggested questions"), 405: methodNotAllowed, 500: internal },
});

/** Documented always; served only when the server has ADMIN_TOKEN and can reload (see admin.ts). */
export const reloadRoute = createRoute({
  method: "post",
  path: "/api/admin/reload",
  operationId: "reload",
  summary: "Re-read the index from disk and swap it in without a restart",
  description:
    "Exists only when the server was started with `ADMIN_TOKEN` on a runtime that can reload (Node); otherwise it " +
    "answers 404 like any unknown path. A failed reload leaves the running index in place.",
  security: [{ [ADMIN_SECURITY_SCHEME]: [] }],
  responses: {
    200: json(ReloadResponseSchema, "The index now serving"),
    400: error("The Authorization header is not `Bearer <token>`", ["bad_request"]),
    401: error("No token, or the wrong one", ["unauthorized"]),
    404: error("Admin routes are off on this server", ["not_found"]),
    405: methodNotAllowed,
    500: error("The reload failed; the previous index keeps serving", ["reload_failed", "internal"]),
  },
});

export const feedbackRoute = createRoute({
  method: "post",
  path: "/api/feedback",
  operationId: "feedback",
  summary: "A reader's 👍 or 👎 on an answer or on one citation",
  description:
    "Give exactly one of `answerId` (from an answer response) and `citationId`. With the server's question log on " +
    "(`VERBATIM_QUESTION_LOG`), the vote is kept for the editor's report (`GET /api/admin/gaps`): no address or other " +
    "identifier of the reader is stored. With the log off the request is still validated and answered 202, with " +
    "`recorded: false`, so a client need not know how the server is set up. Rate-limited per client, together with " +
    "POST /api/answer.",
  security: PUBLIC,
  request: {
    body: { description: "The vote", required: true, content: { "application/json": { schema: FeedbackRequestSchema } } },
  },
  responses: {
    202: json(FeedbackResponseSchema, "Accepted; `recorded` says whether it was kept"),
    400: error("The body is not JSON, or not exactly one of `answerId` (a UUID) and `citationId` with a boolean `helpful`", [
      "invalid_request",
      "invalid_json",
    ]),
    404: error("`citationId` is not a sentence of any article", ["not_found"]),
    ...jsonBodyErrors,
  },
});

/** Documented always; served only when the server has ADMIN_TOKEN and a question log (see admin.ts). */
export const gapsRoute = createRoute({
  method: "get",
  path: "/api/admin/gaps",
  operationId: "gaps",
  summary: "What readers could not get answered: unanswered questions, 👎 answers, most cited articles",
  description:
    "The editor's report over the question log, each list most frequent first. Exists only when the server was " +
    "started with `ADMIN_TOKEN` and `VERBATIM_QUESTION_LOG` (Node); otherwise it answers 404 like any unknown path. " +
    "`npm run gaps` prints the same report from the log file.",
  security: [{ [ADMIN_SECURITY_SCHEME]: [] }],
  request: { query: GapsQuerySchema },
  responses: {
    200: json(GapsReportSchema, "The report"),
    400: error("`days` or `limit` is out of range, or the Authorization header is not `Bearer <token>`", ["invalid_request", "bad_request"]),
    401: error("No token, or the wrong one", ["unauthorized"]),
    404: error("Admin routes or the question log are off on this server", ["not_found"]),
    405: methodNotAllowed,
    429: rateLimited,
    500: internal,
  },
});
