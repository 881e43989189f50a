/**
 * From retrieved passages to an answer: score every sentence of the
 * candidate passages, decide whether the articles support an answer at all,
 * and compose the answer from the best 1–3 sentences, verbatim, each with its
 * citation marker.
 */
import type { Article } from "./article.js";
import type { Sentence } from "./chunk.js";
import { dot } from "./embed/embedder.js";
import type { ExpandedQuestion } from "./followup.js";
import { capitalisedPhrases } from "./followup.js";
import {
  expectedAnswerType,
  featureRanker,
  matchesAnswerType,
  questionSpeaker,
  type AnswerType,
  type SentenceFeatures,
  type SentenceRanker,
} from "./rank.js";
import type { Candidate } from "./retrieve.js";
import { sentenceKey, type SearchIndex } from "./store.js";
import { textFragmentUrl } from "./text-fragment.js";
import { questionTerms, terms } from "./text.js";

export interface ScoredSentence {
  sentence: Sentence;
  article: Article;
  text: string;
  features: SentenceFeatures;
  score: number;
  /** Whether the sentence can answer at all (see QuestionTopic); those that cannot rank below those that can. */
  onTopic: boolean;
}

export interface CitationResult {
  n: number;
  id: string;
  articleId: string;
  title: string;
  quote: string;
  start: number;
  end: number;
  score: number;
  url: string;
  /** The original article with a text fragment that highlights the quote, where the article has a URL. */
  sourceUrl?: string;
  alsoIn?: { articleId: string; title: string; id: string; quote: string }[];
}

export interface AbstainDecision {
  abstain: boolean;
  reason?: string;
  /** The value compared with the threshold. */
  support: number;
  threshold: number;
}

export const ANSWER = {
  /** Minimum support (see supportOf) for answering at all; chosen on the dev set, see `npm run eval -- --sweep`. */
  supportThreshold: 0.42,
  /**
   * Query embedders that approximate the index's model score lower cosines
   * for the same match; their threshold comes from their own sweep
   * (`VERBATIM_EMBEDDER=use-lite-static npm run eval -- --sweep`).
   */
  supportThresholdByEmbedder: { "use-lite-static": 0.36 } as Record<string, number>,
  /** Lexical-only support is coverage alone, on a different scale. */
  lexicalSupportThreshold: 0.3,
  /**
   * A sentence this close in meaning to the question may name the asked-for
   * thing in other words; the closest sentences of unanswerable questions
   * stay near 0.5, paraphrased answers reach 0.7.
   */
  paraphraseCosine: 0.6,
  /** Extra sentences must score this close to the best one. */
  companionRatio: 0.8,
  maxSentences: 3,
  /** Sentences this similar are near-duplicates: cited once. */
  duplicateCosine: 0.95,
  duplicateJaccard: 0.6,
  /**
   * Sentences from different articles that state the same fact: similar in
   * meaning AND sharing most of their words AND agreeing on any numbers.
   * USE-lite puts any two sentences on one topic near 0.85, so meaning alone
   * would claim agreement that is not there.
   */
  agreementCosine: 0.8,
  agreementOverlap: 0.6,
} as const;

export function citationId(articleId: string, start: number, end: number): string {
  return `${articleId}-${start}-${end}`;
}

export function parseCitationId(id: string): { articleId: string; start: number; end: number } | null {
  const m = /^([0-9a-f]{16})-(\d{1,9})-(\d{1,9})$/.exec(id);
  return m ? { articleId: m[1], start: Number(m[2]), end: Number(m[3]) } : null;
}

