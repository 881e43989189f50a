/**
 * The MCP server over Streamable HTTP at /mcp of the real Node server (its own
 * process, the committed index, the default model), through the SDK's Client;
 * and /mcp keeping the API's guards: rate limit, body size, content type, methods.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { startServer, type RunningServer } from "../browser/helpers.js";
import { realEngine, testApp } from "../helpers/engine.js";
import { connectOverHttp, describeMcpServer } from "./checks.js";

let server: RunningServer;
let client: Client;

beforeAll(async () => {
  server = await startServer();
  client = await connectOverHttp(server.baseUrl);
}, 120_000);

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

describeMcpServer("Streamable HTTP (Node)", () => client);

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};
const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

describe("/mcp keeps the API's guards", () => {
  it("rate-limits like the API, with Retry-After", async () => {
    const app = testApp(await realEngine(), { RATE_LIMIT_PER_MIN: "1" });
    const post = () => app.request("/mcp", { method: "POST", headers: MCP_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect((await post()).status).toBe(200);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await limited.json()).error.code).toBe("rate_limited");
  });

  it("refuses an oversized body, a wrong content type, malformed JSON and GET, in the API's error shape", async () => {
    const app = testApp(await realEngine());
    const cases: [RequestInit, number, string][] = [
      [{ method: "POST", headers: MCP_HEADERS, body: JSON.stringify({ ...INITIALIZE, padding: "x".repeat(20_000) }) }, 413, "payload_too_large"],
      [{ method: "POST", headers: { ...MCP_HEADERS, "content-type": "text/plain" }, body: JSON.stringify(INITIALIZE) }, 415, "unsupported_media_type"],
      [{ method: "POST", headers: MCP_HEADERS, body: "{" }, 400, "invalid_json"],
      [{ method: "GET", headers: { accept: "text/event-stream" } }, 405, "method_not_allowed"],
    ];
    for (const [init, status, code] of cases) {
      const res = await app.request("/mcp", init);
      expect(res.status, code).toBe(status);
      expect((await res.json()).error.code).toBe(code);
    }
  });

  it("answers malformed JSON-RPC params with a JSON-RPC error or a tool error, never a 5xx", async () => {
    const app = testApp(await realEngine());
    const rpc = async (method: string, params: unknown) => {
      const res = await app.request("/mcp", { method: "POST", headers: MCP_HEADERS, body: JSON.stringify({ jsonrpc: "2.0", id: 2, method, params }) });
      expect(res.status).toBe(200);
      return res.json();
    };
    const toolCall = await rpc("tools/call", { name: "answer", arguments: { question: 42, articleIds: "all" } });
    expect(toolCall.result.isError).toBe(true);
    expect(toolCall.result.content[0].text).toMatch(/question[\s\S]*articleIds|articleIds[\s\S]*question/);
    // The SDK words a request its own schema refuses as -32603 with the reason; still an answer, not a crash.
    const read = await rpc("resources/read", {});
    expect(read.error.message).toMatch(/uri/);
  });
});
