/**
 * Fitting and honest validation of the answer model (core/model.ts).
 *
 * Questions are split by article, never by question: 5 folds of 3 SQuAD
 * articles. For each outer fold the ranker is fitted on the other four; the
 * abstainer is fitted on those four folds' *out-of-fold* ranker scores
 * (an inner 4-fold loop), because a ranker scores its own training questions
 * more confidently than new ones; its threshold is chosen by the stated rule on
 * the same out-of-fold predictions. Every reported figure comes from the outer
 * fold the models never saw. The shipped model is fitted the same way on all
 * 15 articles, with the threshold chosen on the pooled held-out predictions.
 */
import {
  ABSTAINER_FEATURES,
  abstainerInputs,
  linearScore,
  RANKER_FEATURES,
  rankerInputs,
  type AnswerModel,
  type LinearModel,
} from "../../core/model.js";
import { countWithoutNumber } from "../../core/abstain.js";
import type { QuestionRows } from "./dataset.js";
import { fitConditionalLogit, fitLogistic, roundModel } from "./fit.js";

export const FOLDS = 5;

export interface TrainOptions {
  rankerLambda: number;
  abstainerLambda: number;
  /** The threshold rule: the most abstention with at most this share of answerable questions abstained on. */
  maxFalseAbstention: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { rankerLambda: 1, abstainerLambda: 1, maxFalseAbstention: 0.05 };

/** Where a group's questions come from: "bbc" for "bbc:<story>", "squad" for SQuAD's "sNN". */
export function sourceOf(group: string): string {
  return group.includes(":") ? group.slice(0, group.indexOf(":")) : "squad";
}

/**
 * Fold of every group (an article or story, never split): each source's
 * groups sorted by name and dealt round-robin, so every fold holds a fifth of
 * each source (s01, s06, s11 → fold 0).
 */
export function assignFolds(groups: string[], folds = FOLDS): Map<string, number> {
  const out = new Map<string, number>();
  const bySource = new Map<string, string[]>();
  for (const g of [...new Set(groups)].sort()) bySource.set(sourceOf(g), [...(bySource.get(sourceOf(g)) ?? []), g]);
  for (const list of bySource.values()) list.forEach((g, i) => out.set(g, i % folds));
  return out;
}

function fitRanker(rows: QuestionRows[], options: TrainOptions): LinearModel {
  return fitConditionalLogit(
    rows.map((r) => ({ x: rankerInputs(r.question, r.candidates.map((c) => c.features)), y: r.candidates.map((c) => c.label) })),
    [...RANKER_FEATURES],
    options.rankerLambda,
  );
}

function scoresOf(ranker: LinearModel, row: QuestionRows): number[] {
  return rankerInputs(row.question, row.candidates.map((c) => c.features)).map((x) => linearScore(ranker, x));
}

/** The candidate the ranker puts first (the first of equals, as the answer path's position tie-break does). */
function bestIndex(scores: number[]): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  return best;
}

/** What the abstainer learns to predict: the question is answerable and the ranker's best sentence answers it. */
function answered(row: QuestionRows, scores: number[]): 0 | 1 {
  if (!row.answerable || !scores.length) return 0;
  return row.candidates[bestIndex(scores)].label;
}

interface Scored {
  row: QuestionRows;
  scores: number[];
}

/** Ranker scores for every row from rankers that never saw the row's fold. */
function outOfFold(rows: QuestionRows[], folds: Map<string, number>, options: TrainOptions): Scored[] {
  const used = [...new Set(rows.map((r) => folds.get(r.q.group)!))].sort();
  const out = new Map<QuestionRows, number[]>();
  for (const k of used) {
    const ranker = fitRanker(rows.filter((r) => folds.get(r.q.group) !== k), options);
    for (const r of rows) if (folds.get(r.q.group) === k) out.set(r, scoresOf(ranker, r));
  }
  return rows.map((row) => ({ row, scores: out.get(row)! }));
}

