/**
 * The overview (overview.ts) through the real engine: one verbatim, cited,
 * central sentence per article over the seed corpus; at most eight articles
 * of a larger corpus (real BBC stories), picked across its topics; a topic
 * narrows it; an index without vectors still gets one.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeArticleBytes, parseArticle, type Article } from "../../src/core/article.js";
import { dot } from "../../src/core/embed/embedder.js";
import { createEngine, type AnswerResult, type Engine } from "../../src/core/engine.js";
import { sentenceTerms } from "../../src/core/features.js";
import { isKeySentenceCandidate, OVERVIEW } from "../../src/core/overview.js";
import { buildIndex, openIndex, sentenceKey } from "../../src/core/store.js";
import { questionTerms } from "../../src/core/text.js";
import { sharedEmbedder } from "../../src/node/load-engine.js";
import { BBC, realEngine } from "../helpers/engine.js";

/** Every citation is the article's text at its offsets, and the answer is the lead-in line then one `quote [n]` line each. */
function expectVerbatimOverview(engine: Engine, result: AnswerResult) {
  expect(result).toMatchObject({ kind: "overview", abstained: false });
  const [lead, ...lines] = result.answer.split("\n");
  expect(lead).toMatch(/^One key sentence from each of .*articles.*:$/);
  expect(lines).toEqual(result.citations.map((c) => `${c.quote} [${c.n}]`));
  for (const c of result.citations) {
    expect(engine.article(c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
    expect(c.id).toBe(`${c.articleId}-${c.start}-${c.end}`);
    expect(c.emphasis).toEqual([]);
  }
  expect(new Set(result.citations.map((c) => c.articleId)).size).toBe(result.citations.length);
}

describe("overview of the seed articles", () => {
  let engine: Engine;
  let result: AnswerResult;
  beforeAll(async () => {
    engine = await realEngine();
    result = await engine.answer({ question: "What are these articles about?" });
  });

  it("cites one sentence from each of the five articles, verbatim, and says so", () => {
    expectVerbatimOverview(engine, result);
    expect(result.citations).toHaveLength(5);
    expect(result.answer.split("\n")[0]).toBe("One key sentence from each of the 5 articles:");
  });

  it("picks each article's most central prose sentence: the one most similar, in sum, to the article's others", () => {
    for (const c of result.citations) {
      const article = engine.article(c.articleId)!;
      const prose = engine.index.sentencesByArticle.get(article.id)!.filter((s) => isKeySentenceCandidate(article, s));
      const vector = (i: number) => engine.index.sentenceVectors.get(sentenceKey(article.id, i))!;
      // Degree centrality (LexRank without the threshold): the sum of cosines to every prose sentence.
      const degree = (i: number) => prose.reduce((sum, t) => sum + dot(vector(i), vector(t.index)), 0);
      const best = prose.reduce((a, b) => (degree(b.index) > degree(a.index) ? b : a));
      expect([c.start, c.end]).toEqual([best.start, best.end]);
    }
  });

  it("never picks a headline, dateline or byline", () => {
    for (const c of result.citations) {
      expect(c.quote).not.toBe(engine.article(c.articleId)!.title);
      expect(c.quote).toMatch(/[.!?]["”’')\]]*$/);
      expect(c.quote.split(/\s+/).length).toBeGreaterThanOrEqual(8);
    }
  });

  it("narrows to the articles about a topic, each cited sentence using the topic's words", async () => {
    const topical = await engine.answer({ question: "Summarise the articles about Xi's visit" });
    expectVerbatimOverview(engine, topical);
    expect(topical.citations.length).toBeGreaterThan(0);
    expect(topical.citations.length).toBeLessThan(5);
    expect(topical.answer.split("\n")[0]).toBe(`One key sentence from each of the ${topical.citations.length} articles about Xi's visit:`);
    const wanted = questionTerms("Xi's visit");
    for (const c of topical.citations) {
      const sentence = engine.index.sentencesByArticle.get(c.articleId)!.find((s) => s.start === c.start)!;
      const has = sentenceTerms(engine.index, c.articleId, sentence.index);
      expect(wanted.some((t) => has.has(t)), c.quote).toBe(true);
    }
  });

  it("asks a topic the articles never mention as a question, which abstains", async () => {
    const none = await engine.answer({ question: "Summarise the articles about Australia" });
    expect(none).toMatchObject({ kind: "answer", abstained: true, citations: [] });
  });
});

/** Three stories from each BBC section: fifteen articles on five distinct topics. */
const SECTIONS = ["business", "entertainment", "politics", "sport", "tech"];
const STORIES = SECTIONS.flatMap((s) => ["001", "002", "003"].map((n) => `${s}/${n}.txt`));

describe.skipIf(!existsSync(BBC) && !process.env.CI)("overview of a larger corpus (BBC stories)", () => {
  let articles: Article[];
  const sectionOf = new Map<string, string>();
  beforeAll(() => {
    articles = STORIES.map((p) => {
      const article = parseArticle(decodeArticleBytes(readFileSync(join(BBC, p)), p), {}, p);
      sectionOf.set(article.id, p.split("/")[0]);
      return article;
    });
  });

  it(`shows ${OVERVIEW.maxArticles} of the 15 articles, says so, and covers every section`, async () => {
    const embedder = await sharedEmbedder({ name: "use-lite" });
    const { files } = await buildIndex(articles, embedder);
    const engine = createEngine(openIndex(files, articles), embedder);
    const result = await engine.answer({ question: "give me an overview" });
    expectVerbatimOverview(engine, result);
    expect(result.citations).toHaveLength(OVERVIEW.maxArticles);
    expect(result.answer.split("\n")[0]).toBe(`One key sentence from each of ${OVERVIEW.maxArticles} of the 15 articles, picked to cover their range:`);
    expect(new Set(result.citations.map((c) => sectionOf.get(c.articleId)))).toEqual(new Set(SECTIONS));
  }, 120_000);

  it("gives one from an index built without vectors too", async () => {
    const { files } = await buildIndex(articles, null);
    const engine = createEngine(openIndex(files, articles), null);
    const result = await engine.answer({ question: "What are these articles about?" });
    expectVerbatimOverview(engine, result);
    expect(result.citations).toHaveLength(OVERVIEW.maxArticles);
    for (const c of result.citations) expect(isKeySentenceCandidate(engine.article(c.articleId)!, engine.index.sentencesByArticle.get(c.articleId)!.find((s) => s.start === c.start)!)).toBe(true);
  }, 60_000);
});
