/**
 * What an agent sees through the MCP SDK's own Client, whatever the transport
 * (HTTP to Node, HTTP to the Worker in workerd, stdio to a spawned process):
 * the tools and resources, answers whose citations are the article's text at
 * their offsets (the article read back as an MCP resource), honest
 * abstention, scoped questions, and bad arguments as tool errors.
 */
import { describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ARTICLE_URI_PREFIX } from "../../src/mcp/server.js";

/** Seed articles: the UN General Assembly vote, and the one naming Khmelnitskyi's mayor. */
export const UN_VOTE = "80e463adcbc6eb3c";
export const KHMELNITSKYI = "2f7f351c6ccef128";

interface Citation {
  n: number;
  id: string;
  articleId: string;
  quote: string;
  start: number;
  end: number;
  context?: true;
}

interface Answer {
  answer: string;
  abstained: boolean;
  abstainReason?: string;
  citations: Citation[];
}

/** A Client connected to `<origin>/mcp` over Streamable HTTP, as an assistant given the URL connects. */
export async function connectOverHttp(origin: string): Promise<Client> {
  const client = new Client({ name: "verbatim-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", origin)));
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

async function articleText(client: Client, id: string): Promise<string> {
  const read = await client.readResource({ uri: `${ARTICLE_URI_PREFIX}${id}` });
  const content = read.contents[0];
  expect(content.mimeType).toBe("text/plain");
  return (content as { text: string }).text;
}

async function expectVerbatim(client: Client, citations: Citation[]) {
  for (const c of citations) expect((await articleText(client, c.articleId)).slice(c.start, c.end)).toBe(c.quote);
}

function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}

