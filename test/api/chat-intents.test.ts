/**
 * Help, overview and emphasis through the real app (real index and model):
 * the response shapes the chat page and other clients read, checked against
 * the OpenAPI schema and against the articles the API serves.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/core/engine.js";
import { emphasisSpans } from "../../src/core/emphasis.js";
import { answerResponseExamples } from "../../src/http/examples.js";
import { AnswerResponseSchema } from "../../src/http/schemas.js";
import { devQuestions, postJson, realEngine, testApp } from "../helpers/engine.js";

let engine: Engine;
let app: ReturnType<typeof testApp>;
beforeAll(async () => {
  engine = await realEngine();
  app = testApp(engine);
});

async function ask(question: string, extra: Record<string, unknown> = {}) {
  const res = await app.request("/api/answer", postJson({ question, ...extra }));
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(AnswerResponseSchema.safeParse(body).success).toBe(true);
  return body;
}

async function articleText(id: string): Promise<string> {
  const res = await app.request(`/api/articles/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()).text;
}

/** Timings differ by run and every answer has its own random answerId. */
const withoutTimings = ({ timings, answerId, ...rest }: { timings: unknown; answerId?: unknown; [k: string]: unknown }) => rest;

describe("a greeting or a request for help", () => {
  it.each(["hi", "Hello!", "help", "what can you do?", "how does this work"])("%j explains what Verbatim does, with questions to try", async (q) => {
    const body = await ask(q);
    expect(body).toMatchObject({ question: q, kind: "help", abstained: false, citations: [] });
    expect(body.abstainReason).toBeUndefined();
    expect(body.answer).toContain("5 news articles");
    expect(body.answer).toMatch(/quoted word for word/);
    expect(body.answer).toMatch(/don't answer a question, I say so/);
    const suggested = await (await app.request("/api/suggestions")).json();
    expect(body.suggestions).toEqual(suggested.questions);
    expect(body.suggestions.length).toBeGreaterThan(0);
  });

  it("every suggested question is then answered, with citations", async () => {
    const { suggestions } = await ask("hi");
    for (const q of suggestions) expect(await ask(q), q).toMatchObject({ kind: "answer", abstained: false });
  });

  it("a question that starts with a greeting is answered as a question", async () => {
    const body = await ask("Hi, who did Wang Yi meet?");
    expect(body).toMatchObject({ kind: "answer", abstained: false });
    expect(body.suggestions).toBeUndefined();
    expect(body.answer).toMatch(/Vladimir Putin/);
  });
});

describe("a request for an overview", () => {
  it.each(["What are these articles about?", "summarise the articles", "give me an overview", "what's in the news here"])(
    "%j gets one cited sentence from each article",
    async (q) => {
      const body = await ask(q);
      expect(body).toMatchObject({ kind: "overview", abstained: false });
      const [lead, ...lines] = body.answer.split("\n");
      expect(lead).toBe("One key sentence from each of the 5 articles:");
      expect(lines).toEqual(body.citations.map((c: { quote: string; n: number }) => `${c.quote} [${c.n}]`));
      const articles = await (await app.request("/api/articles")).json();
      expect(new Set(body.citations.map((c: { articleId: string }) => c.articleId))).toEqual(new Set(articles.map((a: { id: string }) => a.id)));
      for (const c of body.citations) {
        expect((await articleText(c.articleId)).slice(c.start, c.end)).toBe(c.quote);
        const detail = await (await app.request(c.url)).json();
        expect(detail.quote).toBe(c.quote);
      }
    },
  );

  it("'what is <a title's subject> about' stays a question", async () => {
    const body = await ask("What is China's peace proposal about?");
    expect(body.kind).toBe("answer");
  });
});

describe("with articleIds (one story, as the widget asks)", () => {
  const UN_VOTE = "80e463adcbc6eb3c";
  const XI_TRIP = "9bbd3ff6e58c1898";

  it("help speaks of the selected article, and each suggestion is answered from it", async () => {
    const body = await ask("hi", { articleIds: [UN_VOTE] });
    expect(body).toMatchObject({ kind: "help", abstained: false, citations: [] });
    expect(body.answer).toMatch(/^I'm Verbatim\. Ask me a question about the selected news article,/);
    expect(body.suggestions.length).toBeGreaterThan(0);
    for (const q of body.suggestions) {
      const answered = await ask(q, { articleIds: [UN_VOTE] });
      expect(answered.abstained, q).toBe(false);
      expect(answered.citations.every((c: { articleId: string }) => c.articleId === UN_VOTE)).toBe(true);
    }
  });

  it("an overview covers the selected articles only", async () => {
    const one = await ask("What is this story about?", { articleIds: [XI_TRIP] });
    expect(one.kind).toBe("overview");
    expect(one.answer.split("\n")[0]).toBe("The key sentence of the selected article:");
    expect(one.citations.map((c: { articleId: string }) => c.articleId)).toEqual([XI_TRIP]);
    const two = await ask("summarise the articles", { articleIds: [UN_VOTE, XI_TRIP] });
    expect(two.answer.split("\n")[0]).toBe("One key sentence from each of the 2 selected articles:");
    expect(new Set(two.citations.map((c: { articleId: string }) => c.articleId))).toEqual(new Set([UN_VOTE, XI_TRIP]));
  });

  it("an unknown id is refused for a greeting too", async () => {
    const res = await app.request("/api/answer", postJson({ question: "hi", articleIds: ["0000000000000000"] }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_request");
  });
});

describe("emphasis", () => {
  it("marks the answering span of each cited sentence, inside its quote, for every dev question", async () => {
    let marked = 0;
    for (const q of devQuestions()) {
      const body = await ask(q.question, q.history ? { history: q.history } : {});
      expect(body.kind).toBe("answer");
      for (const c of body.citations) {
        expect(Array.isArray(c.emphasis)).toBe(true);
        for (const e of c.emphasis) {
          expect(0 <= e.start && e.start < e.end && e.end <= c.quote.length).toBe(true);
          marked++;
        }
      }
    }
    expect(marked).toBeGreaterThan(0);
  });

  it("marks the count a 'how many' question asks for", async () => {
    const body = await ask("How many civilians have been killed in Ukraine in a year of conflict?");
    const c = body.citations[0];
    expect(c.emphasis.map((e: { start: number; end: number }) => c.quote.slice(e.start, e.end))).toEqual(["8,101"]);
  });
});

describe("the OpenAPI examples", () => {
  it("show what the engine returns for help and an overview", async () => {
    const help = answerResponseExamples.help.value;
    expect(withoutTimings(await ask(help.question))).toEqual(withoutTimings(help));
    const overview = answerResponseExamples.overview.value;
    const real = await ask(overview.question);
    expect(real.citations.slice(0, 2)).toEqual(overview.citations);
    expect(real.answer.split("\n").slice(0, 3)).toEqual(overview.answer.split("\n"));
  });

  it("mark the emphasis the engine computes for the answered example", () => {
    const answered = answerResponseExamples.answered.value;
    for (const c of answered.citations) expect(c.emphasis).toEqual(emphasisSpans(answered.question, c.quote));
  });
});
