/** The project's own question set (test/eval/*.jsonl): paraphrases, follow-ups, near-topic unanswerables. */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { evaluate, parseQuestions, summarize, type EvalOutcome } from "../../src/core/evaluate.js";
import { realEngine } from "../helpers/engine.js";

const files = readdirSync(__dirname).filter((n) => n.endsWith(".jsonl"));

describe("own question set", () => {
  let outcomes: EvalOutcome[];
  beforeAll(async () => {
    const questions = files.flatMap((f) => parseQuestions(readFileSync(join(__dirname, f), "utf8")));
    outcomes = await evaluate(await realEngine(), questions);
  });

  it("has 20+ questions of every kind", () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(20);
    expect(new Set(outcomes.map((o) => o.q.kind))).toEqual(new Set(["fact", "paraphrase", "follow-up", "unanswerable", "noisy-article"]));
  });

  it("answers at least 85% of the answerable questions, 80% with the first citation", () => {
    const s = summarize(outcomes);
    const misses = outcomes.filter((o) => o.answerable && !o.hit).map((o) => `${o.q.id}: ${o.result.answer}`);
    expect(s.hit, misses.join("\n")).toBeGreaterThanOrEqual(0.85);
    expect(s.hitAt1).toBeGreaterThanOrEqual(0.8);
  });

  it("abstains on every unanswerable question, including a new topic asked mid-conversation", () => {
    const wrong = outcomes.filter((o) => !o.answerable && !o.result.abstained).map((o) => `${o.q.id}: ${o.result.answer}`);
    expect(wrong, wrong.join("\n")).toEqual([]);
  });

  it("never abstains falsely", () => {
    expect(outcomes.filter((o) => o.answerable && o.result.abstained).map((o) => o.q.id)).toEqual([]);
  });

  it("answers every follow-up from the conversation", () => {
    for (const o of outcomes.filter((o) => o.q.kind === "follow-up")) expect(o.hit, `${o.q.id}: ${o.result.answer}`).toBe(true);
  });
});
