/**
 * npm run --silent mcp: Verbatim as an MCP server over stdio, for desktop
 * assistants that start it as a subprocess (docs/mcp.md). The same tools and
 * resources as POST /mcp (mcp/server.ts).
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMcpServer } from "../mcp/server.js";
import { loadEngine } from "../node/load-engine.js";

// stdout carries the protocol: anything a library prints (TensorFlow.js greets on load) goes to stderr instead.
console.log = console.info = console.debug = console.error;

// The engine loads while the client connects; tool calls wait for it.
const engine = loadEngine();
engine.catch((error: Error) => console.error(`verbatim mcp: could not load the index: ${error.message}`));

await createMcpServer(() => engine).connect(new StdioServerTransport());