function fitAbstainer(scored: Scored[], options: TrainOptions): LinearModel {
  return fitLogistic(
    scored.map((s) => abstainerInputs(s.row.question, s.row.candidates.map((c) => c.features), s.scores)),
    scored.map((s) => answered(s.row, s.scores)),
    [...ABSTAINER_FEATURES],
    options.abstainerLambda,
  );
}

function probability(abstainer: LinearModel, s: Scored): number {
  if (!s.scores.length) return 0;
  return 1 / (1 + Math.exp(-linearScore(abstainer, abstainerInputs(s.row.question, s.row.candidates.map((c) => c.features), s.scores))));
}

export interface Prediction {
  row: QuestionRows;
  scores: number[];
  /** P(answer) from the abstainer. */
  p: number;
}

/**
 * The rule: the highest threshold at which at most `maxFalseAbstention` of the
 * answerable questions (that the model could answer at all) are abstained on.
 * Questions with an unknown name are abstained on by rule, so they do not count.
 */
export function chooseThreshold(predictions: Prediction[], maxFalseAbstention: number): number {
  const answerable = predictions.filter((p) => p.row.answerable && !ruledOut(p)).map((p) => p.p).sort((a, b) => a - b);
  if (!answerable.length) return 0;
  // Abstaining below the k-th lowest answerable probability abstains on k of them.
  const k = Math.floor(maxFalseAbstention * answerable.length);
  return Number(answerable[k].toPrecision(6));
}

export interface FoldResult {
  fold: number;
  groups: string[];
  model: AnswerModel;
  predictions: Prediction[];
}

function makeModel(embedder: string, ranker: LinearModel, abstainer: LinearModel, threshold: number, options: TrainOptions): AnswerModel {
  return {
    format: 1,
    embedder,
    ranker: roundModel(ranker),
    abstainer: {
      ...roundModel(abstainer),
      threshold,
      rule: `highest threshold with false abstention <= ${options.maxFalseAbstention} on out-of-fold predictions`,
    },
  };
}

/** Fits the ranker, and the abstainer on out-of-fold ranker scores, for the given training rows. */
function fitBoth(rows: QuestionRows[], folds: Map<string, number>, options: TrainOptions, embedder: string): AnswerModel {
  const scored = outOfFold(rows, folds, options);
  const abstainer = fitAbstainer(scored, options);
  const threshold = chooseThreshold(
    scored.map((s) => ({ ...s, p: probability(abstainer, s) })),
    options.maxFalseAbstention,
  );
  return makeModel(embedder, fitRanker(rows, options), abstainer, threshold, options);
}

export function crossValidate(rows: QuestionRows[], embedder: string, options: TrainOptions = DEFAULT_TRAIN_OPTIONS, log?: (line: string) => void): FoldResult[] {
  const folds = assignFolds(rows.map((r) => r.q.group));
  const results: FoldResult[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const train = rows.filter((r) => folds.get(r.q.group) !== k);
    const test = rows.filter((r) => folds.get(r.q.group) === k);
    const model = fitBoth(train, folds, options, embedder);
    // Rounded parameters, as shipped, score the held-out fold.
    const predictions = test.map((row) => {
      const scores = scoresOf(model.ranker, row);
      return { row, scores, p: probability(model.abstainer, { row, scores }) };
    });
    const groups = [...folds].filter(([, f]) => f === k).map(([g]) => g);
    results.push({ fold: k, groups, model, predictions });
    const squad = groups.filter((g) => sourceOf(g) === "squad");
    log?.(`fold ${k + 1}/${FOLDS} (${squad.join(", ")} and ${groups.length - squad.length} other stories): fitted on ${train.length} questions, held out ${test.length}`);
  }
  return results;
}

