/**
 * The OpenAPI 3.1 document served at /api/openapi.json: everything in it that
 * is not a route (info, license, servers, the admin security scheme). It is
 * linted with Redocly's `recommended` rules (test/api/openapi-lint.test.ts)
 * and is the source of packages/client's types (npm run client:generate).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { ADMIN_SECURITY_SCHEME, gapsRoute, reloadRoute } from "./routes.js";

export const OPENAPI_PATH = "/api/openapi.json";

const DESCRIPTION = `Grounded question answering over news articles: every answer sentence is a verbatim sentence of an
article, cited with offsets you can check (\`article.text.slice(start, end) === quote\`). No LLM is called.

Errors are always \`{"error": {"code", "message"}}\` with a 4xx status (500 \`internal\` only for an unexpected failure,
without details); clients switch on \`code\` (see \`ErrorCode\`). A known path called with another method answers 405
\`method_not_allowed\` with an \`Allow\` header. \`POST /api/answer\`, \`POST /api/feedback\` and \`GET /api/search\` are rate-limited per client
(429 \`rate_limited\` with \`Retry-After\`). Every response carries \`X-Request-Id\`.`;

// @hono/zod-openapi's config type for doc31, taken from the method so it follows the library.
type DocumentConfig = Extract<Parameters<OpenAPIHono["doc31"]>[1], { openapi: string }>;

export const OPENAPI_DOCUMENT: DocumentConfig = {
  openapi: "3.1.0",
  info: {
    title: "Verbatim API",
    version: "1.0.0",
    description: DESCRIPTION,
    license: { name: "MIT", url: "https://opensource.org/license/mit" },
  },
  // Relative: the server that serves this document (e.g. http://localhost:8787 after `npm start`) also serves the API.
  servers: [{ url: "/", description: "The server this document was fetched from" }],
};

/** Adds what the document needs beyond the routes `app.openapi()` registered, and serves it. */
export function serveOpenApiDocument(app: OpenAPIHono<any, any, any>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", ADMIN_SECURITY_SCHEME, {
    type: "http",
    scheme: "bearer",
    description: "The server's ADMIN_TOKEN",
  });
  // The handlers are mounted by registerAdminRoutes, and only when a token (and what the route needs) is set.
  app.openAPIRegistry.registerPath(reloadRoute);
  app.openAPIRegistry.registerPath(gapsRoute);
  app.doc31(OPENAPI_PATH, OPENAPI_DOCUMENT);
}
