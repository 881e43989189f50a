import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/core/article.js";
import { createEngine } from "../../src/core/engine.js";
import { capitalisedPhrases, expandQuestion, isFollowUp, personOf, placeOf, subjectOf } from "../../src/core/followup.js";
import { buildIndex, openIndex } from "../../src/core/store.js";

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
    // "about it" after "about Ukraine" is Ukraine; the rest of the earlier question is context.
    expect(e.question).toBe("What did the ministry say about Ukraine?");
    expect(e.contextTerms).toEqual(expect.arrayContaining(["china", "foreign"]));
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

describe("a thing's pronoun refers to the previous question's subject", () => {
  it.each([
    ["Where was the treaty signed?", "the treaty"],
    ["When did the talks start?", "the talks"],
    ["What did the peace plan call for?", "the peace plan"],
    ["When did NATO expand?", "NATO"],
    ["Who voted against the resolution?", null],
  ])("%s → %s", (q, subject) => expect(subjectOf(q)).toBe(subject));

  it.each([
    ["Where was the treaty signed?", "Who signed it?", "Who signed the treaty?"],
    ["When did the talks start?", "How long did they last?", "How long did the talks last?"],
  ])("%s → %s means %s", (first, next, meant) => {
    const e = expandQuestion(next, [
      { role: "user", content: first },
      { role: "assistant", content: "Some answer. [1]" },
    ]);
    expect(e.question).toBe(meant);
    expect(e.previousAnswer).toBe("Some answer.");
  });

  it("resolves a person before a thing", () => {
    expect(expandQuestion("And who did he meet there?", diplomat).question).toBe("And who did Wang Yi meet in Moscow?");
  });
});

describe("a follow-up and the sentence the previous turn cited", () => {
  const article = parseArticle(
    "Talks in Moscow\n\nAfter two days of talks, Putin accused the United States of fighting to the last Ukrainian, but praised what he said was China's neutral position on the war.\n\nChina's position on the war was set out in a 12-point paper in February.\n\nPutin also said talks with Kyiv were possible if the West stopped arming it.",
  );
  const first = "What did Putin accuse the United States of?";
  async function ask(question: string) {
    const { files } = await buildIndex([article], null);
    const engine = createEngine(openIndex(files, [article]), null);
    const previous = await engine.answer({ question: first });
    expect(previous.citations[0].quote).toMatch(/accused the United States/);
    return engine.answer({ question, history: [{ role: "user", content: first }, { role: "assistant", content: previous.answer }] });
  }

  it("answers with it again when it names everything the follow-up adds", async () => {
    const result = await ask("And what did he say about China's position?");
    expect(result.citations[0].quote).toMatch(/praised what he said was China's neutral position/);
  });

  it("answers with another sentence when the follow-up adds nothing it names", async () => {
    const result = await ask("What else did he say about talks?");
    expect(result.abstained).toBe(false);
    expect(result.citations[0].quote).not.toMatch(/accused the United States/);
  });
});
