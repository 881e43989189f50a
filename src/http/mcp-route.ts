/**
 * POST /mcp: the MCP server (mcp/server.ts) over Streamable HTTP, stateless,
 * with the web-standard transport, so Node and Workers serve it alike. Each
 * request gets its own server and transport (no session to keep across
 * isolates) and a JSON response rather than an SSE stream: every tool answers
 * at once. GET (a server-to-client stream) is 405, which the protocol allows.
 * The API's guards apply: the same rate limit, body size and content type.
 */
import type { MiddlewareHandler } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { ServingEngine } from "../core/engine.js";
import { createMcpServer } from "../mcp/server.js";
import { jsonBody, readJson } from "./middleware/body.js";

export const MCP_PATH = "/mcp";

export function registerMcpRoute(app: OpenAPIHono<any, any, any>, getEngine: () => ServingEngine | Promise<ServingEngine>, limiter: MiddlewareHandler) {
  app.use(MCP_PATH, limiter);
  app.use(MCP_PATH, jsonBody());
  app.post(MCP_PATH, async (c) => {
    const parsedBody = await readJson(c);
    const server = createMcpServer(getEngine);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw, { parsedBody });
    } finally {
      await server.close();
    }
  });
}
