/** Name checks share the index's normalisation and tolerate what readers write: typos, demonyms, quotes. */
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/core/article.js";
import { buildIndex, openIndex } from "../../src/core/store.js";
import { corpusKnows, unknownTopics } from "../../src/core/topic.js";
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
  });

  it("answers the typo'd question from the article", async () => {
    const engine = createEngine(await index(), null);
    const result = await engine.answer({ question: "What did the Scotish parliament approve?" });
    expect(result.abstained).toBe(false);
    expect(result.citations[0].quote).toMatch(/approved the budget/);
  });
});
