/**
 * The learned answer model: a sentence ranker and an abstainer, both linear
 * over standardised features, their parameters fitted by `npm run train`
 * (src/node/train) and committed as answer-model.json. Plain arithmetic, so
 * the Worker runs the very same model from the same JSON.
 *
 * Ranker: a conditional-logit (softmax over a question's candidates) model,
 * so its score is a log-odds that one sentence, rather than another, answers.
 * Abstainer: logistic regression of P(the best sentence answers the
 * question) on what the ranked list looks like; the answer path abstains
 * below the fitted threshold.
 */
import { expectedAnswerType, type AnswerType, type SentenceFeatures } from "./rank.js";
import { negated, typeIndicators } from "./features.js";
import { questionTerms } from "./text.js";

export interface LinearModel {
  /** Input names, in the order of mean, scale and weights. */
  features: string[];
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

export interface AnswerModel {
  format: 1;
  /** The query embedder whose cosines the model was fitted on ("none": lexical only). */
  embedder: string;
  ranker: LinearModel;
  abstainer: LinearModel & {
    /** Abstain when P(answer) falls below this. */
    threshold: number;
    /** How the threshold was chosen. */
    rule: string;
  };
}

/** Per-sentence inputs of the ranker: the sentence's own features, then the same relative to the question's other candidates. */
export const RANKER_FEATURES = [
  "cosine",
  "coverage",
  "support",
  "contextCoverage",
  "passage",
  "typeNumber",
  "typeMeasure",
  "typeDate",
  "typePerson",
  "typePlace",
  "speaker",
  "exact",
  "pairs",
  "missingRare",
  "novelty",
  "money",
  "countsFocus",
  "namesFound",
  "focusNear",
  "typeFound",
  "length",
  "soft",
  "unmatched",
  "fuzzy",
  "related",
  "head",
  "negationMismatch",
  "anaphoric",
  "previousExact",
  "withPrevious",
  "anaphoricPrevious",
  "previousGain",
  "anaphoricGain",
  "antonym",
  "namesMissing",
  "numbersMissing",
  "softGap",
  "cosineGap",
  "exactGap",
  "coverageGap",
  "passageGap",
  "cosineRank",
  "passageRank",
] as const;

/** The best sentence's own features the abstainer reads. */
const TOP_FEATURES = [
  "cosine",
  "exact",
  "coverage",
  "support",
  "missingRare",
  "pairs",
  "typeMatch",
  "typeFound",
  "namesFound",
  "focusNear",
  "soft",
  "unmatched",
  "related",
  "anaphoric",
  "previousExact",
  "withPrevious",
  "antonym",
  "namesMissing",
  "numbersMissing",
] as const;

/** Per-question inputs of the abstainer: how clearly the best sentence beats the rest, then its own features. */
export const ABSTAINER_FEATURES = [
  "topScore",
  "topProbability",
  "margin",
  "entropy",
  "supportTop3",
  "negationMismatch",
  "missing",
  "fewestMissing",
  "bestExact",
  "questionLength",
  "answerTypeAny",
  ...TOP_FEATURES,
] as const;

/**
 * A model fitted on other inputs than the code computes (features added,
 * renamed or reordered since) would weigh the wrong numbers: refuse it.
 */
export function checkModel(model: AnswerModel): AnswerModel {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(model.ranker.features, RANKER_FEATURES) || !same(model.abstainer.features, ABSTAINER_FEATURES))
    throw new Error(`the answer model for ${model.embedder} was fitted on other features than this code computes; run \`npm run train\``);
  return model;
}

export function linearScore(model: LinearModel, x: number[]): number {
  let s = model.bias;
  for (let j = 0; j < x.length; j++) s += model.weights[j] * ((x[j] - model.mean[j]) / model.scale[j]);
  return s;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Reciprocal rank of each value among all, highest first (ties share the better rank). */
function reciprocalRanks(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => b - a);
  return values.map((v) => 1 / (1 + sorted.indexOf(v)));
}