function idfOf(index: SearchIndex, term: string): number {
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
function weightedCoverage(index: SearchIndex, wanted: string[], own: Set<string>, near?: Set<string>, countUnknown = false): number {
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

const metadataCache = new WeakMap<Article, Set<string>>();

/** Headline and outlet name: "according to the Washington Examiner article" is about every sentence of that article. */
function articleTerms(article: Article): Set<string> {
  let found = metadataCache.get(article);
  if (!found) metadataCache.set(article, (found = new Set(terms(`${article.title} ${article.source ?? ""}`))));
  return found;
}

const termCache = new WeakMap<SearchIndex, Map<string, Set<string>>>();

/** Terms of one sentence, memoised per index: sentences are scored again and again across questions. */
function sentenceTerms(index: SearchIndex, articleId: string, i: number): Set<string> {
  let cache = termCache.get(index);
  if (!cache) termCache.set(index, (cache = new Map()));
  const key = sentenceKey(articleId, i);
  let found = cache.get(key);
  if (!found) {
    const s = index.sentencesByArticle.get(articleId)?.[i];
    found = new Set(s ? terms(index.articleById.get(articleId)!.text.slice(s.start, s.end)) : []);
    if (cache.size > 100_000) cache.clear();
    cache.set(key, found);
  }
  return found;
}

export async function scoreSentences(
  index: SearchIndex,
  expanded: ExpandedQuestion,
  vector: Float32Array | null,
  candidates: Candidate[],
  ranker: SentenceRanker = featureRanker,
): Promise<ScoredSentence[]> {
  const ownTerms = questionTerms(expanded.question);
  const speaker = questionSpeaker(expanded.question);
  const speakerTerms = speaker ? terms(speaker) : [];
  const type = expectedAnswerType(expanded.question);
  const onTopic = topicCheck(index, questionTopic(expanded.question), expanded.question);
  const best = new Map<string, { sentence: Sentence; passage: number }>();
  for (const c of candidates) {
    const sentences = index.sentencesByArticle.get(c.passage.articleId)!;
    for (let i = c.passage.sentences[0]; i <= c.passage.sentences[1]; i++) {
      const key = sentenceKey(c.passage.articleId, i);
      const seen = best.get(key);
      if (!seen || seen.passage < c.score) best.set(key, { sentence: sentences[i], passage: c.score });
    }
  }
  const scored: ScoredSentence[] = [];
  for (const [key, { sentence, passage }] of best) {
    const article = index.articleById.get(sentence.articleId)!;
    const text = article.text.slice(sentence.start, sentence.end);
    const have = sentenceTerms(index, article.id, sentence.index);
    const near = new Set([
      ...sentenceTerms(index, article.id, sentence.index - 1),
      ...sentenceTerms(index, article.id, sentence.index + 1),
      ...articleTerms(article),
    ]);
    const sv = index.sentenceVectors.get(key);
    const features: SentenceFeatures = {
      cosine: vector && sv && sv.length === vector.length ? dot(vector, sv) : null,
      coverage: weightedCoverage(index, ownTerms, have, near),
      support: weightedCoverage(index, ownTerms, have, near, true),
      contextCoverage: weightedCoverage(index, expanded.contextTerms, have, near),
      passage,
      typeMatch: matchesAnswerType(type, text, expanded.question),
      speaker: speaker ? speakerCredit(index, article, sentence, speakerTerms) : 0,
    };
    scored.push({ sentence, article, text, features, score: 0, onTopic: onTopic(article, sentence, features.cosine) });
  }
  const scores = await ranker.rank(expanded.question, scored);
  scored.forEach((s, i) => (s.score = scores[i]));
  // Ties broken by position so the same question always gets the same answer.
  return scored.sort(
    (a, b) =>
      Number(b.onTopic) - Number(a.onTopic) ||
      b.score - a.score ||
      (a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : a.sentence.start - b.sentence.start),
  );
}

const SPEECH = /\b(said|says|told|tells|warned|added|stated|wrote|tweeted|posted|mentioned|argued|claimed|called|accused|insisted|stressed|urged|asked|invited|announced|according to)\b/i;

/**
 * Is the sentence attributed to the question's speaker? Naming them is not
 * enough ("…attended by Antony Blinken"): the name must come with a verb of
 * saying, here or (for a quote continued with "he said") in the sentence before.
 */
function speakerCredit(index: SearchIndex, article: Article, sentence: Sentence, speakerTerms: string[]): number {
  const attributed = (i: number) => {
    const s = index.sentencesByArticle.get(article.id)?.[i];
    if (!s) return false;
    const text = article.text.slice(s.start, s.end);
    const have = sentenceTerms(index, article.id, i);
    return speakerTerms.every((t) => have.has(t)) && SPEECH.test(text);
  };
  if (attributed(sentence.index)) return 1;
  const text = article.text.slice(sentence.start, sentence.end);
  const continuesQuote = /\b(he|she|they) (said|added|told|warned)\b|^["“]/i.test(text);
  return continuesQuote && attributed(sentence.index - 1) ? 0.5 : 0;
}

/** How well the best sentence supports an answer, on a scale that does not depend on the query's length. */
export function supportOf(f: SentenceFeatures): number {
  return f.cosine === null ? f.support : 0.6 * f.cosine + 0.4 * f.support;
}

/**
 * The thing a question asks about: the noun counted in "how many soldiers",
 * the attribute in "what is the population of …". If the corpus never uses
 * that word, no sentence can answer, however close the rest of it looks.
 */
export function questionFocus(question: string): string | null {
  const m =
    /\bhow (?:many|much)\s+(?:of\s+the\s+)?([a-z][a-z-]+)/i.exec(question) ??
    /\b(?:what|which)\s+(?:is|was|are|were)\s+the\s+([a-z][a-z-]+)\s+of\b/i.exec(question);
  return m ? m[1].toLowerCase() : null;
}

/** Names in a question; its first word is capitalised by grammar, not because it is a name. */
function questionNames(question: string): string[] {
  return capitalisedPhrases(question.replace(/^\s*\S+/, (w) => (/^[A-Z]/.test(w) ? w.toLowerCase() : w))).map((n) => n.replace(/['’]s$/, ""));
}

/** Question terms the corpus never uses at all: a question about them cannot be answered from it. */
export function unknownTopics(index: SearchIndex, question: string): string[] {
  const names = questionNames(question);
  const focus = questionFocus(question);
  if (focus) names.push(focus);
  const missing: string[] = [];
  for (const name of names) {
    const nameTerms = terms(name);
    if (nameTerms.length && nameTerms.every((t) => !index.df.has(t))) missing.push(name);
  }
  return missing;
}

/**
 * What an answer has to be about. In a large corpus every name and every
 * word of an unanswerable question occurs somewhere ("How many tanks did
 * Germany send?" meets a sentence about Germany, tanks and the EU), so
 * knowing the words is not enough: they must occur together. The names must
 * all be in the answer's article (one mention anywhere, since later
 * sentences say "he" or "the ministry"), the asked-for thing in the answer
 * sentence or next to it, and a "how many"/"when" answer must hold a number
 * or a date (in the sentence or the one that completes it).
 */
export interface QuestionTopic {
  /** Each name with its terms ("UN" and "U.N." have the same terms). */
  names: { name: string; terms: string[] }[];
  focus: { word: string; terms: string[] } | null;
  type: AnswerType;
}

/** Nationality adjectives describe rather than name: an article about "American rockets" may only say "US-made". */
const DEMONYM = /(?:ian|ean|can|ese|ish)$/;

export function questionTopic(question: string): QuestionTopic {
  const names = questionNames(question)
    .filter((name) => name.includes(" ") || !DEMONYM.test(name))
    .map((name) => ({ name, terms: terms(name) }))
    .filter((n) => n.terms.length > 0);
  const focus = questionFocus(question);
  const focusTerms = focus ? terms(focus) : [];
  return { names, focus: focusTerms.length ? { word: focus!, terms: focusTerms } : null, type: expectedAnswerType(question) };
}

const articleTermCache = new WeakMap<Article, Set<string>>();

/** Every term of an article, headline and outlet included. */
function articleAllTerms(index: SearchIndex, article: Article): Set<string> {
  let found = articleTermCache.get(article);
  if (!found) {
    found = new Set(articleTerms(article));
    for (const s of index.sentencesByArticle.get(article.id) ?? []) for (const t of sentenceTerms(index, article.id, s.index)) found.add(t);
    articleTermCache.set(article, found);
  }
  return found;
}

/** The sentences right before and after, when no paragraph break separates them. */
function paragraphNeighbours(index: SearchIndex, article: Article, sentence: Sentence): Sentence[] {
  const sentences = index.sentencesByArticle.get(article.id)!;
  return [sentences[sentence.index + 1], sentences[sentence.index - 1]].filter(
    (n): n is Sentence =>
      n !== undefined &&
      !article.text.slice(Math.min(n.end, sentence.end), Math.max(n.start, sentence.start)).includes("\n\n"),
  );
}

/**
 * Transliterations differ by a letter at the end ("Zelensky", "Zelenskiy"),
 * as do a country and its adjective's stem ("china", "chines"): two stems
 * name the same when they agree up to the last letter of the shorter (at
 * least four letters) and differ in length by at most two.
 */
function sameName(a: string, b: string): boolean {
  const shorter = Math.min(a.length, b.length);
  if (shorter < 4 || Math.abs(a.length - b.length) > 2) return false;
  let common = 0;
  while (common < shorter && a[common] === b[common]) common++;
  return common >= shorter - 1 && common >= 4;
}

/**
 * Whether a sentence can answer the question (see QuestionTopic). Built once
 * per question: the names are looked up once per article, not per sentence.
 */
export function topicCheck(
  index: SearchIndex,
  topic: QuestionTopic,
  question: string,
): (article: Article, sentence: Sentence, cosine: number | null) => boolean {
  const namesFound = new Map<string, boolean>();
  const mentionsNames = (article: Article): boolean => {
    let found = namesFound.get(article.id);
    if (found === undefined) {
      const all = articleAllTerms(index, article);
      const has = (t: string) => all.has(t) || [...all].some((u) => sameName(t, u));
      // Half of a longer name will do: reworded copies of a story turn "White House" into "White Home".
      found = topic.names.every((n) => n.terms.filter(has).length >= Math.ceil(n.terms.length / 2));
      namesFound.set(article.id, found);
    }
    return found;
  };
  return (article, sentence, cosine) => {
    if (topic.names.length && !mentionsNames(article)) return false;
    // A sentence that says what the question asks in other words ("civilians" for "people") names the thing its own way.
    if (topic.focus && !(cosine !== null && cosine >= ANSWER.paraphraseCosine)) {
      const near = [sentence.index - 1, sentence.index, sentence.index + 1].map((i) => sentenceTerms(index, article.id, i));
      if (!topic.focus.terms.every((t) => near.some((terms) => terms.has(t)))) return false;
    }
    if (topic.type === "number" || topic.type === "date") {
      const texts = [sentence, ...paragraphNeighbours(index, article, sentence)].map((s) => article.text.slice(s.start, s.end));
      if (!texts.some((text) => matchesAnswerType(topic.type, text, question))) return false;
    }
    return true;
  };
}

/** Why no sentence is on topic, in the words of the question. */
function offTopicReason(topic: QuestionTopic): string {
  const things = [...topic.names.map((n) => n.name), ...(topic.focus ? [topic.focus.word] : [])];
  const list = things.length > 1 ? `${things.slice(0, -1).join(", ")} and ${things[things.length - 1]}` : things[0] ?? "";
  if (topic.type === "number" || topic.type === "date") return `no passage gives a ${topic.type}${list ? ` about ${list}` : ""}`;
  return things.length > 1 ? `no article mentions ${list} together` : `no passage found is about ${list}`;
}

export function decideAbstention(
  index: SearchIndex,
  expanded: ExpandedQuestion,
  ranked: ScoredSentence[],
  embedder = "",
): AbstainDecision {
  const top = ranked[0];
  const lexicalOnly = !top || top.features.cosine === null;
  const threshold = lexicalOnly
    ? ANSWER.lexicalSupportThreshold
    : (ANSWER.supportThresholdByEmbedder[embedder] ?? ANSWER.supportThreshold);
  if (!top) return { abstain: true, reason: "no passage shares a word with the question", support: 0, threshold };
  // The ranker may put a well-attributed but loosely worded sentence first; support is judged on the leading few,
  // by score alone: whether the answer is on topic is decided separately, below.
  const leading = [...ranked].sort((a, b) => b.score - a.score).slice(0, 3);
  const support = Math.max(...leading.map((s) => supportOf(s.features)));
  const missing = unknownTopics(index, expanded.question);
  if (missing.length) return { abstain: true, reason: `no article mentions ${missing.join(" or ")}`, support, threshold };
  if (!top.onTopic) return { abstain: true, reason: offTopicReason(questionTopic(expanded.question)), support, threshold };
  if (support < threshold)
    return {
      abstain: true,
      reason: "the closest passages are only loosely related to the question",
      support,
      threshold,
    };
  return { abstain: false, support, threshold };
}

function intersectionSize(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  const inter = intersectionSize(a, b);
  return inter / Math.max(1, a.size + b.size - inter);
}

function overlapCoefficient(a: Set<string>, b: Set<string>): number {
  return intersectionSize(a, b) / Math.max(1, Math.min(a.size, b.size));
}

function numbersIn(text: string): Set<string> {
  return new Set(text.match(/\d[\d,.]*\d|\d/g)?.map((n) => n.replace(/,/g, "")) ?? []);
}

function sentenceCosine(index: SearchIndex, a: ScoredSentence, b: ScoredSentence): number | null {
  const va = index.sentenceVectors.get(sentenceKey(a.article.id, a.sentence.index));
  const vb = index.sentenceVectors.get(sentenceKey(b.article.id, b.sentence.index));
  return va && vb ? dot(va, vb) : null;
}

/** Near-duplicates (syndicated copies, a repeated lede): never cited twice in one answer. */
export function sameStatement(index: SearchIndex, a: ScoredSentence, b: ScoredSentence): boolean {
  const cos = sentenceCosine(index, a, b);
  if (cos !== null && cos >= ANSWER.duplicateCosine) return true;
  return jaccard(sentenceTerms(index, a.article.id, a.sentence.index), sentenceTerms(index, b.article.id, b.sentence.index)) >= ANSWER.duplicateJaccard;
}

/** Two articles stating the same fact, so the answer can say "2 sources agree". */
export function agrees(index: SearchIndex, a: ScoredSentence, b: ScoredSentence): boolean {
  if (a.article.id === b.article.id) return false;
  if (sameStatement(index, a, b)) return true;
  const cos = sentenceCosine(index, a, b);
  if (cos === null || cos < ANSWER.agreementCosine) return false;
  const ta = sentenceTerms(index, a.article.id, a.sentence.index);
  const tb = sentenceTerms(index, b.article.id, b.sentence.index);
  if (overlapCoefficient(ta, tb) < ANSWER.agreementOverlap) return false;
  const na = numbersIn(a.text);
  const nb = numbersIn(b.text);
  return na.size + nb.size === 0 || [...na].some((n) => nb.has(n));
}

/**
 * When the best sentence talks about the asked-for thing without naming it
 * ("…, Ukraine's Luhansk governor said." for "Who is the Luhansk governor?"),
 * the name is usually in the sentence right next to it: bring that one along.
 */
function completingNeighbour(index: SearchIndex, best: ScoredSentence, ranked: ScoredSentence[], question: string): ScoredSentence | null {
  const type = expectedAnswerType(question);
  if (type === "any" || best.features.typeMatch > 0) return null;
  // Only within one paragraph: across a line break the neighbour is about something else.
  for (const sentence of paragraphNeighbours(index, best.article, best.sentence)) {
    const text = best.article.text.slice(sentence.start, sentence.end);
    if (!matchesAnswerType(type, text, question)) continue;
    const scored = ranked.find((r) => r.article.id === best.article.id && r.sentence.index === sentence.index);
    return scored ?? { sentence, article: best.article, text, features: { ...best.features, typeMatch: 1 }, score: best.score, onTopic: true };
  }
  return null;
}

/** The best sentence, plus up to two more that score nearly as well and say something new. */
export function composeAnswer(
  index: SearchIndex,
  ranked: ScoredSentence[],
  question = "",
): { answer: string; citations: CitationResult[] } {
  const chosen: { main: ScoredSentence; agreeing: ScoredSentence[] }[] = [];
  const best = ranked[0];
  const completion = best ? completingNeighbour(index, best, ranked, question) : null;
  if (completion) ranked = [best, completion, ...ranked.filter((r) => r !== best && r !== completion)];
  for (const s of ranked) {
    // Within one article a repeat is just dropped; across articles it counts as agreement (which includes repeats).
    const twin = chosen.find((c) =>
      c.main.article.id === s.article.id ? sameStatement(index, c.main, s) : agrees(index, c.main, s),
    );
    if (twin) {
      const newSource = s.article.id !== twin.main.article.id && !twin.agreeing.some((a) => a.article.id === s.article.id);
      if (newSource) twin.agreeing.push(s);
      continue;
    }
    if (chosen.length >= ANSWER.maxSentences || (s !== completion && (!s.onTopic || s.score < best.score * ANSWER.companionRatio))) continue;
    chosen.push({ main: s, agreeing: [] });
  }
  const citations = chosen.map(({ main, agreeing }, i): CitationResult => {
    const id = citationId(main.article.id, main.sentence.start, main.sentence.end);
    return {
      n: i + 1,
      id,
      articleId: main.article.id,
      title: main.article.title,
      quote: main.text,
      start: main.sentence.start,
      end: main.sentence.end,
      score: Math.round(main.score * 1000) / 1000,
      url: `/api/citations/${id}`,
      ...(main.article.url ? { sourceUrl: textFragmentUrl(main.article.url, main.text) ?? main.article.url } : {}),
      ...(agreeing.length
        ? {
            alsoIn: agreeing.map((a) => ({
              articleId: a.article.id,
              title: a.article.title,
              id: citationId(a.article.id, a.sentence.start, a.sentence.end),
              quote: a.text,
            })),
          }
        : {}),
    };
  });
  const answer = citations.map((c) => `${c.quote} [${c.n}]`).join(" ");
  return { answer, citations };
}
