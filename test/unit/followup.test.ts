import { describe, expect, it } from "vitest";
import { capitalisedPhrases, expandQuestion, isFollowUp, personOf, placeOf } from "../../src/core/followup.js";

const diplomat = [
  { role: "user" as const, content: "Which Chinese diplomat visited Moscow?" },
  {
    role: "assistant" as const,
    content: "On Wednesday, top Chinese diplomat Wang Yi met Russian president Vladimir Putin and foreign minister Sergei Lavrov in Moscow. [1]",
  },
];

describe("follow-up detection", () => {
  it.each([
    "And who did he meet there?",
    "What did the ministry say about it?",
    "Why?",
    "What about Belarus?",
    "Did she agree?",
    "What did they decide?",
  ])("%s is a follow-up", (q) => expect(isFollowUp(q)).toBe(true));

  it.each([
    "What is the capital of Australia?",
    "Which Chinese diplomat visited Moscow?",
    "How many countries abstained in the UN vote?",
    "Who is the mayor of Khmelnitskyi?",
  ])("%s stands on its own", (q) => expect(isFollowUp(q)).toBe(false));
});

describe("expandQuestion", () => {
  it("replaces pronouns with the previous turn's person and place", () => {
    const e = expandQuestion("And who did he meet there?", diplomat);
    expect(e.isFollowUp).toBe(true);
    expect(e.resolved).toEqual({ he: "Wang Yi", there: "Moscow" });
    expect(e.question).toBe("And who did Wang Yi meet in Moscow?");
  });

  it("carries the previous question's topic as context terms", () => {
    const e = expandQuestion("What did the ministry say about it?", [
      { role: "user", content: "What did China's foreign ministry say on Monday about Ukraine?" },
    ]);
    expect(e.isFollowUp).toBe(true);
    expect(e.contextTerms).toEqual(expect.arrayContaining(["china", "foreign", "ukrain"]));
    expect(e.context).toMatch(/foreign ministry/);
  });

  it("does not let a self-contained question inherit the old topic", () => {
    const e = expandQuestion("What is the capital of Australia?", diplomat);
    expect(e).toMatchObject({ isFollowUp: false, question: "What is the capital of Australia?", contextTerms: [], context: "" });
  });

  it("leaves a first question alone", () => {
    expect(expandQuestion("And who did he meet there?", []).isFollowUp).toBe(false);
  });
});

describe("entity helpers", () => {
  it("finds names without sentence furniture", () => {
    expect(capitalisedPhrases("On Wednesday, top Chinese diplomat Wang Yi met Vladimir Putin.")).toEqual(["Chinese", "Wang Yi", "Vladimir Putin"]);
    expect(personOf("The US and NATO warned Beijing, Antony Blinken said.")).toBe("Antony Blinken");
    expect(placeOf("Xi will travel to Moscow next week")).toBe("Moscow");
  });
});
