/** Words related in meaning from WordNet (src/core/related.json) and the alignment input the answer model reads. */
import { describe, expect, it } from "vitest";
import { align, wordTerms } from "../../src/core/features.js";
import { relatedTerms } from "../../src/core/related.js";
import type { SearchIndex } from "../../src/core/store.js";
import { terms } from "../../src/core/text.js";

const term = (word: string) => terms(word)[0];
const related = (a: string, b: string) => relatedTerms(term(a)).includes(term(b));

describe("related-word table", () => {
  it("relates synonyms, derived forms and pertainyms, both ways", () => {
    expect(related("purchase", "buy")).toBe(true);
    expect(related("buy", "purchase")).toBe(true);
    expect(related("victory", "won")).toBe(true);
    expect(related("French", "France")).toBe(true);
  });

  it("keeps to each word's commonest sense", () => {
    // "bribe" is a rarer sense of "buy"; "house" and "home" share no commonest sense.
    expect(related("buy", "bribe")).toBe(false);
    expect(related("house", "home")).toBe(false);
    expect(related("won", "lost")).toBe(false);
  });
});

describe("the answer model's related-word input", () => {
  // Every term equally rare, so each question word weighs the same.
  const index = { df: new Map<string, number>(), sentenceCount: 100 } as unknown as SearchIndex;
  const related = (question: string, sentence: string) => align(index, wordTerms(question), wordTerms(sentence), null).related;

  it("is the share of question words whose relative, not the word itself, stands in the sentence", () => {
    expect(related("purchase shares", "They will buy the remaining shares.")).toBeCloseTo(0.5);
    expect(related("Who claimed victory?", "Madrid won the final.")).toBeGreaterThan(0);
  });
  it("gives nothing for a word the sentence has itself, or for unrelated words", () => {
    expect(related("purchase shares", "The purchase of shares closed.")).toBe(0);
    expect(related("purchase shares", "They will sell the remaining shares.")).toBe(0);
  });
});
