/** The real API over the real index and model, through app.request. */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Engine } from "../../src/core/engine.js";
import { PROJECT_ROOT } from "../../src/node/corpus-files.js";
import { answersFromSource, suggestionCandidates } from "../../src/core/suggest.js";
import { postJson, realEngine, testApp } from "../helpers/engine.js";

let engine: Engine;
let app: ReturnType<typeof testApp>;
beforeAll(async () => {
  engine = await realEngine();
  app = testApp(engine);
});

const rawFiles = () => readdirSync(join(PROJECT_ROOT, "corpus/raw")).map((n) => readFileSync(join(PROJECT_ROOT, "corpus/raw", n), "utf8"));

async function ask(question: string, extra: Record<string, unknown> = {}) {
  const res = await app.request("/api/answer", postJson({ question, ...extra }));
  expect(res.status).toBe(200);
  return res.json();
}

describe("POST /api/answer", () => {
  it("answers with verbatim, checkable citations", async () => {
    const body = await ask("Who voted against the resolution?");
    expect(body.abstained).toBe(false);
    expect(body.citations.length).toBeGreaterThanOrEqual(1);
    expect(body.citations.length).toBeLessThanOrEqual(3);
    expect(body.timings.totalMs).toBeGreaterThanOrEqual(0);
    const raws = rawFiles();
    for (const c of body.citations) {
      const article = await (await app.request(`/api/articles/${c.articleId}`)).json();
      expect(article.text.slice(c.start, c.end)).toBe(c.quote);
      expect(raws.some((raw) => raw.includes(c.quote))).toBe(true);
      expect(body.answer).toContain(`${c.quote} [${c.n}]`);
      expect(c.url).toBe(`/api/citations/${c.id}`);
    }
  });

  it("keeps the citation invariant for every dev-style question", async () => {
    for (const q of ["How many countries abstained in the UN vote?", "What did Xi invite Putin to do?", "Who is the mayor of Khmelnitskyi?"]) {
      const body = await ask(q);
      for (const c of body.citations) expect(engine.article(c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
    }
  });

  it("abstains, honestly and without citations, when the articles cannot answer", async () => {
    const body = await ask("What is the capital of Australia?");
    expect(body.abstained).toBe(true);
    expect(body.citations).toEqual([]);
    expect(body.abstainReason).toMatch(/Australia/);
    expect(body.answer).toMatch(/can't answer/i);
  });

  it("resolves a follow-up question from the conversation history", async () => {
    const first = await ask("Which Chinese diplomat visited Moscow?");
    expect(first.answer).toMatch(/Wang Yi/);
    const follow = await ask("And who did he meet there?", {
      history: [
        { role: "user", content: "Which Chinese diplomat visited Moscow?" },
        { role: "assistant", content: first.answer },
      ],
    });
    expect(follow.abstained).toBe(false);
    expect(follow.answer).toMatch(/Putin|Lavrov/);
  });

  it("finds the machine-reworded article through the model, not only by words", async () => {
    const body = await ask("When will Xi travel to Russia?");
    expect(body.answer).toMatch(/March 20 to 22/);
  });

  it("adds a retrieval trace when asked", async () => {
    const body = await ask("How many countries abstained in the UN vote?", { debug: true });
    expect(body.trace.passages.length).toBeGreaterThan(0);
    expect(body.trace.passages[0]).toHaveProperty("bm25");
    expect(body.trace.passages[0]).toHaveProperty("cosine");
    expect(body.trace.sentences[0]).toHaveProperty("features");
    expect(body.trace.abstention.threshold).toBeGreaterThan(0);
  });

  it("limits retrieval with topK; passages that joined for another reason say why", async () => {
    const body = await ask("How many countries abstained in the UN vote?", { topK: 1, debug: true });
    expect(body.trace.passages.filter((p: { joined?: string }) => !p.joined)).toHaveLength(1);
    for (const p of body.trace.passages.slice(1)) expect(p.joined).toMatch(/^(named outlet|closest sentence)$/);
  });
});

describe("bad input is a 4xx with the error shape, never a 5xx", () => {
  const cases: [string, RequestInit, number, string][] = [
    ["malformed JSON", postJson("{not json"), 400, "invalid_json"],
    ["wrong type", postJson({ question: 42 }), 400, "invalid_request"],
    ["empty question", postJson({ question: "   " }), 400, "invalid_request"],
    ["oversized question", postJson({ question: "x".repeat(1001) }), 400, "invalid_request"],
    ["missing question", postJson({}), 400, "invalid_request"],
    ["bad role in history", postJson({ question: "hi", history: [{ role: "system", content: "x" }] }), 400, "invalid_request"],
    ["too much history", postJson({ question: "hi", history: Array(21).fill({ role: "user", content: "x" }) }), 400, "invalid_request"],
    ["topK out of range", postJson({ question: "hi", topK: 51 }), 400, "invalid_request"],
    ["not JSON at all", { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" }, 415, "unsupported_media_type"],
  ];
  it.each(cases)("%s", async (_name, init, status, code) => {
    const res = await app.request("/api/answer", init);
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe("string");
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules/);
  });

  it("names the failing field", async () => {
    const res = await app.request("/api/answer", postJson({ question: "" }));
    expect((await res.json()).error.message).toMatch(/^question: /);
  });

  it.each([
    ["/api/citations/0000000000000000-1-2", 404],
    ["/api/citations/not-a-citation", 404],
    ["/api/citations/bad%20id!", 400],
    ["/api/articles/ffffffffffffffff", 404],
    ["/api/nowhere", 404],
    ["/api/search", 400],
    ["/api/search?q=vote&k=0", 400],
  ])("GET %s → %i", async (path, status) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBeTruthy();
  });
});

describe("citations, articles, search, health, OpenAPI", () => {
  it("looks up a citation with its surrounding text", async () => {
    const { citations } = await ask("What did Xi invite Putin to do?");
    const res = await app.request(citations[0].url);
    expect(res.status).toBe(200);
    const c = await res.json();
    const text = engine.article(c.articleId)!.text;
    expect(c.quote).toBe(text.slice(c.start, c.end));
    expect(text.slice(c.start - c.before.length, c.end + c.after.length)).toBe(c.before + c.quote + c.after);
    expect(c.before.length + c.after.length).toBeGreaterThan(0);
  });

  it("gives the same citation ids across engine restarts", async () => {
    const { loadEngine } = await import("../../src/node/load-engine.js");
    const fresh = testApp(await loadEngine({ log: () => {} }));
    const a = await ask("How many civilians were injured in the first year?");
    const b = await (await fresh.request("/api/answer", postJson({ question: "How many civilians were injured in the first year?" }))).json();
    expect(b.citations.map((c: any) => c.id)).toEqual(a.citations.map((c: any) => c.id));
  });

  it("lists articles and serves each one", async () => {
    const list = await (await app.request("/api/articles")).json();
    expect(list).toHaveLength(5);
    for (const summary of list) {
      const article = await (await app.request(`/api/articles/${summary.id}`)).json();
      expect(article.text.length).toBe(summary.chars);
      expect(article.title).toBe(summary.title);
      expect(summary).toHaveProperty("source");
      expect(summary).toHaveProperty("date");
    }
  });

  it("searches passages with scores", async () => {
    const body = await (await app.request("/api/search?q=UN%20vote%20abstentions&k=3")).json();
    expect(body.hits).toHaveLength(3);
    expect(body.hits[0].score).toBeGreaterThanOrEqual(body.hits[1].score);
    const text = engine.article(body.hits[0].articleId)!.text;
    expect(text.slice(body.hits[0].start, body.hits[0].end)).toBe(body.hits[0].text);
  });

  it("reports health with the real embedder active", async () => {
    const body = await (await app.request("/api/health")).json();
    expect(body).toMatchObject({ status: "ok", articles: 5, embedder: "use-lite" });
    expect(body.passages).toBeGreaterThan(20);
  });

  it("serves an OpenAPI 3 document generated from the schemas", async () => {
    const doc = await (await app.request("/api/openapi.json")).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/answer", "/api/citations/{id}", "/api/articles", "/api/articles/{id}", "/api/search", "/api/health"]),
    );
    expect(doc.components.schemas.AnswerRequest.properties.question.maxLength).toBe(1000);
  });

  it("suggests questions of different kinds drawn from the corpus, each one the articles answer", async () => {
    const body = (await (await app.request("/api/suggestions")).json()) as { questions: string[] };
    expect(body.questions.length).toBeGreaterThanOrEqual(3);
    // Not all "What did X say?": who / how many / when / why, as the corpus allows.
    const kinds = new Set(body.questions.map((q) => /^(Who|How many|When|Why|What)\b/.exec(q)?.[1]));
    expect(kinds.size).toBeGreaterThanOrEqual(3);
    const candidates = suggestionCandidates(engine.index);
    for (const q of body.questions) {
      // Drawn from a sentence of the corpus, and answered from that sentence.
      const from = candidates.find((c) => c.question === q)!;
      expect(from).toBeTruthy();
      const answer = await engine.answer({ question: q });
      expect(answer.abstained).toBe(false);
      expect(answersFromSource(answer, from)).toBe(true);
    }
    // The same corpus gives the same list.
    expect((await (await app.request("/api/suggestions")).json()).questions).toEqual(body.questions);
  });
});
