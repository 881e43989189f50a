/** Composition rules on small, made-up corpora: agreement across sources, no duplicate citations, pluggable ranking. */
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/core/article.js";
import { buildIndex, openIndex } from "../../src/core/store.js";
import { createEngine } from "../../src/core/engine.js";
import { questionFocus } from "../../src/core/answer.js";
import { featureRanker, type SentenceRanker } from "../../src/core/rank.js";

const shared = "The city council approved the new harbour bridge by a vote of 9 to 2 on Tuesday.";
const a = parseArticle(`Council backs bridge\n\n${shared} Construction starts in the spring. The mayor welcomed the decision.`);
const b = parseArticle(`Harbour bridge approved\n\n${shared} Opponents said the cost was too high. A legal challenge is planned.`);
const c = parseArticle(`Library hours extended\n\nThe central library will open on Sundays from next month. Staff numbers will rise by four.`);

async function engineFor(articles = [a, b, c], ranker?: SentenceRanker) {
  const { files } = await buildIndex(articles, null);
  return createEngine(openIndex(files, articles), null, ranker ? { ranker } : {});
}

describe("composeAnswer", () => {
  it("cites a fact stated by two articles once and says the other agrees", async () => {
    const engine = await engineFor();
    const result = await engine.answer({ question: "How did the council vote on the harbour bridge?" });
    expect(result.abstained).toBe(false);
    const quotes = result.citations.map((x) => x.quote);
    expect(quotes.filter((q) => q === shared)).toHaveLength(1);
    const main = result.citations.find((x) => x.quote === shared)!;
    expect(main.alsoIn).toHaveLength(1);
    expect(main.alsoIn![0].articleId).toBe(main.articleId === a.id ? b.id : a.id);
    expect(main.alsoIn![0].quote).toBe(shared);
  });

  it("uses at most three sentences, each followed by its marker", async () => {
    const engine = await engineFor();
    const result = await engine.answer({ question: "What happened with the harbour bridge?" });
    expect(result.citations.length).toBeGreaterThanOrEqual(1);
    expect(result.citations.length).toBeLessThanOrEqual(3);
    expect(result.answer).toBe(result.citations.map((x) => `${x.quote} [${x.n}]`).join(" "));
  });

  it("abstains when the question's focus appears nowhere in the corpus", async () => {
    const engine = await engineFor();
    const result = await engine.answer({ question: "How many trams does the city run?" });
    expect(result.abstained).toBe(true);
    expect(result.abstainReason).toMatch(/tram/);
  });

  it("ranks with whatever ranker it is given", async () => {
    const contrarian: SentenceRanker = {
      name: "contrarian",
      rank: async (q, candidates) => (await featureRanker.rank(q, candidates)).map((s) => -s),
    };
    const normal = await (await engineFor()).answer({ question: "What is changing at the central library?", debug: true });
    const flipped = await (await engineFor(undefined, contrarian)).answer({ question: "What is changing at the central library?", debug: true });
    expect(normal.citations[0].quote).toMatch(/Sundays/);
    expect((flipped.trace as any).ranker).toBe("contrarian");
    expect(flipped.citations[0]?.quote).not.toBe(normal.citations[0].quote);
  });
});

describe("questionFocus", () => {
  it.each([
    ["How many soldiers has France sent?", "soldiers"],
    ["What is the population of Russia?", "population"],
    ["How much money was pledged?", "money"],
    ["What did Xi invite Putin to do?", null],
  ])("%s → %s", (q, focus) => expect(questionFocus(q)).toBe(focus));
});

describe("links to the original", () => {
  it("adds a text-fragment link to the source where the article has a URL, and none where it has not", async () => {
    const withUrl = parseArticle("Ferry service resumes\n\nThe island ferry will run twice a day from Monday. Tickets cost four pounds.", {
      url: "https://news.example/ferry",
    });
    const engine = await engineFor([withUrl, c]);
    const ferry = await engine.answer({ question: "How often will the island ferry run?" });
    expect(ferry.citations[0].sourceUrl).toBe(
      `https://news.example/ferry#:~:text=${encodeURIComponent(ferry.citations[0].quote).replace(/-/g, "%2D")}`,
    );
    const library = await engine.answer({ question: "When will the central library open on Sundays?" });
    expect(library.citations[0].sourceUrl).toBeUndefined();
  });
});
