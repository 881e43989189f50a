/** POST /api/answer with `articleIds`: answers from the selected articles only, and says so when they cannot answer. */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/core/engine.js";
import { postJson, realEngine, testApp } from "../helpers/engine.js";

let engine: Engine;
let app: ReturnType<typeof testApp>;
beforeAll(async () => {
  engine = await realEngine();
  app = testApp(engine);
});

/** The seed article on the UN General Assembly vote; another on the Khmelnitskyi strike (its mayor is named only there). */
const UN_VOTE = "80e463adcbc6eb3c";
const KHMELNITSKYI = "2f7f351c6ccef128";

async function ask(body: Record<string, unknown>) {
  const res = await app.request("/api/answer", postJson(body));
  return { status: res.status, body: await res.json() };
}

describe("POST /api/answer with articleIds", () => {
  it("answers from the selected article only, with verbatim citations", async () => {
    const { status, body } = await ask({ question: "How many countries abstained in the UN vote?", articleIds: [UN_VOTE], debug: true });
    expect(status).toBe(200);
    expect(body.abstained).toBe(false);
    expect(body.citations.length).toBeGreaterThan(0);
    for (const c of body.citations) {
      expect(c.articleId).toBe(UN_VOTE);
      expect(engine.article(c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
      expect(c.id).toBe(`${c.articleId}-${c.start}-${c.end}`);
    }
    // The pool is filled from the scope, not a global top-k filtered afterwards.
    const passages: { articleId: string }[] = body.trace.passages;
    expect(passages.every((p) => p.articleId === UN_VOTE)).toBe(true);
    expect(passages.length).toBeGreaterThanOrEqual(Math.min(10, engine.index.passagesByArticle.get(UN_VOTE)!.length));
  });

  it("answers the same question from another article when that one is selected", async () => {
    const { body } = await ask({ question: "Who is the mayor of Khmelnitskyi?", articleIds: [KHMELNITSKYI] });
    expect(body.abstained).toBe(false);
    expect(body.citations.every((c: { articleId: string }) => c.articleId === KHMELNITSKYI)).toBe(true);
  });

  it("abstains, saying the selected article does not say, when only another article answers", async () => {
    const global = await ask({ question: "Who is the mayor of Khmelnitskyi?" });
    expect(global.body.abstained).toBe(false);

    const { status, body } = await ask({ question: "Who is the mayor of Khmelnitskyi?", articleIds: [UN_VOTE] });
    expect(status).toBe(200);
    expect(body.abstained).toBe(true);
    expect(body.citations).toEqual([]);
    expect(body.abstainReason).toBe("the selected article does not mention Khmelnitskyi");
    expect(body.answer).toBe("I can't answer that from the selected article: the selected article does not mention Khmelnitskyi.");

    const others = engine.articles().map((a) => a.id).filter((id) => id !== KHMELNITSKYI);
    const several = await ask({ question: "Who is the mayor of Khmelnitskyi?", articleIds: others });
    expect(several.body.abstained).toBe(true);
    expect(several.body.abstainReason).toBe("none of the selected articles mentions Khmelnitskyi");
    expect(several.body.answer).toMatch(/^I can't answer that from the selected articles: /);
  });

  it("keeps the corpus-wide wording when no articles are selected", async () => {
    const { body } = await ask({ question: "What is the capital of Australia?" });
    expect(body.abstained).toBe(true);
    expect(body.answer).toMatch(/^I can't answer that from these articles: no article mentions Australia/);
  });

  it("treats a repeated id as one", async () => {
    const once = await ask({ question: "How many countries abstained in the UN vote?", articleIds: [UN_VOTE] });
    const twice = await ask({ question: "How many countries abstained in the UN vote?", articleIds: [UN_VOTE, UN_VOTE] });
    expect(twice.body.answer).toBe(once.body.answer);
  });

  it("refuses an empty list, more than 50 ids, a malformed id, and unknown ids, naming them", async () => {
    const question = "How many countries abstained in the UN vote?";
    const cases: [unknown, RegExp][] = [
      [[], /^articleIds: must name at least one article$/],
      [Array.from({ length: 51 }, (_, i) => `a${i}`), /^articleIds: must name at most 50 articles$/],
      [["../etc"], /^articleIds\[0\]: must contain only/],
      ["80e463adcbc6eb3c", /^articleIds: /],
      [[UN_VOTE, "0000000000000000", "ffffffffffffffff"], /^articleIds: unknown article ids: 0000000000000000, ffffffffffffffff$/],
    ];
    for (const [articleIds, message] of cases) {
      const { status, body } = await ask({ question, articleIds });
      expect(status, JSON.stringify(articleIds)).toBe(400);
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.message).toMatch(message);
    }
  });
});