/** The shipped model: everything fitted on all rows; the threshold from the pooled held-out predictions of the folds. */
export function fitFinal(rows: QuestionRows[], heldOut: Prediction[], embedder: string, options: TrainOptions = DEFAULT_TRAIN_OPTIONS): AnswerModel {
  const folds = assignFolds(rows.map((r) => r.q.group));
  const model = fitBoth(rows, folds, options, embedder);
  return { ...model, abstainer: { ...model.abstainer, threshold: chooseThreshold(heldOut, options.maxFalseAbstention), rule: `highest threshold with false abstention <= ${options.maxFalseAbstention} on the pooled held-out folds` } };
}

/** The answer path's rules (abstain.ts), which hold whatever the model says: an unknown name; a count with no number. */
function ruledOut(p: Prediction): boolean {
  if (p.row.unknown.length > 0 || !p.scores.length) return true;
  return countWithoutNumber(p.row.question, p.row.candidates[bestIndex(p.scores)].features);
}

export interface HeldOutSummary {
  questions: number;
  answerable: number;
  unanswerable: number;
  /** The ranker's best sentence holds a gold answer (answerable questions). */
  hitAt1: number;
  hitAt3: number;
  /** Unanswerable questions abstained on (rule or model). */
  abstention: number;
  falseAbstention: number;
  /** ROC AUC of P(answer) for answerable vs unanswerable. */
  auc: number;
}

export function summarizePredictions(predictions: Prediction[], threshold: (p: Prediction) => number): HeldOutSummary {
  const answerable = predictions.filter((p) => p.row.answerable);
  const unanswerable = predictions.filter((p) => !p.row.answerable);
  const topK = (p: Prediction, k: number) =>
    p.scores
      .map((s, i) => [s, i] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, k)
      .some(([, i]) => p.row.candidates[i].label === 1);
  const abstains = (p: Prediction) => ruledOut(p) || p.p < threshold(p);
  const rate = (xs: Prediction[], f: (p: Prediction) => boolean) => (xs.length ? xs.filter(f).length / xs.length : 0);
  return {
    questions: predictions.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hitAt1: rate(answerable, (p) => topK(p, 1)),
    hitAt3: rate(answerable, (p) => topK(p, 3)),
    abstention: rate(unanswerable, abstains),
    falseAbstention: rate(answerable, abstains),
    auc: rocAuc(answerable.map((p) => p.p), unanswerable.map((p) => p.p)),
  };
}

export function rocAuc(positive: number[], negative: number[]): number {
  if (!positive.length || !negative.length) return 0;
  const all = [...positive.map((v) => [v, 1] as const), ...negative.map((v) => [v, 0] as const)].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j][0] === all[i][0]) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k][1] === 1) rankSum += rank;
    i = j;
  }
  return (rankSum - (positive.length * (positive.length + 1)) / 2) / (positive.length * negative.length);
}

/** Predicted P(answer) against how often the best sentence really answered, in tenths. */
export function reliability(predictions: Prediction[]): { bin: string; questions: number; predicted: number; observed: number }[] {
  const bins = Array.from({ length: 10 }, (_, i) => ({ bin: `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`, n: 0, p: 0, y: 0 }));
  for (const pr of predictions) {
    const b = bins[Math.min(9, Math.floor(pr.p * 10))];
    b.n++;
    b.p += pr.p;
    b.y += answered(pr.row, pr.scores);
  }
  return bins.filter((b) => b.n).map((b) => ({ bin: b.bin, questions: b.n, predicted: round(b.p / b.n), observed: round(b.y / b.n) }));
}

/** The abstention/false-abstention trade-off over thresholds. */
export function tradeOff(predictions: Prediction[], thresholds: number[]): { threshold: number; abstention: number; falseAbstention: number; hit: number }[] {
  return thresholds.map((t) => {
    const s = summarizePredictions(predictions, () => t);
    const hits = predictions.filter((p) => !(ruledOut(p) || p.p < t) && answered(p.row, p.scores) === 1).length;
    return { threshold: t, abstention: round(s.abstention), falseAbstention: round(s.falseAbstention), hit: round(hits / Math.max(1, s.answerable)) };
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