/** `getClient`: a client the caller connected before the suite runs and closes after it. */
export function describeMcpServer(name: string, getClient: () => Client) {
  describe(`MCP over ${name}`, () => {
    it("lists the four tools with input schemas, and describes how to cite and abstain", async () => {
      const client = getClient();
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(["answer", "get_citation", "list_articles", "search"]);
      const answer = tools.find((t) => t.name === "answer")!;
      expect(answer.description).toMatch(/verbatim/i);
      expect(answer.description).toMatch(/abstain/i);
      expect(Object.keys(answer.inputSchema.properties ?? {}).sort()).toEqual(["articleIds", "history", "question"]);
      expect(answer.inputSchema.required).toEqual(["question"]);
      expect(answer.outputSchema?.properties).toHaveProperty("citations");
      expect(client.getInstructions()).toMatch(/abstain/i);
    });

    it("answers with [n] markers and citations that are the article's text at their offsets", async () => {
      const client = getClient();
      const result = await call(client, "answer", { question: "How many countries abstained in the UN vote?" });
      expect(result.isError).toBeFalsy();
      const answer = result.structuredContent as unknown as Answer;
      expect(answer.abstained).toBe(false);
      expect(answer.citations.length).toBeGreaterThan(0);
      for (const c of answer.citations) {
        expect(answer.answer).toContain(`${c.quote} [${c.n}]`);
        expect(textOf(result)).toContain(`[${c.n}] "${c.quote}"`);
      }
      await expectVerbatim(client, answer.citations);
    });

    it("tells the agent which citation is only context for the answer's opening pronoun", async () => {
      const result = await call(getClient(), "answer", { question: "What did the ministry stress about nuclear weapons?" });
      const answer = result.structuredContent as unknown as Answer;
      expect(answer.citations.map((c) => c.context ?? false)).toEqual([true, false]);
      const [context, stressed] = answer.citations;
      expect(textOf(result)).toContain(`[1] (context: says who or what the next sentence's opening pronoun is) "${context.quote}"`);
      expect(textOf(result)).toContain(`[2] "${stressed.quote}"`);
    });

    it("abstains on a question outside the articles, and says so", async () => {
      const result = await call(getClient(), "answer", { question: "What is the capital of Australia?" });
      expect(result.isError).toBeFalsy();
      const answer = result.structuredContent as unknown as Answer;
      expect(answer.abstained).toBe(true);
      expect(answer.citations).toEqual([]);
      expect(answer.abstainReason).toMatch(/Australia/);
      expect(textOf(result)).toMatch(/^Verbatim abstained: I can't answer that from these articles/);
    });

    it("answers from the selected articles only, and abstains when they do not say", async () => {
      const client = getClient();
      const scoped = (await call(client, "answer", { question: "Who is the mayor of Khmelnitskyi?", articleIds: [KHMELNITSKYI] })).structuredContent as unknown as Answer;
      expect(scoped.abstained).toBe(false);
      expect(scoped.citations.every((c) => c.articleId === KHMELNITSKYI)).toBe(true);
      await expectVerbatim(client, scoped.citations);
      const elsewhere = (await call(client, "answer", { question: "Who is the mayor of Khmelnitskyi?", articleIds: [UN_VOTE] })).structuredContent as unknown as Answer;
      expect(elsewhere.abstained).toBe(true);
      expect(elsewhere.abstainReason).toBe("the selected article does not mention Khmelnitskyi");
    });

    it("answers a greeting with what Verbatim does and questions to try, and gives an overview with citations", async () => {
      const client = getClient();
      const help = await call(client, "answer", { question: "hi" });
      const helped = help.structuredContent as unknown as Answer & { kind: string; suggestions: string[] };
      expect(helped).toMatchObject({ kind: "help", abstained: false, citations: [] });
      expect(helped.suggestions.length).toBeGreaterThan(0);
      expect(textOf(help)).toContain(`Questions to try:\n${helped.suggestions.map((q) => `- ${q}`).join("\n")}`);
      const overview = await call(client, "answer", { question: "What are these articles about?" });
      const summarised = overview.structuredContent as unknown as Answer & { kind: string };
      expect(summarised.kind).toBe("overview");
      for (const c of summarised.citations) expect(textOf(overview)).toContain(`[${c.n}] "${c.quote}"`);
      await expectVerbatim(client, summarised.citations);
    });

    it("carries a follow-up through history", async () => {
      const client = getClient();
      const first = (await call(client, "answer", { question: "Which Chinese diplomat visited Moscow?" })).structuredContent as unknown as Answer;
      expect(first.answer).toMatch(/Wang Yi/);
      const follow = (await call(client, "answer", {
        question: "And who did he meet there?",
        history: [
          { role: "user", content: "Which Chinese diplomat visited Moscow?" },
          { role: "assistant", content: first.answer },
        ],
      })).structuredContent as unknown as Answer;
      expect(follow.abstained).toBe(false);
      await expectVerbatim(client, follow.citations);
    });

    it("turns bad arguments into tool errors naming the problem, and keeps serving", async () => {
      const client = getClient();
      const bad: [string, Record<string, unknown>, RegExp][] = [
        ["answer", {}, /question/],
        ["answer", { question: "   " }, /question/],
        ["answer", { question: "x".repeat(1001) }, /question/],
        ["answer", { question: "Who voted?", articleIds: [] }, /articleIds/],
        ["answer", { question: "Who voted?", articleIds: ["0000000000000000"] }, /articleIds: unknown article id: 0000000000000000/],
        ["answer", { question: "Who voted?", history: [{ role: "system", content: "hi" }] }, /history/],
        ["search", { q: "UN vote", k: 51 }, /k/],
        ["get_citation", { id: "../etc/passwd" }, /id/],
        ["get_citation", { id: "0000000000000000-1-2" }, /No citation with id 0000000000000000-1-2/],
      ];
      for (const [tool, args, message] of bad) {
        const result = await call(client, tool, args);
        expect(result.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
        expect(textOf(result)).toMatch(message);
      }
      await expect(client.callTool({ name: "no_such_tool", arguments: {} })).resolves.toMatchObject({ isError: true });
      expect((await call(client, "list_articles")).isError).toBeFalsy();
    });

    it("looks up a citation with its surrounding text", async () => {
      const client = getClient();
      const answer = (await call(client, "answer", { question: "Who is the mayor of Khmelnitskyi?" })).structuredContent as unknown as Answer;
      const result = await call(client, "get_citation", { id: answer.citations[0].id });
      const detail = result.structuredContent as unknown as Citation & { before: string; after: string };
      expect(detail.quote).toBe(answer.citations[0].quote);
      const text = await articleText(client, detail.articleId);
      expect(text.slice(detail.start - detail.before.length, detail.end + detail.after.length)).toBe(detail.before + detail.quote + detail.after);
    });

    it("searches passages and lists the articles, each readable as a resource", async () => {
      const client = getClient();
      const search = (await call(client, "search", { q: "UN vote abstentions", k: 3 })).structuredContent as {
        hits: { articleId: string; text: string; start: number; end: number }[];
      };
      expect(search.hits.length).toBe(3);
      for (const h of search.hits) expect((await articleText(client, h.articleId)).slice(h.start, h.end)).toBe(h.text);

      const { articles } = (await call(client, "list_articles")).structuredContent as { articles: { id: string; title: string; chars: number }[] };
      expect(articles.map((a) => a.id)).toContain(UN_VOTE);
      const { resources } = await client.listResources();
      expect(resources.map((r) => r.uri).sort()).toEqual(articles.map((a) => `${ARTICLE_URI_PREFIX}${a.id}`).sort());
      for (const a of articles) expect((await articleText(client, a.id)).length).toBe(a.chars);
      await expect(client.readResource({ uri: `${ARTICLE_URI_PREFIX}0000000000000000` })).rejects.toThrow(/No article with id 0000000000000000/);
    });
  });
}
