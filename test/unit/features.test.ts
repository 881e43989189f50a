/** The learned model's inputs, one by one, on made-up sentences. */
import { describe, expect, it } from "vitest";
import {
  countsFocus,
  moneyMatch,
  negated,
  novelty,
  oneEditApart,
  pairOverlap,
  questionHead,
  wordTerms,
} from "../../src/core/features.js";
import { questionTerms, terms } from "../../src/core/text.js";

describe("pair overlap", () => {
  const q = questionTerms("Who voted against the resolution?");
  it("credits the question's word pairs standing together", () => {
    expect(pairOverlap(q, terms("Belarus voted against the resolution on Thursday."))).toBe(1);
  });
  it("gives nothing for the same words scattered", () => {
    expect(pairOverlap(q, terms("The resolution passed; later, several members voted on a motion, and one spoke against delay."))).toBe(0);
  });
});

describe("typos", () => {
  it.each([
    ["scotish", "scottish", true],
    ["shirey", "shirley", true],
    ["zelensky", "zelenskyy", true],
    ["cat", "car", false],
    ["france", "french", false],
  ])("%s ~ %s: %s", (a, b, same) => expect(oneEditApart(a, b)).toBe(same));
});

describe("answer-type cues", () => {
  it("a money question wants an amount of money, not any number", () => {
    const q = "How much will the stadium cost?";
    expect(moneyMatch(q, "The stadium will cost $1.2bn to build.")).toBe(1);
    expect(moneyMatch(q, "The stadium will seat 60,000 fans.")).toBe(0);
    expect(moneyMatch("How many fans will it seat?", "It will cost $1.2bn.")).toBe(0);
  });

  it("a count wants the number in front of the counted thing", () => {
    expect(countsFocus(terms("people"), "At least 12 people were killed in the attack.")).toBe(1);
    expect(countsFocus(terms("people"), "In 2019, the attack on the town killed people.")).toBe(0);
  });

  it("finds the noun a what/which question asks for", () => {
    expect(questionHead("What kind of arches does Norman architecture have?")).toBe(terms("arches")[0]);
    expect(questionHead("Which central European country had a Calvinist ruler?")).toBe("countri");
    expect(questionHead("Who signed the treaty?")).toBeNull();
  });
});

describe("other signals", () => {
  it("negation", () => {
    expect(negated("Which country did not vote?")).toBe(1);
    expect(negated("Who didn't vote?")).toBe(1);
    expect(negated("Which country voted?")).toBe(0);
  });

  it("novelty is the share of sentence terms the question lacks", () => {
    expect(novelty(new Set(["vote"]), ["vote", "belaru"])).toBe(0.5);
    expect(novelty(new Set(), [])).toBe(0);
  });

  it("words keep their written form beside their index term", () => {
    expect(wordTerms("The Italian minister's visits")).toEqual([
      { word: "italian", term: "italian" },
      { word: "minister", term: terms("minister")[0] },
      { word: "visits", term: terms("visits")[0] },
    ]);
  });
});
