/** The fitting code on synthetic data with a known answer, and the fold and threshold rules. */
import { describe, expect, it } from "vitest";
import { fitConditionalLogit, fitLogistic, roundModel, solveSpd } from "../../src/node/train/fit.js";
import { assignFolds, chooseThreshold, rocAuc, type Prediction } from "../../src/node/train/train.js";
import { linearScore } from "../../src/core/model.js";
import type { QuestionRows } from "../../src/node/train/dataset.js";

/** A small deterministic pseudo-random sequence (no Math.random: tests must not be flaky). */
function lcg(seed: number) {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32);
}

describe("linear algebra", () => {
  it("solves a symmetric positive definite system", () => {
    const x = solveSpd(
      [
        [4, 1],
        [1, 3],
      ],
      [1, 2],
    );
    expect(x[0]).toBeCloseTo(1 / 11, 10);
    expect(x[1]).toBeCloseTo(7 / 11, 10);
  });
});

describe("conditional logit (the ranker)", () => {
  const rand = lcg(7);
  // The answer is the candidate with the largest first input; the second input is noise.
  const groups = Array.from({ length: 300 }, () => {
    const x = Array.from({ length: 8 }, () => [rand(), rand()]);
    const best = x.reduce((b, r, i) => (r[0] > x[b][0] ? i : b), 0);
    return { x, y: x.map((_, i) => (i === best ? 1 : 0)) };
  });

  it("learns which input marks the answer", () => {
    const model = fitConditionalLogit(groups, ["signal", "noise"], 1);
    expect(model.weights[0]).toBeGreaterThan(2);
    expect(Math.abs(model.weights[1])).toBeLessThan(model.weights[0] / 5);
    const hits = groups.filter((g) => {
      const s = g.x.map((x) => linearScore(model, x));
      return g.y[s.indexOf(Math.max(...s))] === 1;
    }).length;
    expect(hits / groups.length).toBeGreaterThan(0.95);
  });

  it("gives the same parameters byte for byte on the same data", () => {
    const a = JSON.stringify(roundModel(fitConditionalLogit(groups, ["signal", "noise"], 1)));
    const b = JSON.stringify(roundModel(fitConditionalLogit(groups.map((g) => ({ x: g.x.map((r) => [...r]), y: [...g.y] })), ["signal", "noise"], 1)));
    expect(a).toBe(b);
  });
});

describe("logistic regression (the abstainer)", () => {
  it("recovers the direction and calibration of a known model", () => {
    const rand = lcg(11);
    const x = Array.from({ length: 2000 }, () => [rand() * 4 - 2]);
    const y = x.map(([v]) => (rand() < 1 / (1 + Math.exp(-(2 * v - 0.5))) ? 1 : 0));
    const model = fitLogistic(x, y, ["v"], 0.01);
    const slope = model.weights[0] / model.scale[0];
    const intercept = model.bias - (model.weights[0] * model.mean[0]) / model.scale[0];
    expect(slope).toBeGreaterThan(1.6);
    expect(slope).toBeLessThan(2.4);
    expect(intercept).toBeGreaterThan(-0.9);
    expect(intercept).toBeLessThan(-0.1);
  });
});

describe("folds and thresholds", () => {
  it("deals whole articles to folds, never splitting one", () => {
    const groups = Array.from({ length: 15 }, (_, i) => `s${String(i + 1).padStart(2, "0")}`);
    const folds = assignFolds([...groups, ...groups]);
    expect(folds.size).toBe(15);
    expect([...folds.values()].filter((f) => f === 0)).toHaveLength(3);
    expect(folds.get("s01")).toBe(folds.get("s06"));
  });

  const prediction = (p: number, answerable: boolean, unknown: string[] = []): Prediction => ({
    row: { answerable, unknown, question: "Who won?", candidates: [{ features: { typeFound: 1 }, label: 0 }] } as unknown as QuestionRows,
    scores: [0],
    p,
  });

  it("picks the highest threshold that keeps false abstention within the rule", () => {
    const answerable = Array.from({ length: 10 }, (_, i) => prediction(0.1 * (i + 1), true));
    expect(chooseThreshold(answerable, 0.1)).toBeCloseTo(0.2);
    // Abstaining below 0.2 abstains on exactly one answerable question of ten.
    expect(answerable.filter((p) => p.p < 0.2)).toHaveLength(1);
    expect(chooseThreshold(answerable, 0)).toBeCloseTo(0.1);
  });

  it("measures ranking quality as ROC AUC", () => {
    expect(rocAuc([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(rocAuc([0.1], [0.9])).toBe(0);
    expect(rocAuc([0.5], [0.5])).toBe(0.5);
  });
});
