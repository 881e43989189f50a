/**
 * Verbatim as a Model Context Protocol server: the engine's answer, search,
 * citation and article list as tools, and each article as a resource. One
 * construction shared by the Streamable HTTP route (/mcp, Node and Workers;
 * see http/mcp-route.ts) and the stdio entry (cli/mcp.ts). Inputs are the HTTP
 * API's own zod schemas, so an argument the API refuses the tool refuses too,
 * as a tool error (`isError`), never a crash.
 */
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "@hono/zod-openapi";
import type { AnswerResult, ServingEngine } from "../core/engine.js";
import { UnknownArticlesError } from "../core/scope.js";
import {
  AnswerRequestSchema,
  AnswerResponseSchema,
  ArticleSummarySchema,
  CitationDetailSchema,
  IdParamSchema,
  SearchQuerySchema,
  SearchResponseSchema,
} from "../http/schemas.js";

export const MCP_SERVER_NAME = "verbatim";
export const MCP_SERVER_VERSION = "0.1.0";

/** Article resources: the text is `article.text` exactly, so citation offsets index into it. */
export const ARTICLE_URI_PREFIX = "verbatim://articles/";

const INSTRUCTIONS = [
  "Verbatim answers questions about a fixed set of news articles using only sentences quoted verbatim from them.",
  "Quote its citations word for word and name their articles; never reword a quote or add facts it does not give.",
  "When it abstains, tell the user the articles do not answer the question and why; do not fill the gap yourself as if Verbatim had said it.",
].join(" ");

const AnswerToolInput = AnswerRequestSchema.pick({ question: true, history: true, articleIds: true });
// No answerId: an agent's answers are not logged and take no 👍/👎 (POST /api/feedback is for readers).
const AnswerToolOutput = AnswerResponseSchema.omit({ trace: true, answerId: true });
// Query strings need `k` coerced from text; tool arguments are JSON, so it is a plain number here.
const SearchToolInput = SearchQuerySchema.extend({ k: z.number().int().min(1).max(50).optional() });
const ArticleListOutput = z.object({ articles: z.array(ArticleSummarySchema) });

function toolError(message: string): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}

/** Errors a caller can fix become tool errors with the reason; anything else is logged and reported without details. */
function failed(error: unknown): CallToolResult {
  if (error instanceof UnknownArticlesError) return toolError(`articleIds: ${error.message}`);
  console.error(`verbatim mcp: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return toolError("Internal error; details are in the server log");
}

/** A tool handler whose failures become tool errors (see `failed`) instead of escaping to the protocol layer. */
function guarded<A extends unknown[]>(handler: (...args: A) => Promise<CallToolResult>): (...args: A) => Promise<CallToolResult> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      return failed(error);
    }
  };
}

/** The answer as an agent reads it: the sentences with their markers, then each citation to quote. */
export function answerText(result: Omit<AnswerResult, "trace">): string {
  if (result.abstained)
    return `Verbatim abstained: ${result.answer}\nTell the user these articles do not answer this${result.abstainReason ? ` (${result.abstainReason})` : ""}.`;
  if (result.kind === "help") return [result.answer, "", "Questions to try:", ...(result.suggestions ?? []).map((q) => `- ${q}`)].join("\n");
  const sources = result.citations.map(
    (c) =>
      `[${c.n}] ${c.context ? "(context: says who or what the next sentence's opening pronoun is) " : ""}"${c.quote}" — ${c.title} (article ${c.articleId}, characters ${c.start}–${c.end}; citation ${c.id})`,
  );
  return [result.answer, "", "Citations (quote them verbatim):", ...sources].join("\n");
}

/**
 * A fresh MCP server over the engine `getEngine` returns at call time (it may
 * be swapped by an index reload). Stateless HTTP builds one per request.
 */
export function createMcpServer(getEngine: () => ServingEngine | Promise<ServingEngine>): McpServer {
  const server = new McpServer({ name: MCP_SERVER_NAME, version: MCP_SERVER_VERSION }, { instructions: INSTRUCTIONS });
  const engine = async () => getEngine();

  server.registerTool(
    "answer",
    {
      title: "Answer from the articles",
      description:
        "Answer a question with up to three sentences quoted verbatim from the news articles, each followed by a marker [n] " +
        "that points to its citation (article, quote, character offsets). Quote the citations word for word when you use them. " +
        "If `abstained` is true the articles do not answer the question: say so and give `abstainReason`; do not answer it yourself as if Verbatim had. " +
        "`history` carries the conversation for follow-ups; `articleIds` (from list_articles) restricts the answer to those articles.",
      inputSchema: AnswerToolInput,
      outputSchema: AnswerToolOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guarded(async (input) => {
      const { trace: _trace, ...result } = await (await engine()).answer(input);
      return { content: [{ type: "text", text: answerText(result) }], structuredContent: result };
    }),
  );

  server.registerTool(
    "search",
    {
      title: "Search passages",
      description:
        "Search the articles for passages (about three sentences each), best first, with the character offsets of each in its article. " +
        "For questions, prefer `answer`, which picks and cites the sentences; use this to explore what the articles cover.",
      inputSchema: SearchToolInput,
      outputSchema: SearchResponseSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guarded(async ({ q, k }) => {
      const hits = await (await engine()).search(q, k ?? 10);
      const text = hits.length
        ? hits.map((h, i) => `${i + 1}. ${h.title} (article ${h.articleId}, ${h.start}–${h.end}, score ${h.score}):\n${h.text}`).join("\n\n")
        : "No passage matches.";
      return { content: [{ type: "text", text }], structuredContent: { query: q, hits } };
    }),
  );

  server.registerTool(
    "get_citation",
    {
      title: "Look up a citation",
      description:
        "Look up a citation id from an answer (`<articleId>-<start>-<end>`): the quoted sentence, its offsets, its article's title, " +
        "source and date, and the sentences before and after it, for checking or quoting it in context.",
      inputSchema: IdParamSchema,
      outputSchema: CitationDetailSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guarded(async ({ id }) => {
      const detail = await (await engine()).citation(id);
      if (!detail) return toolError(`No citation with id ${id}`);
      const text = `"${detail.quote}" — ${detail.title}\n\n…${detail.before}[${detail.quote}]${detail.after}…`;
      return { content: [{ type: "text", text }], structuredContent: { ...detail } };
    }),
  );

  server.registerTool(
    "list_articles",
    {
      title: "List the articles",
      description: "List the articles Verbatim answers from: id, title, source, date and length. Pass ids to `answer` as `articleIds` to ask about particular articles.",
      outputSchema: ArticleListOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    guarded(async () => {
      const articles = await (await engine()).articles();
      const text = articles.map((a) => [`${a.id}: ${a.title}`, a.source, a.date].filter(Boolean).join(" — ")).join("\n");
      return { content: [{ type: "text", text }], structuredContent: { articles } };
    }),
  );

  server.registerResource(
    "article",
    new ResourceTemplate(`${ARTICLE_URI_PREFIX}{id}`, {
      list: async () => ({
        resources: (await (await engine()).articles()).map((a) => ({ uri: `${ARTICLE_URI_PREFIX}${a.id}`, name: a.title, mimeType: "text/plain" })),
      }),
    }),
    { title: "Article", description: "An article's full text; citation offsets index into it.", mimeType: "text/plain" },
    async (uri, { id }) => {
      const article = await (await engine()).article(String(id));
      if (!article) throw new McpError(ErrorCode.InvalidParams, `No article with id ${String(id)}`);
      return { contents: [{ uri: uri.href, mimeType: "text/plain", text: article.text }] };
    },
  );

  return server;
}
