/**
 * The answer from the ranked sentences: the best one, plus up to two more
 * that score nearly as well and say something new, verbatim, each with its
 * citation; a fact two articles state is cited once, with the other as
 * agreeing.
 */
import type { Sentence } from "./chunk.js";
import { dot } from "./embed/embedder.js";
import { emphasisSpans, type EmphasisSpan } from "./emphasis.js";
import { sentenceTerms } from "./features.js";
import { expectedAnswerType, matchesAnswerType } from "./rank.js";
import type { ScoredSentence } from "./sentences.js";
import { sentenceKey, type SearchIndex } from "./store.js";
import { textFragmentUrl } from "./text-fragment.js";
import { paragraphNeighbours } from "./topic.js";

export const COMPOSE = {
  /** Extra sentences must score this close to the best one (the hand-set ranker's scores). */
  companionRatio: 0.8,
  /**
   * For the learned ranker, whose scores are probabilities that each sentence
   * is the answer: an extra sentence must be at least half as likely as the best.
   */
  companionProbabilityRatio: 0.5,
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
  /** The parts of the quote that answer the question (emphasis.ts); empty when none fits. */
  emphasis: EmphasisSpan[];
  /** Quoted only to say whom or what the next sentence's opening pronoun means ("He appointed…"): not itself an answer. */
  context?: true;
}

export function citationId(articleId: string, start: number, end: number): string {
  return `${articleId}-${start}-${end}`;
}

export function parseCitationId(id: string): { articleId: string; start: number; end: number } | null {
  const m = /^([0-9a-f]{16})-(\d{1,9})-(\d{1,9})$/.exec(id);
  return m ? { articleId: m[1], start: Number(m[2]), end: Number(m[3]) } : null;
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
  if (cos !== null && cos >= COMPOSE.duplicateCosine) return true;
  return jaccard(sentenceTerms(index, a.article.id, a.sentence.index), sentenceTerms(index, b.article.id, b.sentence.index)) >= COMPOSE.duplicateJaccard;
}

/** Two articles stating the same fact, so the answer can say "2 sources agree". */
export function agrees(index: SearchIndex, a: ScoredSentence, b: ScoredSentence): boolean {
  if (a.article.id === b.article.id) return false;
  if (sameStatement(index, a, b)) return true;
  const cos = sentenceCosine(index, a, b);
  if (cos === null || cos < COMPOSE.agreementCosine) return false;
  const ta = sentenceTerms(index, a.article.id, a.sentence.index);
  const tb = sentenceTerms(index, b.article.id, b.sentence.index);
  if (overlapCoefficient(ta, tb) < COMPOSE.agreementOverlap) return false;
  const na = numbersIn(a.text);
  const nb = numbersIn(b.text);
  return na.size + nb.size === 0 || [...na].some((n) => nb.has(n));
}

/** A sentence beside the best one, as the answer quotes it: as ranked when it was a candidate, else scored as `unranked` says. */
function neighbourOf(best: ScoredSentence, sentence: Sentence, ranked: ScoredSentence[], unranked: Pick<ScoredSentence, "features" | "score" | "logit">): ScoredSentence {
  const text = best.article.text.slice(sentence.start, sentence.end);
  return ranked.find((r) => r.article.id === best.article.id && r.sentence.index === sentence.index) ?? { sentence, article: best.article, text, onTopic: true, ...unranked };
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
    if (!matchesAnswerType(type, best.article.text.slice(sentence.start, sentence.end), question)) continue;
    return neighbourOf(best, sentence, ranked, { features: { ...best.features, typeMatch: 1 }, score: best.score, logit: best.logit });
  }
  return null;
}

/**
 * A sentence whose subject is a pronoun for something named before it ("It
 * took $42.8m…", "But he said…"). Narrower than the ranker's `anaphoric`
 * input on purpose: "This weekend's films…" and "But there were…" refer
 * back to nothing the sentence before names.
 */
const PRONOUN_SUBJECT = /^\W*(?:(?:but|and|yet|so|however|still|now|later|meanwhile)\W+)?(he|she|it|they|his|her|its|their)\b/i;

/**
 * A best sentence that opens by referring back ("He appointed Robert of
 * Jumièges archbishop of Canterbury.", "It stressed that…") leaves the reader
 * to guess who "he" or "it" is. The sentence before it (in news, often the
 * lede, a paragraph before) is quoted first, marked as context, when it
 * holds question words the best one lacks, or when a "who" question is
 * answered by a "he"/"she" and the sentence before names someone.
 */
function antecedent(index: SearchIndex, best: ScoredSentence, ranked: ScoredSentence[], question: string): ScoredSentence | null {
  const pronoun = PRONOUN_SUBJECT.exec(best.text)?.[1].toLowerCase();
  const previous = index.sentencesByArticle.get(best.article.id)?.[best.sentence.index - 1];
  if (!pronoun || !previous) return null;
  const namesWhoAsked =
    (pronoun === "he" || pronoun === "she") &&
    expectedAnswerType(question) === "person" &&
    matchesAnswerType("person", best.article.text.slice(previous.start, previous.end), question) > 0;
  if (best.features.withPrevious <= best.features.exact && !namesWhoAsked) return null;
  return neighbourOf(best, previous, ranked, { features: best.features, score: 0, logit: 0 });
}

/**
 * The best sentence, plus up to two more that score nearly as well and say
 * something new; before the best, the sentence its opening pronoun refers to.
 */
export function composeAnswer(
  index: SearchIndex,
  ranked: ScoredSentence[],
  question = "",
  probabilities = false,
): { answer: string; citations: CitationResult[] } {
  const companionRatio = probabilities ? COMPOSE.companionProbabilityRatio : COMPOSE.companionRatio;
  const chosen: { main: ScoredSentence; agreeing: ScoredSentence[]; context?: true }[] = [];
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
    // The best sentence always leads; the others join only if on topic and nearly as good.
    if (s !== best && (chosen.length >= COMPOSE.maxSentences || (s !== completion && (!s.onTopic || s.score < best.score * companionRatio)))) continue;
    chosen.push({ main: s, agreeing: [] });
  }
  const context = best ? antecedent(index, best, ranked, question) : null;
  const quoted = (s: ScoredSentence) => chosen.some((c) => c.main === s || c.agreeing.includes(s));
  if (context && !quoted(context)) chosen.unshift({ main: context, agreeing: [], context: true });
  const citations = chosen.map(({ main, agreeing, context }, i): CitationResult => {
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
      emphasis: context ? [] : emphasisSpans(question, main.text),
      ...(context ? { context } : {}),
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
