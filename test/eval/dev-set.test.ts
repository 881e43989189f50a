/** Answer quality on the development questions, through the real answer path and the default model. */
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

  it("answers at least 95% of the answerable questions (the answer-quality target)", () => {
    const s = summarize(outcomes);
    const misses = outcomes.filter((o) => o.answerable && !o.hit).map((o) => `${o.q.id}: ${o.result.answer}`);
    expect(s.hit, misses.join("\n")).toBeGreaterThanOrEqual(0.95);
    expect(s.hitAt3).toBeGreaterThanOrEqual(0.95);
    expect(s.hitAt1).toBeGreaterThanOrEqual(0.9);
  });

  it("abstains on every unanswerable question", () => {
    for (const o of outcomes.filter((o) => !o.answerable)) expect(o.result.abstained, o.q.question).toBe(true);
  });

  it("never abstains falsely", () => {
    expect(outcomes.filter((o) => o.answerable && o.result.abstained).map((o) => o.q.id)).toEqual([]);
  });

  it("cites only sentences that are verbatim in their article", () => {
    for (const o of outcomes)
      for (const c of o.result.citations) expect(engine.article(c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
  });
});
