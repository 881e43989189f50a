/**
 * What the learned ranker and abstainer read about one candidate sentence:
 * plain numbers computed from the question, the sentence, its neighbours and
 * the corpus statistics, the same on Node and Workers. The model that weighs
 * them is fitted by `npm run train` (see model.ts); nothing here decides.
 */
import type { Article } from "./article.js";
import { capitalisedPhrases } from "./followup.js";
import type { Sentence } from "./chunk.js";
import { relatedTerms } from "./related.js";
import type { AnswerType } from "./rank.js";
import { sentenceKey, type SearchIndex } from "./store.js";
import { normalizeForTerms, terms } from "./text.js";
import type { WordSimilarity } from "./word-similarity.js";

export function idfOf(index: SearchIndex, term: string): number {
  const df = index.df.get(term) ?? 0;
  return Math.log(1 + index.sentenceCount / (df + 0.5));
}

/** Credit for a question term found only in a neighbouring sentence. */
const NEIGHBOUR_CREDIT = 0.5;

/**
 * IDF-weighted share of `wanted` found in `own` (full credit) or `near`
 * (partial credit). With `countUnknown`, terms absent from the corpus stay in
 * the denominator: the answer cannot cover what the corpus never mentions.
 */
export function weightedCoverage(index: SearchIndex, wanted: string[], own: Set<string>, near?: Set<string>, countUnknown = false): number {
  let total = 0;
  let found = 0;
  for (const t of wanted) {
    if (!index.df.has(t) && !countUnknown) continue;
    const w = idfOf(index, t);
    total += w;
    if (own.has(t)) found += w;
    else if (near?.has(t)) found += NEIGHBOUR_CREDIT * w;
  }
  return total > 0 ? found / total : 0;
}

/**
 * Something computed from one sentence's text, memoised per index: sentences
 * are scored again and again across questions. Bounded, so arbitrary
 * questions over a large corpus cannot grow memory without limit.
 */
function perSentence<T>(compute: (text: string) => T, empty: T): (index: SearchIndex, articleId: string, i: number) => T {
  const caches = new WeakMap<SearchIndex, Map<string, T>>();
  return (index, articleId, i) => {
    let cache = caches.get(index);
    if (!cache) caches.set(index, (cache = new Map()));
    const key = sentenceKey(articleId, i);
    let found = cache.get(key);
    if (found === undefined) {
      const s = index.sentencesByArticle.get(articleId)?.[i];
      found = s ? compute(index.articleById.get(articleId)!.text.slice(s.start, s.end)) : empty;
      if (cache.size > 100_000) cache.clear();
      cache.set(key, found);
    }
    return found;
  };
}

/** Terms of one sentence, in order. */
export const sentenceTermList = perSentence(terms, []);

const termSetCache = new WeakMap<string[], Set<string>>();

export function sentenceTerms(index: SearchIndex, articleId: string, i: number): Set<string> {
  const list = sentenceTermList(index, articleId, i);
  let set = termSetCache.get(list);
  if (!set) termSetCache.set(list, (set = new Set(list)));
  return set;
}

/**
 * Share of the question's neighbouring term pairs that stand close together
 * in the sentence too: "voted against the resolution" is a relation, the
 * three words scattered over a sentence are not.
 */
export function pairOverlap(questionTerms: string[], sentenceTerms: string[]): number {
  if (questionTerms.length < 2) return 0;
  const at = new Map<string, number>();
  sentenceTerms.forEach((t, i) => at.has(t) || at.set(t, i));
  let found = 0;
  for (let i = 0; i + 1 < questionTerms.length; i++) {
    const a = at.get(questionTerms[i]);
    const b = at.get(questionTerms[i + 1]);
    if (a !== undefined && b !== undefined && Math.abs(a - b) <= 3) found++;
  }
  return found / (questionTerms.length - 1);
}

/**
 * The rarest question word the sentence and its neighbours leave out, as a
 * share of the question's rarest word: adversarial questions swap one name or
 * add one condition, and that word is usually the rare one nothing answers.
 */
