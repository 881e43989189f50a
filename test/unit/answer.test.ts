/** Composition rules on small, made-up corpora: agreement across sources, no duplicate citations, pluggable ranking. */
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/core/article.js";
import { buildIndex, openIndex } from "../../src/core/store.js";
import { candidatePool, createEngine } from "../../src/core/engine.js";
import { questionFocus } from "../../src/core/topic.js";
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

  it("quotes the sentence a pronoun-led answer refers back to, marked as context", async () => {
    const edward = parseArticle(
      "Edward returns\n\nThe harbour was busy that spring. Edward the Confessor returned from exile in Normandy in 1041. He appointed Robert of Jumièges archbishop of Canterbury. Robert later fled to Rome.",
    );
    const engine = await engineFor([edward, c]);
    const result = await engine.answer({ question: "Who did Edward the Confessor appoint archbishop of Canterbury?" });
    expect(result.abstained).toBe(false);
    const [context, answer] = result.citations;
    expect(context).toMatchObject({ n: 1, context: true, quote: "Edward the Confessor returned from exile in Normandy in 1041.", emphasis: [] });
    expect(answer.quote).toBe("He appointed Robert of Jumièges archbishop of Canterbury.");
    expect(answer.context).toBeUndefined();
    expect(edward.text.slice(context.start, context.end)).toBe(context.quote);
    expect(context.end).toBeLessThan(answer.start);
    expect(result.answer.startsWith(`${context.quote} [1] ${answer.quote} [2]`)).toBe(true);
  });

  it("answers \"who\" with a \"she\" sentence together with the sentence before that names her, across a paragraph break", async () => {
    const porter = parseArticle(
      "Bridge opening set\n\nMayor Jane Porter welcomed the plan for the harbour crossing.\n\nShe said the new footbridge would open in May.",
    );
    const engine = await engineFor([porter, c]);
    const result = await engine.answer({ question: "Who said the footbridge would open in May?" });
    expect(result.citations.map((x) => [x.quote, x.context ?? false])).toEqual([
      ["Mayor Jane Porter welcomed the plan for the harbour crossing.", true],
      ["She said the new footbridge would open in May.", false],
    ]);
  });

  it("adds no context when the opening word points at nothing the sentence before names (\"But there were…\", \"This weekend's…\")", async () => {
    const box = parseArticle(
      "Box office\n\nThis weekend's top films took $125.4m, a rise on last year. But there were no major releases to compete with Meet the Fockers, which took $42.8m.\n\nTakings at Christmas fell by a quarter. This weekend's top ten films took $98m in Canada.",
    );
    const engine = await engineFor([box, c]);
    for (const [question, opening] of [
      ["How much did Meet the Fockers take this weekend?", "But there were"],
      ["How much did the top ten films take in Canada at Christmas?", "This weekend's"],
    ]) {
      const result = await engine.answer({ question });
      expect(result.abstained).toBe(false);
      expect(result.citations[0].quote.startsWith(opening)).toBe(true);
      expect(result.citations.some((x) => x.context)).toBe(false);
    }
  });

  it("adds no context to an answer that names its subject", async () => {
    const edward = parseArticle(
      "Edward returns\n\nEdward the Confessor returned from exile in Normandy in 1041. Edward appointed Robert of Jumièges archbishop of Canterbury.",
    );
    const engine = await engineFor([edward, c]);
    const result = await engine.answer({ question: "Who did Edward the Confessor appoint archbishop of Canterbury?" });
    expect(result.citations[0].quote).toBe("Edward appointed Robert of Jumièges archbishop of Canterbury.");
    expect(result.citations.some((x) => x.context)).toBe(false);
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

describe("answers only from passages that are about what the question names", () => {
  const park = parseArticle("Mayor opens park\n\nMayor Anna Smith opened the riverside park on Saturday. Hundreds of families attended the opening.");
  const strike = parseArticle("Rail strike\n\nTrain drivers in Leeds walked out on Friday over pay. The union said talks had failed.");

  it("abstains when the names never occur in one article, though each occurs somewhere", async () => {
    const result = await (await engineFor([park, strike])).answer({ question: "What did Anna Smith say about Leeds?" });
    expect(result.abstained).toBe(true);
    expect(result.abstainReason).toMatch(/Anna Smith and Leeds together/);
  });

  it("abstains on \"how many\" when the passages about the thing give no number", async () => {
    const result = await (await engineFor([park, strike])).answer({ question: "How many drivers walked out in Leeds?" });
    expect(result.abstained).toBe(true);
    expect(result.abstainReason).toMatch(/no passage gives a number/);
  });

  it("answers when they do", async () => {
    const result = await (await engineFor([park, strike])).answer({ question: "How many families attended the opening of the park?" });
    expect(result.abstained).toBe(false);
    expect(result.citations[0].quote).toMatch(/Hundreds of families/);
  });
});

describe("retrieval at scale", () => {
  it("searches deeper by default as the corpus grows, and no deeper than DEFAULT_TOP_K in a small one", () => {
    expect(candidatePool(10, 57)).toBe(10);
    expect(candidatePool(1, 900)).toBe(1);
    expect(candidatePool(10, 17_486)).toBe(23);
    expect(candidatePool(10, 1_000_000)).toBe(40);
  });

  it("brings in the passages of an outlet the question names, which retrieval alone misses", async () => {
    const gazette = parseArticle("Fares rise\n\nTickets will cost four pounds from May.", { source: "Harbour Gazette" });
    const engine = await engineFor([a, b, c, gazette]);
    const result = await engine.answer({ question: "What did the council decide, according to the Harbour Gazette?", topK: 1, debug: true });
    expect(result.trace!.passages.find((p) => p.articleId === gazette.id)).toMatchObject({ joined: "named outlet" });
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