/** The ranker's inputs for every candidate of one question. */
export function rankerInputs(question: string, features: SentenceFeatures[], type: AnswerType = expectedAnswerType(question)): number[][] {
  const cosines = features.map((f) => f.cosine ?? 0);
  const max = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
  const maxCosine = max(cosines);
  const maxExact = max(features.map((f) => f.exact));
  const maxCoverage = max(features.map((f) => f.coverage));
  const maxSoft = max(features.map((f) => f.soft));
  const maxPassage = max(features.map((f) => f.passage));
  const cosineRank = reciprocalRanks(cosines);
  const questionNegated = negated(question);
  const passageRank = reciprocalRanks(features.map((f) => f.passage));
  return features.map((f, i) => {
    const types = typeIndicators(type, f.typeMatch);
    const named: Record<(typeof RANKER_FEATURES)[number], number> = {
      cosine: cosines[i],
      coverage: f.coverage,
      support: f.support,
      contextCoverage: f.contextCoverage,
      passage: f.passage,
      ...types,
      speaker: f.speaker,
      exact: f.exact,
      pairs: f.pairs,
      missingRare: f.missingRare,
      novelty: f.novelty,
      money: f.money,
      countsFocus: f.countsFocus,
      namesFound: f.namesFound,
      focusNear: f.focusNear,
      typeFound: f.typeFound,
      length: f.length,
      soft: f.soft,
      unmatched: f.unmatched,
      fuzzy: f.fuzzy,
      related: f.related,
      head: f.head,
      negationMismatch: questionNegated && !f.negated ? 1 : 0,
      anaphoric: f.anaphoric,
      previousExact: f.previousExact,
      withPrevious: f.withPrevious,
      // An anaphoric sentence takes its subject from the sentence before: there the question's words count for it.
      anaphoricPrevious: f.anaphoric * f.previousExact,
      previousGain: f.withPrevious - f.exact,
      anaphoricGain: f.anaphoric * (f.withPrevious - f.exact),
      antonym: f.antonym,
      namesMissing: f.namesMissing,
      numbersMissing: f.numbersMissing,
      softGap: f.soft - maxSoft,
      cosineGap: cosines[i] - maxCosine,
      exactGap: f.exact - maxExact,
      coverageGap: f.coverage - maxCoverage,
      passageGap: f.passage - maxPassage,
      cosineRank: cosineRank[i],
      passageRank: passageRank[i],
    };
    return RANKER_FEATURES.map((name) => named[name]);
  });
}

/** Scores (log-odds within the question) for every candidate. */
export function rankScores(model: AnswerModel, question: string, features: SentenceFeatures[]): number[] {
  return rankerInputs(question, features).map((x) => linearScore(model.ranker, x));
}

/**
 * The abstainer's inputs for one question, from its candidates' features and
 * ranker scores (any order; the best is found here).
 */
export function abstainerInputs(question: string, features: SentenceFeatures[], scores: number[]): number[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const top = features[order[0]];
  const best = scores[order[0]] ?? 0;
  const second = order.length > 1 ? scores[order[1]] : best - 10;
  const z = scores.reduce((sum, s) => sum + Math.exp(s - best), 0);
  const probabilities = scores.map((s) => Math.exp(s - best) / z);
  const entropy = -probabilities.reduce((sum, p) => sum + (p > 0 ? p * Math.log(p) : 0), 0);
  const named: Record<(typeof ABSTAINER_FEATURES)[number], number> = {
    topScore: best,
    topProbability: probabilities[order[0]] ?? 0,
    margin: Math.min(10, best - second),
    entropy,
    ...topFeatures(top),
    supportTop3: Math.max(0, ...order.slice(0, 3).map((i) => features[i].support)),
    // Whether the question is negated says nothing by itself (in SQuAD 2.0 it marks the adversarial writers' habit);
    // a negated question answered by a sentence that is not negated does. (The reverse is everyday news: quotes deny.)
    negationMismatch: top && negated(question) && !top.negated ? 1 : 0,
    missing: top?.missing ?? 0,
    fewestMissing: features.length ? Math.min(...features.map((f) => f.missing)) : 0,
    bestExact: Math.max(0, ...features.map((f) => f.exact)),
    questionLength: Math.log1p(questionTerms(question).length),
    answerTypeAny: expectedAnswerType(question) === "any" ? 1 : 0,
  };
  return ABSTAINER_FEATURES.map((name) => named[name]);
}

function topFeatures(top: SentenceFeatures | undefined): Record<(typeof TOP_FEATURES)[number], number> {
  // No candidate at all: nothing found, and the rarest word missing.
  return Object.fromEntries(TOP_FEATURES.map((k) => [k, top ? (top[k] ?? 0) : k === "missingRare" || k === "namesMissing" ? 1 : 0])) as Record<(typeof TOP_FEATURES)[number], number>;
}

/** P(the best sentence answers the question). */
export function answerProbability(model: AnswerModel, question: string, features: SentenceFeatures[], scores: number[]): number {
  if (!features.length) return 0;
  return sigmoid(linearScore(model.abstainer, abstainerInputs(question, features, scores)));
}