export function missingRare(index: SearchIndex, wanted: string[], own: Set<string>, near: Set<string>): number {
  let rarest = 0;
  let missing = 0;
  for (const t of wanted) {
    if (!index.df.has(t)) continue;
    const w = idfOf(index, t);
    rarest = Math.max(rarest, w);
    if (!own.has(t) && !near.has(t)) missing = Math.max(missing, w);
  }
  return rarest > 0 ? missing / rarest : 0;
}

/** How many of the wanted terms that the corpus uses are in neither the sentence nor its neighbours. */
export function missingCount(index: SearchIndex, wanted: string[], own: Set<string>, near: Set<string>): number {
  let missing = 0;
  for (const t of wanted) if (index.df.has(t) && !own.has(t) && !near.has(t)) missing++;
  return missing;
}

/** Share of the sentence's terms the question does not use: an answer says something the question does not already. */
export function novelty(questionTerms: Set<string>, sentenceTerms: string[]): number {
  if (!sentenceTerms.length) return 0;
  return sentenceTerms.filter((t) => !questionTerms.has(t)).length / sentenceTerms.length;
}

/** An amount of money's currency: a symbol or a currency word. */
export const CURRENCY = /[$£€¥]|\b(dollars?|pounds?|euros?|francs?|marks?|yen|rupees?|cents?|pence|bn|usd|gbp)\b/i;
const MONEY_QUESTION = /\bhow much\b.*\b(cost|costs|spend|spent|pay|paid|worth|price|budget|fund|funding|raise|raised|earn|charge|fee)\b|\b(cost|price|budget|salary|fee)\b/i;

/** 1 when a question about money meets a sentence that names an amount of money. */
export function moneyMatch(question: string, sentence: string): number {
  return MONEY_QUESTION.test(question) && CURRENCY.test(sentence) && /\d/.test(sentence) ? 1 : 0;
}

const COUNT = /\d[\d,.]*|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|dozens?)\b/i;

/**
 * 1 when a number stands right before the counted thing ("how many
 * *soldiers*" meets "12,000 soldiers"): a sentence with a number about
 * something else is no count of it.
 */
export function countsFocus(focusTerms: string[], sentenceText: string): number {
  if (!focusTerms.length) return 0;
  const words = sentenceText.split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    if (!COUNT.test(words[i])) continue;
    const after = terms(words.slice(i + 1, i + 4).join(" "));
    if (focusTerms.some((t) => after.includes(t))) return 1;
  }
  return 0;
}

const NEGATION = /\b(not|never|no|none|nobody|nothing|neither|nor|without)\b|n't\b/i;

export function negated(text: string): number {
  return NEGATION.test(text) ? 1 : 0;
}

/** One-hot answer type, so the model weighs a type match per type. */
export function typeIndicators(type: AnswerType, typeMatch: number) {
  return {
    typeNumber: type === "number" ? typeMatch : 0,
    typeMeasure: type === "measure" ? typeMatch : 0,
    typeDate: type === "date" ? typeMatch : 0,
    typePerson: type === "person" ? typeMatch : 0,
    typePlace: type === "place" ? typeMatch : 0,
  };
}

/** Sentences of the same paragraph right around this one, and the article's headline and outlet. */
export function neighbourTerms(index: SearchIndex, article: Article, sentence: Sentence, metadata: Set<string>): Set<string> {
  return new Set([
    ...sentenceTerms(index, article.id, sentence.index - 1),
    ...sentenceTerms(index, article.id, sentence.index + 1),
    ...metadata,
  ]);
}

export interface WordTerm {
  /** The word as written, lower-cased: what word vectors are looked up by. */
  word: string;
  /** Its index term (stemmed): what exact matches compare. */
  term: string;
}

/** The content words of a text, each with its term; stopwords have no term and are left out. */
export function wordTerms(text: string): WordTerm[] {
  const out: WordTerm[] = [];
  const seen = new Set<string>();
  for (const word of normalizeForTerms(text).toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!word || seen.has(word)) continue;
    seen.add(word);
    const [term] = terms(word);
    if (term) out.push({ word, term });
  }
  return out;
}

/** Content words of one sentence, each with its term. */
export const sentenceWords = perSentence(wordTerms, []);

