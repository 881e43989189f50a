/** The MCP server at /mcp of the Worker in workerd (wrangler's local runtime, offline), through the SDK's Client over Streamable HTTP. */
import { afterAll, beforeAll } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { startLocalWorker, type LocalWorker } from "../helpers/worker.js";
import { connectOverHttp, describeMcpServer } from "../mcp/checks.js";

let worker: LocalWorker;
let client: Client;

beforeAll(async () => {
  worker = await startLocalWorker({ RATE_LIMIT_PER_MIN: "6000" });
  client = await connectOverHttp(worker.origin);
}, 180_000);

afterAll(async () => {
  await client?.close();
  await worker?.dispose();
});

describeMcpServer("Streamable HTTP (Worker in workerd)", () => client);
