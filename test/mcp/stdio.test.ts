/** The MCP server over stdio: `npm run --silent mcp` spawned as a desktop assistant spawns it, driven by the SDK's Client. */
import { afterAll, beforeAll } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ROOT } from "../browser/helpers.js";
import { describeMcpServer } from "./checks.js";

let client: Client;

beforeAll(async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
  client = new Client({ name: "verbatim-test", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: "npm", args: ["run", "--silent", "mcp"], cwd: ROOT, env, stderr: "ignore" }));
}, 120_000);

afterAll(async () => {
  await client?.close();
});

describeMcpServer("stdio (npm run mcp)", () => client);
