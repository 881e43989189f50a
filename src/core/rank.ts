/**
 * Sentence ranking: which retrieved sentence answers the question?
 *
 * No cross-encoder or extractive-QA model can be obtained offline here, so the
 * default ranker is a calibrated combination of signals every sentence has:
 * its own semantic similarity to the question, how much of the question's
 * (IDF-weighted) content it covers, the score of the passage it came from,
 * and whether it contains the kind of thing asked for (a number for "how
 * many", a name for "who", a date for "when"). A model-based ranker can
 * replace it through the same interface.
 */
import { capitalisedPhrases } from "./followup.js";

/** "measure": a size, length, age or duration ("How wide…", "How long did…") — a number with a unit, or in words. */
export type AnswerType = "number" | "measure" | "person" | "date" | "place" | "any";

export interface SentenceFeatures {
  /** Cosine similarity of sentence and question vectors, or null without a model. */
  cosine: number | null;
  /**
   * IDF-weighted share of the question's own terms found in the sentence, 0..1;
   * a term found only in an adjacent sentence counts half (attributions like
   * "…, Blinken said." often sit next to the quote).
   */
  coverage: number;
  /** The same share with terms the corpus never uses counted as missing: how much of the question is supported at all. */
  support: number;
  /** IDF-weighted share of earlier-turn context terms found in the sentence, 0..1. */
  contextCoverage: number;
  /** Best hybrid score of a retrieved passage containing the sentence, 0..1. */
  passage: number;
  /** 1 when the sentence contains the asked-for kind of thing. */
  typeMatch: number;
  /**
   * For "What did <name> say/call/want…": 1 when the sentence names that
   * speaker, 0.5 when a neighbouring sentence does (the attribution of a quote),
   * 0 otherwise or when the question names no speaker.
   */
  speaker: number;
  /** IDF-weighted share of the question's terms in the sentence itself (no credit for neighbours). */
  exact: number;
  /** Share of the question's neighbouring term pairs that stand close together in the sentence (features.ts). */
  pairs: number;
  /** The rarest question term absent from the sentence and its neighbours, relative to the rarest question term. */
  missingRare: number;
  /** Share of the sentence's terms the question does not use. */
  novelty: number;
  /** 1 when a money question meets an amount of money. */
  money: number;
  /** 1 when a "how many X" question meets a number right before X. */
  countsFocus: number;
  /** The on-topic checks (QuestionTopic), one by one: names in the article, the asked-for thing nearby, a number/date. */
  namesFound: number;
  focusNear: number;
  typeFound: number;
  /** log(1 + the sentence's term count). */
  length: number;
  /** Question words aligned with the sentence's closest words in meaning (features.ts: align). */
  soft: number;
  unmatched: number;
  fuzzy: number;
  related: number;
  /** 1 when the sentence names the thing a "what/which X" question asks for. */
  head: number;
  /** How many of the question's terms (those the corpus uses) neither the sentence nor its neighbours contain. */
  missing: number;
  /** 1 when the sentence opens with a pronoun or "this/these…" (features.ts: anaphoric). */
  anaphoric: number;
  /** IDF-weighted share of the question's terms in the sentence before (same article), and in the two together. */
  previousExact: number;
  withPrevious: number;
  /** 1 when an opposite of a question term stands in the sentence instead of it (antonyms.ts). */
  antonym: number;
  /** Share of the question's names that neither the sentence nor its neighbours name. */
  namesMissing: number;
  /** 1 when the question holds a number the sentence does not. */
  numbersMissing: number;
  /** 1 when the sentence is negated ("not", "never", "no one"…): a negated question needs a negated answer, and the reverse. */
  negated: number;
}

export interface RankCandidate {
  text: string;
  features: SentenceFeatures;
}

/** Scores candidate sentences for a question; higher is better. One score per candidate, same order. */
export interface SentenceRanker {
  readonly name: string;
  /** Scores are log-odds within the question (the learned ranker): turned into probabilities, and the abstainer reads them. */
  readonly logOdds?: boolean;
  rank(question: string, candidates: RankCandidate[]): number[] | Promise<number[]>;
}

