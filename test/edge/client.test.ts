/**
 * The typed client against the Worker in workerd (local, offline), over HTTP:
 * the same contract as on Node. The Worker serves the same OpenAPI document,
 * answers and abstains, every citation round-trips, and errors arrive as
 * VerbatimErrors with the API's codes, rate limiting included.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, VerbatimError, type VerbatimClient } from "../../packages/client/src/index.js";
import { servedOpenApiDocument } from "../../src/cli/client-generate.js";
import { expectRateLimited, expectCitationsVerbatim, expectVerbatimError } from "../client/checks.js";
import { startLocalWorker, type LocalWorker } from "../helpers/worker.js";

let worker: LocalWorker;
let client: VerbatimClient;

beforeAll(async () => {
  // The default limit (60/min, bursts of 20, per isolate): the tests stay inside it until the last one.
  worker = await startLocalWorker({ RATE_LIMIT_PER_MIN: "60" });
  client = createClient({ baseUrl: worker.origin });
}, 180_000);

afterAll(async () => {
  await worker?.dispose();
});

describe("the client against the Worker", () => {
  it("is typed from the document the Worker serves", async () => {
    const served = await (await fetch(new URL("/api/openapi.json", worker.origin))).json();
    expect(served).toEqual(await servedOpenApiDocument());
  });

  it("answers with citations that round-trip", async () => {
    const result = await client.answer({ question: "How many countries abstained in the UN vote?" });
    expect(result.abstained).toBe(false);
    expect(result.citations.length).toBeGreaterThan(0);
    await expectCitationsVerbatim(client, result);
  });

  it("abstains without citations when the articles cannot answer", async () => {
    const result = await client.answer({ question: "What is the capital of Australia?" });
    expect(result).toMatchObject({ abstained: true, citations: [] });
    expect(result.abstainReason).toMatch(/Australia/);
  });

  it("lists and reads articles, searches, and reports health", async () => {
    const articles = await client.articles();
    expect((await client.article(articles[0].id)).text.length).toBe(articles[0].chars);
    expect((await client.search("UN vote", 2)).hits).toHaveLength(2);
    expect(await client.health()).toMatchObject({ status: "ok", articles: articles.length, embedder: "use-lite-static" });
  });

  it("throws the API's errors typed", async () => {
    await expectVerbatimError(client.answer({ question: "" }), 400, "invalid_request");
    await expectVerbatimError(client.article("0000000000000000"), 404, "not_found");
    await expectVerbatimError(client.citation("0000000000000000-1-2"), 404, "not_found");
    const history = Array.from({ length: 20 }, () => ({ role: "user" as const, content: "x".repeat(4000) }));
    await expectVerbatimError(client.answer({ question: "Why?", history }), 413, "payload_too_large");
  });

  // Last: it spends the client's whole allowance.
  it("throws rate_limited with retryAfter once the allowance is spent", async () => {
    await expectRateLimited(client);
  });
});
