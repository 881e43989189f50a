/**
 * Answer quality on the development questions, through the real answer path
 * and the default model. The answer model was fitted on SQuAD and generated
 * BBC questions, never on these: the floors are held-out figures, guarding
 * against regressions, not targets to tune to (see docs/quality.md).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import type { Engine } from "../../src/core/engine.js";
import { evaluate, summarize, type EvalOutcome } from "../../src/core/evaluate.js";
import { DEV_SET, devQuestions, realEngine } from "../helpers/engine.js";

describe.skipIf(!existsSync(DEV_SET) && !process.env.CI)("dev set", () => {
  let engine: Engine;
  let outcomes: EvalOutcome[];
  beforeAll(async () => {
    engine = await realEngine();
    outcomes = await evaluate(engine, devQuestions());
  });

  it("runs with the default semantic model, not lexical-only", () => {
    expect(engine.health().embedder).toBe("use-lite");
  });

  // One question is 4.3 points here: the first-sentence floor leaves one question of slack below today's 16 of 23,
  // so a near-tie between two sentences (d14's are 0.172 and 0.171) flipping in a refit is not a regression; the
  // held-out SQuAD and BBC folds, thousands of questions, are what a refit is judged by (docs/quality.md).
  it("answers at least 70% of the answerable questions, 65% with the answer first", () => {
    const s = summarize(outcomes);
    const misses = outcomes.filter((o) => o.answerable && !o.hit).map((o) => `${o.q.id}: ${o.result.answer}`);
    expect(s.hit, misses.join("\n")).toBeGreaterThanOrEqual(0.7);
    expect(s.hitAt1).toBeGreaterThanOrEqual(0.65);
  });

  it("abstains on every unanswerable question", () => {
    for (const o of outcomes.filter((o) => !o.answerable)) expect(o.result.abstained, o.q.question).toBe(true);
  });

  it("abstains falsely on at most 10% of the answerable questions", () => {
    const falseAbstentions = outcomes.filter((o) => o.answerable && o.result.abstained).map((o) => o.q.id);
    expect(falseAbstentions.length, falseAbstentions.join(", ")).toBeLessThanOrEqual(Math.floor(0.1 * outcomes.filter((o) => o.answerable).length));
  });

  it("cites only sentences that are verbatim in their article", () => {
    for (const o of outcomes)
      for (const c of o.result.citations) expect(engine.article(c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
  });
});
