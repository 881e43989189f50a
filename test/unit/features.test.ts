/** The learned model's inputs, one by one, on made-up sentences. */
import { describe, expect, it } from "vitest";
import {
  anaphoric,
  countsFocus,
  moneyMatch,
  namesMissing,
  negated,
  novelty,
  numbersMissing,
  oneEditApart,
  pairOverlap,
  questionHead,
  questionNameTerms,
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

describe("sentences that lean on the one before", () => {
  it.each([
    ["It was re-established in April 1991, following the end of communist control.", 1],
    ["His orders were to protect the King's land.", 1],
    ["In 1991 these were sold.", 1],
    ["Warsaw's first stock exchange was established in 1817.", 0],
    ["The Black Death killed about 40% of Egypt's population.", 0],
  ])("%s → %i", (text, expected) => expect(anaphoric(text)).toBe(expected));
});

describe("what an adversarial question changes", () => {
  it("a name the sentence and its neighbours never use is missing", () => {
    const context = new Set(terms("Emma, sister of Duke Richard II of Normandy, married King Ethelred."));
    const missing = (question: string) => namesMissing(questionNameTerms(question), context);
    expect(missing("Who was Emma's brother?")).toBe(0);
    expect(missing("Who was Margaret's brother?")).toBe(1);
    expect(missing("Who married Emma in Scotland?")).toBe(0.5);
    // The question's first word is capitalised only because it comes first.
    expect(missing("Which duke married?")).toBe(0);
  });
  it("a number the question holds and the sentence does not", () => {
    expect(numbersMissing("What happened in 1850?", "The college was founded in 1850.")).toBe(0);
    expect(numbersMissing("What happened in 1851?", "The college was founded in 1850.")).toBe(1);
    expect(numbersMissing("What happened then?", "The college was founded in 1850.")).toBe(0);
  });
});