/** Weights chosen on the dev set and checked on the project's own question set (test/eval). */
export const FEATURE_WEIGHTS = {
  // Semantic similarity and term coverage weigh the same: each rescues the other's failures (paraphrase vs. rare names).
  cosine: 0.3,
  coverage: 0.3,
  contextCoverage: 0.1,
  passage: 0.1,
  typeMatch: 0.15,
  speaker: 0.15,
  /** Without a model the lexical signals carry the whole decision. */
  lexicalOnlyCoverage: 0.6,
} as const;

export function featureScore(f: SentenceFeatures): number {
  const w = FEATURE_WEIGHTS;
  const lexical =
    w.contextCoverage * f.contextCoverage + w.passage * f.passage + w.typeMatch * f.typeMatch + w.speaker * f.speaker;
  if (f.cosine === null) return w.lexicalOnlyCoverage * f.coverage + lexical;
  return w.cosine * f.cosine + w.coverage * f.coverage + lexical;
}

export const featureRanker: SentenceRanker = {
  name: "features",
  rank: (_question, candidates) => candidates.map((c) => featureScore(c.features)),
};

/** The named speaker of a "What did <name> say/tell/call/want…" question, if any. */
export function questionSpeaker(question: string): string | null {
  const m = /\b(?:did|does|do|has|have|will|would)\s+((?:[A-Z][\p{L}'’-]+\s+){0,3}[A-Z][\p{L}'’-]+)\s+(?:say|said|tell|told|call|want|warn|think|argue|claim|invite|describe|accuse|mean)\b/u.exec(question);
  return m ? m[1].replace(/['’]s$/, "") : null;
}

export function expectedAnswerType(question: string): AnswerType {
  const q = question.toLowerCase();
  if (/\bhow (many|much)\b|\bwhat (number|percentage|share|proportion)\b|\b(tally|count|total)\b/.test(q)) return "number";
  if (/\bhow (long|wide|tall|high|far|old|big|large|deep|heavy|fast)\b/.test(q)) return "measure";
  if (/\bwhen\b|\b(what|which) (date|day|year|month|time|century|decade)\b/.test(q)) return "date";
  if (/\bwho(m|se)?\b|\bwhich\b.*\b(person|official|diplomat|spokes(man|woman|person)|minister|ambassador|president|leader|mayor|adviser|director|chief|envoy|secretary|governor)\b/.test(q))
    return "person";
  if (/\bwhere\b|\bwhich\b.*\b(country|countries|city|cities|town|region|province|capital|nation)\b/.test(q)) return "place";
  return "any";
}

/**
 * A quantity, whole ("141", "5bn", "13,479"): an ordinal ("4th Reich") or a digit inside one counts nothing, and
 * neither does "one" standing for a noun ("a lucrative one", "the one he chose"; "a one-year deal" still counts).
 */
export const NUMBER =
  /(?<!\d)\d+(?:[.,]\d+)*(?!\d|(?:st|nd|rd|th)\b)|\bone(?=-)|\b(?<!\b(?:a|an|the|this|that|which|each|every|any|no)\s+(?:[a-z]+\s+)?)one\b|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty|dozens?|hundreds?|thousands?|millions?|billions?)\b/i;
const DATE =
  /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|yesterday|today|tomorrow|week|month|year|centur(?:y|ies)|decades?|\d{4})\b/i;

/**
 * 1 when the sentence holds a thing of the asked-for kind that the question
 * does not already name: "Who is the mayor of X?" is not answered by a
 * sentence whose only name is X.
 */
export function matchesAnswerType(type: AnswerType, sentence: string, question = ""): number {
  const fresh = (found: string[]) => found.some((f) => !question.toLowerCase().includes(f.toLowerCase()));
  switch (type) {
    case "number":
    case "measure":
      return fresh(sentence.match(new RegExp(NUMBER.source, "gi")) ?? []) ? 1 : 0;
    case "date":
      return fresh(sentence.match(new RegExp(DATE.source, "gi")) ?? []) ? 1 : 0;
    case "person":
      // "Ukraine's Luhansk" is two capitalised words but no one's name.
      return fresh(capitalisedPhrases(sentence).filter((p) => p.includes(" ") && !/['’]s\b/.test(p))) ? 1 : 0;
    case "place":
      return fresh(capitalisedPhrases(sentence.replace(/^\s*\S+/, ""))) ? 1 : 0;
    default:
      return 0;
  }
}
