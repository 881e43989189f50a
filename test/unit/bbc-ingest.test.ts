/** Ingest works for news it was never tuned on: real BBC stories (read from ../shared, never copied). */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeArticleBytes, parseArticle } from "../../src/core/article.js";
import { buildIndex, openIndex } from "../../src/core/store.js";
import { createEngine } from "../../src/core/engine.js";
import { BBC } from "../helpers/engine.js";
import { sharedEmbedder } from "../../src/node/load-engine.js";

const STORIES = ["tech/001.txt", "business/001.txt", "sport/002.txt", "politics/001.txt", "entertainment/001.txt"];

describe.skipIf(!existsSync(BBC) && !process.env.CI)("BBC stories", () => {
  const load = (p: string) => parseArticle(decodeArticleBytes(readFileSync(join(BBC, p)), p), {}, p);

  it("takes the headline line as the title and the rest as text", () => {
    const a = load("tech/001.txt");
    expect(a.title).toBe("Ink helps drive democracy in Asia");
    expect(a.text.startsWith("The Kyrgyz Republic")).toBe(true);
    expect(a.date).toBeNull();
    expect(a.url).toBeNull();
  });

  it("refuses the story that is not valid UTF-8 instead of storing mojibake", () => {
    expect(() => load("sport/199.txt")).toThrow(/not valid UTF-8/);
  });

  it("answers questions about freshly ingested stories", async () => {
    const articles = STORIES.map(load);
    const embedder = await sharedEmbedder({ name: "use-lite" });
    const { files } = await buildIndex(articles, embedder);
    const engine = createEngine(openIndex(files, articles), embedder);
    const ink = await engine.answer({ question: "What is the Kyrgyz Republic using to prevent multiple voting?" });
    expect(ink.abstained).toBe(false);
    expect(ink.answer).toMatch(/invisible ink/);
    expect(ink.citations[0].articleId).toBe(articles[0].id);
    const who = await engine.answer({ question: "Who is the Kyrgyz President?" });
    expect(who.answer).toMatch(/Askar Akaev/);
    const none = await engine.answer({ question: "What is the population of Brazil?" });
    expect(none.abstained).toBe(true);
  }, 120_000);
});
