import { describe, expect, it } from "vitest";
import { expectedAnswerType, featureRanker, featureScore, matchesAnswerType, type SentenceFeatures } from "../../src/core/rank.js";

const base: SentenceFeatures = {
  cosine: 0.5,
  coverage: 0.5,
  support: 0.5,
  contextCoverage: 0,
  passage: 0.5,
  typeMatch: 0,
  speaker: 0,
  exact: 0.5,
  pairs: 0,
  missingRare: 0,
  novelty: 0.5,
  money: 0,
  countsFocus: 0,
  namesFound: 1,
  focusNear: 1,
  typeFound: 1,
  length: 2,
  soft: 0.5,
  unmatched: 0,
  fuzzy: 0,
  related: 0,
  head: 0,
  missing: 0,
  negated: 0,
  anaphoric: 0,
  previousExact: 0,
  withPrevious: 0.5,
  antonym: 0,
  namesMissing: 0,
  numbersMissing: 0,
};

describe("expected answer types", () => {
  it.each([
    ["How many countries abstained?", "number"],
    ["What was the vote tally?", "number"],
    ["When will Xi travel to Russia?", "date"],
    ["Who is the mayor of Khmelnitskyi?", "person"],
    ["Which Chinese deputy UN ambassador spoke?", "person"],
    ["Which country tried to amend the text?", "place"],
    ["Where did they meet?", "place"],
    ["What did Xi invite Putin to do?", "any"],
  ])("%s → %s", (q, type) => expect(expectedAnswerType(q)).toBe(type));
});

describe("answer-type match", () => {
  it("wants a thing the question does not already name", () => {
    const q = "Who is the mayor of Khmelnitskyi?";
    expect(matchesAnswerType("person", "Mayor Oleksandr Symshyshyn said on the Telegram app.", q)).toBe(1);
    expect(matchesAnswerType("person", "A missile hit the western town of Khmelnitskyi.", q)).toBe(0);
    expect(matchesAnswerType("number", "The vote was 141-7.", "How many voted?")).toBe(1);
    expect(matchesAnswerType("number", "No figures were given.", "How many voted?")).toBe(0);
    expect(matchesAnswerType("date", "Xi visits from March 20 to 22.", "When will Xi visit?")).toBe(1);
  });

  it("counts quantities, in digits or words, but not ordinals", () => {
    expect(matchesAnswerType("number", "Scientists installed twenty new seismometers.", "How many seismometers?")).toBe(1);
    expect(matchesAnswerType("number", "He denied calling it a 4th Reich.", "How many tanks?")).toBe(0);
    expect(matchesAnswerType("number", "The deal is worth $5bn.", "How much is the deal worth?")).toBe(1);
  });

  it("does not count a \"one\" that stands for a noun", () => {
    const q = "How much will Farrell be paid?";
    expect(matchesAnswerType("number", "The move would be a lucrative one for both.", q)).toBe(0);
    expect(matchesAnswerType("number", "It was the one he chose.", q)).toBe(0);
    expect(matchesAnswerType("number", "He signed a one-year deal.", q)).toBe(1);
    expect(matchesAnswerType("number", "One member left.", "How many members left?")).toBe(1);
  });

  it("does not count a capitalised first word as a name", () => {
    expect(matchesAnswerType("person", "In Luhansk province, shelling escalated.", "Who is the governor?")).toBe(0);
    expect(matchesAnswerType("person", "Serhiy Haidai told state television.", "Who is the governor?")).toBe(1);
  });
});

describe("feature ranker", () => {
  it("prefers semantic similarity, coverage, and the asked-for type", () => {
    expect(featureScore({ ...base, cosine: 0.7 })).toBeGreaterThan(featureScore(base));
    expect(featureScore({ ...base, coverage: 0.9 })).toBeGreaterThan(featureScore(base));
    expect(featureScore({ ...base, typeMatch: 1 })).toBeGreaterThan(featureScore(base));
  });

  it("falls back to lexical signals without a model", () => {
    expect(featureScore({ ...base, cosine: null, coverage: 1 })).toBeGreaterThan(featureScore({ ...base, cosine: null, coverage: 0.2 }));
  });

  it("scores each candidate in order", async () => {
    const scores = await featureRanker.rank("q", [
      { text: "a", features: base },
      { text: "b", features: { ...base, coverage: 1 } },
    ]);
    expect(scores).toHaveLength(2);
    expect(scores[1]).toBeGreaterThan(scores[0]);
  });
});

describe("speaker of a question", () => {
  it.each([
    ["What did Blinken say a ceasefire without withdrawal would do?", "Blinken"],
    ["What did Jake Sullivan tell CNN?", "Jake Sullivan"],
    ["What did Xi invite Putin to do?", "Xi"],
    ["What did the ministry say about it?", null],
    ["How many countries abstained?", null],
  ])("%s → %s", async (q, speaker) => {
    const { questionSpeaker } = await import("../../src/core/rank.js");
    expect(questionSpeaker(q)).toBe(speaker);
  });

  it("favours sentences that name the speaker", () => {
    expect(featureScore({ ...base, speaker: 1 })).toBeGreaterThan(featureScore({ ...base, speaker: 0.5 }));
    expect(featureScore({ ...base, speaker: 0.5 })).toBeGreaterThan(featureScore(base));
  });
});
