/** Name checks share the index's normalisation and tolerate what readers write: typos, demonyms, quotes. */
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/core/article.js";
import { buildIndex, openIndex } from "../../src/core/store.js";
import { readFileSync } from "node:fs";
import { corpusKnows, recaseNames, unknownTopics } from "../../src/core/topic.js";
import { STATIC_TABLE_PATH } from "../../src/edge/static-embedder-file.js";
import { decodeTable } from "../../src/edge/static-table.js";
import { wordSimilarityFromTable } from "../../src/core/word-similarity.js";
import { createEngine } from "../../src/core/engine.js";
import { terms } from "../../src/core/text.js";

const scots = parseArticle(
  "Scottish vote\n\nThe Scottish parliament approved the budget on Tuesday. Italy sent its foreign minister to Edinburgh for the talks. Troops vowed to fight 'to the last soldier' in the north.",
);

async function index() {
  const { files } = await buildIndex([scots], null);
  return openIndex(files, [scots]);
}

describe("names the corpus knows", () => {
  it.each([
    ["Scotish", true],
    ["Italian", true],
    ["Edinburg", true],
    ["Australia", false],
    ["Germany", false],
  ])("%s → %s", async (name, known) => {
    const idx = await index();
    expect(terms(name).some((t) => corpusKnows(idx, t))).toBe(known);
  });

  it("does not abstain for a typo, a demonym or a quoted phrase, but does for a name no article mentions", async () => {
    const idx = await index();
    expect(unknownTopics(idx, "What did the Scotish parliament approve?")).toEqual([]);
    expect(unknownTopics(idx, "Where did the Italian minister go?")).toEqual([]);
    expect(unknownTopics(idx, "Who vowed to fight 'to the last soldier'?")).toEqual([]);
    expect(unknownTopics(idx, "What did the Australian parliament approve?")).toEqual(["Australian"]);
    // A possessive first word is a name, though every question's first word is capitalised.
    expect(unknownTopics(idx, "Australia's capital?")).toEqual(["Australia"]);
    expect(unknownTopics(idx, "Italy's minister went where?")).toEqual([]);
  });

  it("abstains when the articles use not one of the question's words, spelled exactly", async () => {
    const idx = await index();
    expect(unknownTopics(idx, "Who won the football match on Saturday?")).toEqual(["won", "football", "match", "Saturday"]);
    // One word the article uses is enough to look further: the answer model decides the rest.
    expect(unknownTopics(idx, "Who won the vote on Tuesday?")).toEqual([]);
    expect(unknownTopics(idx, "How did the budget match expectations?")).toEqual([]);
    // Not one word, though "march" (one letter from "match") were in the article: common words are not names to misspell.
    expect(unknownTopics(idx, "Did the match meet expectations?")).toEqual(["match", "meet", "expectations"]);
    const engine = createEngine(idx, null);
    const result = await engine.answer({ question: "Who won the football match on Saturday?" });
    expect(result.abstained).toBe(true);
    expect(result.abstainReason).toBe("no article mentions won, football, match or Saturday");
  });

  it("answers the typo'd question from the article", async () => {
    const engine = createEngine(await index(), null);
    const result = await engine.answer({ question: "What did the Scotish parliament approve?" });
    expect(result.abstained).toBe(false);
    expect(result.citations[0].quote).toMatch(/approved the budget/);
  });
});

describe("a question typed all in lower case", () => {
  const words = wordSimilarityFromTable(decodeTable(readFileSync(STATIC_TABLE_PATH)));

  it("gets back the capitals of the words the model's cased vocabulary knows only as names", () => {
    expect(recaseNames("what is the capital of australia?", (w) => words.nameForm(w))).toBe("what is the capital of Australia?");
    expect(recaseNames("did the french parliament meet in london on monday?", (w) => words.nameForm(w))).toBe("did the French parliament meet in London on Monday?");
    // Common words stay as typed, and a question with any capital is left as its writer cased it.
    expect(recaseNames("how many people died?", (w) => words.nameForm(w))).toBe("how many people died?");
    expect(recaseNames("What is the capital of australia?", (w) => words.nameForm(w))).toBe("What is the capital of australia?");
  });

  it("abstains on a name no article mentions, and still answers what the article says", async () => {
    const engine = createEngine(await index(), null, { words });
    const unknown = await engine.answer({ question: "what did the australian parliament approve?" });
    expect(unknown.abstained).toBe(true);
    expect(unknown.abstainReason).toMatch(/no article mentions Australian/);
    expect(unknown.question).toBe("what did the australian parliament approve?");
    const known = await engine.answer({ question: "what did the scottish parliament approve?" });
    expect(known.abstained).toBe(false);
    expect(known.citations[0].quote).toMatch(/approved the budget/);
  });
});