/** Same word up to one typo ("Shirey"/"Shirley"), for words long enough that one letter cannot make another word. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 5 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  return Math.max(a.length, b.length) - i - j <= 1;
}

export interface Alignment {
  /** IDF-weighted share of question words matched exactly, or by their closest word in meaning (cosine, clipped at 0). */
  soft: number;
  /** Mean closeness of the question words with no exact match to their closest sentence word. */
  unmatched: number;
  /** IDF-weighted share of question words matched only up to a typo. */
  fuzzy: number;
  /** IDF-weighted share of question words not in the sentence but with a word WordNet relates to them (related.ts). */
  related: number;
}

/**
 * Aligns each question word with the sentence word closest in meaning: what
 * lets "How many residents…" meet "…821,784 people…" and keeps a distractor
 * that shares the names but not the relation from scoring as high.
 */
export function align(index: SearchIndex, question: WordTerm[], sentence: WordTerm[], words: WordSimilarity | null): Alignment {
  const have = new Set(sentence.map((w) => w.term));
  let total = 0;
  let soft = 0;
  let fuzzy = 0;
  let related = 0;
  let unmatchedSum = 0;
  let unmatched = 0;
  for (const q of question) {
    const w = idfOf(index, q.term);
    total += w;
    if (have.has(q.term)) {
      soft += w;
      continue;
    }
    if (sentence.some((s) => oneEditApart(q.word, s.word))) {
      fuzzy += w;
      soft += w;
      continue;
    }
    if (relatedTerms(q.term).some((t) => have.has(t))) related += w;
    let best = 0;
    if (words) for (const s of sentence) best = Math.max(best, words.similarity(q.word, s.word));
    soft += w * best;
    unmatchedSum += best;
    unmatched++;
  }
  return {
    soft: total > 0 ? soft / total : 0,
    unmatched: unmatched ? unmatchedSum / unmatched : 1,
    fuzzy: total > 0 ? fuzzy / total : 0,
    related: total > 0 ? related / total : 0,
  };
}

/**
 * The noun a "what/which" question asks for: "What kind of *arches*…",
 * "Which central European *country* had…", "What *books* did…". A sentence
 * that names it is more likely to say which one.
 */
export function questionHead(question: string): string | null {
  const m =
    /\b(?:what|which)\s+(?:kind|type|sort|form|part|piece|group|class)s?\s+of\s+(?:the\s+)?([a-z]+)/i.exec(question) ??
    /\b(?:what|which)\s+(?:[a-z]+\s+){0,2}?([a-z]+)\s+(?:is|was|are|were|did|does|do|has|have|had|can|could|will|would)\b/i.exec(question);
  if (!m) return null;
  const [term] = terms(m[1]);
  return term ?? null;
}

/**
 * A pronoun or "this/these…" among the sentence's first words: what it says
 * is about something named before ("It was re-established in April 1991."),
 * so the question's words may stand in the sentence before it instead.
 */
const ANAPHOR = /^\W*(?:\S+\s+){0,2}?(it|its|they|their|them|he|his|she|her|this|these|those|that|such|there)\b/i;

export function anaphoric(text: string): number {
  return ANAPHOR.test(text) ? 1 : 0;
}

/** The terms of each name a question asks about ("…Emma's brother", "…the Pierce case"). */
export function questionNameTerms(question: string): string[][] {
  // The first word is capitalised because it starts the question.
  return capitalisedPhrases(question.replace(/^\s*\S+/, ""))
    .map((p) => terms(p))
    .filter((t) => t.length);
}

/**
 * Share of the question's names (questionNameTerms) that neither the sentence
 * nor its neighbours name: an adversarial question swaps one name for another
 * the article also uses.
 */
export function namesMissing(names: string[][], context: Set<string>): number {
  if (!names.length) return 0;
  return names.filter((t) => !t.some((x) => context.has(x))).length / names.length;
}

/** 1 when the question holds a number ("in 1850", "the 5th") the sentence does not. */
export function numbersMissing(question: string, sentence: string): number {
  return (question.match(/\d+/g) ?? []).some((n) => !sentence.includes(n)) ? 1 : 0;
}
