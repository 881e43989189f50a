/**
 * The project's own question set (test/eval/*.jsonl): paraphrases, follow-ups,
 * near-topic unanswerables. Held out from the answer model's fitting; the
 * floors guard against regressions.
 */
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

  it("answers at least 80% of the answerable questions, nearly all with the first citation", () => {
    const s = summarize(outcomes);
    const misses = outcomes.filter((o) => o.answerable && !o.hit).map((o) => `${o.q.id}: ${o.result.answer}`);
    expect(s.hit, misses.join("\n")).toBeGreaterThanOrEqual(0.8);
    expect(s.hitAt1).toBeGreaterThanOrEqual(0.78);
  });

  it("abstains on the unanswerable questions, including a new topic asked mid-conversation", () => {
    const wrong = outcomes.filter((o) => !o.answerable && !o.result.abstained).map((o) => `${o.q.id}: ${o.result.answer}`);
    expect(wrong.length, wrong.join("\n")).toBeLessThanOrEqual(1);
    expect(outcomes.find((o) => o.q.id === "o30")?.result.abstained).toBe(true);
  });

  it("never abstains falsely", () => {
    expect(outcomes.filter((o) => o.answerable && o.result.abstained).map((o) => o.q.id)).toEqual([]);
  });

  it("answers a follow-up from the conversation", () => {
    const followUps = outcomes.filter((o) => o.q.kind === "follow-up");
    expect(followUps.filter((o) => o.hit).length, followUps.map((o) => `${o.q.id}: ${o.result.answer}`).join("\n")).toBeGreaterThanOrEqual(1);
    expect(outcomes.find((o) => o.q.id === "o08")?.hit).toBe(true);
  });
});
