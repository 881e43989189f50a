/**
 * What a message asks for (intent.ts), read against the real seed index: a
 * greeting or help, an overview, or — for everything else, and for every
 * question of the evaluation sets — a question.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseQuestions } from "../../src/core/evaluate.js";
import { detectIntent } from "../../src/core/intent.js";
import type { SearchIndex } from "../../src/core/store.js";
import { questionTerms } from "../../src/core/text.js";
import { PROJECT_ROOT } from "../../src/node/corpus-files.js";
import { DEV_SET, realEngine, SHARED } from "../helpers/engine.js";

let index: SearchIndex;
beforeAll(async () => {
  index = (await realEngine()).index;
});

const intent = (q: string, on: SearchIndex = index) => detectIntent(on, q);

describe("help", () => {
  it.each([
    "hi",
    "Hello!",
    "hey there",
    "good morning",
    "help",
    "Help me please",
    "can you help?",
    "what can you do?",
    "What can I ask?",
    "how does this work",
    "How do I use this?",
    "who are you?",
    "What is this?",
    "Give me some examples",
    "what kind of questions can I ask?",
    "Hi! How does this work?",
  ])("%j gets help", (q) => {
    expect(intent(q)).toEqual({ kind: "help" });
  });

  it.each([
    "Hi, who did Wang Yi meet?",
    "hello, how many countries abstained in the UN vote?",
    "help with Ukraine",
    "examples of sanctions",
    "What is this plan about?",
    "What did the Rhine help to expand?",
  ])("%j, which has content the corpus uses (or uses 'help' as a word), stays a question", (q) => {
    expect(intent(q)).toEqual({ kind: "question" });
  });
});

describe("overview", () => {
  it.each([
    "What are these articles about?",
    "what are the articles about",
    "summarise the articles",
    "Summarize",
    "Can you summarize?",
    "give me an overview",
    "Could you give me a quick summary of the news?",
    "what's in the news here",
    "What’s the news?",
    "What do these stories cover?",
    "What are the main topics?",
    "tl;dr",
  ])("%j gets an overview of all the articles", (q) => {
    expect(intent(q)).toEqual({ kind: "overview", topic: "" });
  });

  it("keeps a topic the corpus knows, in the user's words", () => {
    expect(intent("summarise the articles about Ukraine")).toEqual({ kind: "overview", topic: "Ukraine" });
    expect(intent("Give me an overview of Xi's visit")).toEqual({ kind: "overview", topic: "Xi's visit" });
    expect(intent("What's the latest news on the peace plan?")).toEqual({ kind: "overview", topic: "peace plan" });
  });

  it("asks a topic the corpus never mentions as a question, so that it abstains and says why", () => {
    expect(intent("summarise the articles about Australia")).toEqual({ kind: "question" });
  });

  it.each(["What is the 12-point plan about?", "what is the peace proposal about", "What was the resolution about?", "What did the paper say?"])(
    "%j names no collection and asks for no summary: a question",
    (q) => {
      expect(intent(q)).toEqual({ kind: "question" });
    },
  );
});

/** Every question of a JSONL file. */
function questionsOf(path: string): string[] {
  return parseQuestions(readFileSync(path, "utf8")).map((q) => q.question);
}

const SETS = [
  ["the dev set", DEV_SET],
  ["the project's own set", join(PROJECT_ROOT, "test/eval/verbatim-own.jsonl")],
  ["the SQuAD questions", join(SHARED, "eval/squad2-train/qa.jsonl")],
] as const;

describe("the evaluation questions", () => {
  it.each(SETS.filter(([, path]) => existsSync(path)))("%s are all questions, whatever the corpus knows", (_, path) => {
    const questions = questionsOf(path);
    expect(questions.length).toBeGreaterThan(20);
    // Over the seed corpus; over a corpus that knows none of their words (any
    // help phrasing would count); over one that knows all of them (any
    // overview phrasing with a topic would count).
    const knowsNothing: SearchIndex = { ...index, df: new Map() };
    const knowsAll: SearchIndex = { ...index, df: new Map(questions.flatMap((q) => questionTerms(q)).map((t) => [t, 1])) };
    for (const corpus of [index, knowsNothing, knowsAll]) {
      const caught = questions.filter((q) => intent(q, corpus).kind !== "question");
      expect(caught).toEqual([]);
    }
  });
});
