/**
 * The typed client as a caller uses it: against the real Node server
 * (`src/server/node.ts` in its own process, the committed index, the default
 * model, the default rate limit) over HTTP. Every answer is checked the way a
 * caller can check it: each citation's quote is the article's text at its
 * offsets. Each error the API can give a client comes back as a VerbatimError
 * with the API's code.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, VerbatimError, type VerbatimClient } from "../../packages/client/src/index.js";
import { ROOT, startServer, type RunningServer } from "../browser/helpers.js";
import { expectRateLimited, expectCitationsVerbatim, expectVerbatimError } from "./checks.js";

let server: RunningServer;
let client: VerbatimClient;
let baseUrl: string;

beforeAll(async () => {
  // The default limit (60/min, bursts of 20): the tests below stay inside it until the last one.
  server = await startServer({ env: { RATE_LIMIT_PER_MIN: "60" } });
  baseUrl = server.baseUrl;
  client = createClient({ baseUrl });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("the client against the Node server", () => {
  it("answers with citations whose quotes are the article's text at their offsets", async () => {
    const result = await client.answer({ question: "How many countries abstained in the UN vote?" });
    expect(result.abstained).toBe(false);
    expect(result.citations.length).toBeGreaterThan(0);
    expect(result.answer).toMatch(/abstain/);
    await expectCitationsVerbatim(client, result);
  });

  it("carries a follow-up through history", async () => {
    const first = await client.answer({ question: "Which Chinese diplomat visited Moscow before the plan was released?" });
    const follow = await client.answer({
      question: "And who did he meet there?",
      history: [
        { role: "user", content: first.question },
        { role: "assistant", content: first.answer },
      ],
      topK: 10,
    });
    expect(follow.abstained).toBe(false);
    expect(follow.answer).toMatch(/Putin|Lavrov/);
  });

  it("abstains without citations when the articles cannot answer", async () => {
    const result = await client.answer({ question: "What is the capital of Australia?" });
    expect(result.abstained).toBe(true);
    expect(result.citations).toEqual([]);
    expect(result.abstainReason).toMatch(/Australia/);
  });

  it("lists articles, reads one, searches, and reports health and suggestions", async () => {
    const articles = await client.articles();
    expect(articles.length).toBeGreaterThan(0);
    const article = await client.article(articles[0].id);
    expect(article.text.length).toBe(articles[0].chars);
    const found = await client.search("UN vote", 3);
    expect(found.query).toBe("UN vote");
    expect(found.hits.length).toBe(3);
    const health = await client.health();
    expect(health).toMatchObject({ status: "ok", articles: articles.length });
    expect((await client.suggestions()).length).toBeGreaterThan(0);
  });

  it("throws invalid_request naming the field", async () => {
    const error = await expectVerbatimError(client.answer({ question: "   " }), 400, "invalid_request");
    expect(error.message).toMatch(/^question: /);
    await expectVerbatimError(client.search("UN", 99), 400, "invalid_request");
    await expectVerbatimError(client.citation("not a valid id!"), 400, "invalid_request");
  });

  it("throws not_found for unknown ids", async () => {
    await expectVerbatimError(client.article("0000000000000000"), 404, "not_found");
    await expectVerbatimError(client.citation("0000000000000000-1-2"), 404, "not_found");
  });

  it("asks of selected articles only, and throws invalid_request naming an unknown one", async () => {
    const scoped = await client.answer({ question: "Who is the mayor of Khmelnitskyi?", articleIds: ["80e463adcbc6eb3c"] });
    expect(scoped.abstained).toBe(true);
    expect(scoped.abstainReason).toBe("the selected article does not mention Khmelnitskyi");
    await expectVerbatimError(client.answer({ question: "Who?", articleIds: ["0000000000000000"] }), 400, "invalid_request");
  });

  it("throws payload_too_large for a body over 16 KB", async () => {
    const history = Array.from({ length: 20 }, () => ({ role: "user" as const, content: "x".repeat(4000) }));
    await expectVerbatimError(client.answer({ question: "Why?", history }), 413, "payload_too_large");
  });

  // The client always sends JSON with the right method, so these come from a fetch that
  // mangles the request on the way, as a broken proxy would: the errors still arrive typed.
  it("throws the API's code for requests mangled on the way", async () => {
    const via = (rewrite: (request: Request) => Promise<RequestInit>) =>
      createClient({ baseUrl, fetch: async (request) => fetch(request.url, await rewrite(request)) });
    const asText = via(async (r) => ({ method: "POST", headers: { "content-type": "text/plain" }, body: await r.text() }));
    await expectVerbatimError(asText.answer({ question: "Who?" }), 415, "unsupported_media_type");
    const truncated = via(async (r) => ({ method: "POST", headers: { "content-type": "application/json" }, body: (await r.text()).slice(0, -1) }));
    await expectVerbatimError(truncated.answer({ question: "Who?" }), 400, "invalid_json");
    const asPut = via(async () => ({ method: "PUT" }));
    await expectVerbatimError(asPut.health(), 405, "method_not_allowed");
  });

  it("throws network_error when nothing answers, and unexpected_response for a non-API body", async () => {
    const nowhere = createClient({ baseUrl: "http://127.0.0.1:9" });
    await expectVerbatimError(nowhere.health(), 0, "network_error");
    const proxyPage = createClient({ baseUrl, fetch: async () => new Response("<html>Bad gateway</html>", { status: 502 }) });
    await expectVerbatimError(proxyPage.health(), 502, "unexpected_response");
  });

  it("serves `npm run ask -- --url`", async () => {
    const ask = (...args: string[]) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/ask.ts", "--url", baseUrl, ...args], { cwd: ROOT });
    const { stdout } = await ask("How many countries abstained in the UN vote?");
    expect(stdout).toMatch(/\[1\] /);
    expect(stdout).toMatch(/article [0-9a-f]{16}, characters \d+–\d+/);
    const refused = await ask("x".repeat(1001)).catch((error) => error);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/invalid_request: question:/);
  }, 60_000);

  // Last: it spends the client's whole allowance.
  it("throws rate_limited with retryAfter once the allowance is spent", async () => {
    for (const error of await expectRateLimited(client)) expect(error.requestId).toBeTruthy();
  });
});
