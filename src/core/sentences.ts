/**
 * Candidate sentences: every sentence of the retrieved passages, with the
 * features the ranker reads (features.ts), scored by the ranker and sorted.
 */
import type { Article } from "./article.js";
import type { Sentence } from "./chunk.js";
import { dot } from "./embed/embedder.js";
import { contradiction } from "./antonyms.js";
import {
  align,
  anaphoric,
  countsFocus,
  missingCount,
  missingRare,
  moneyMatch,
  namesMissing,
  negated,
  neighbourTerms,
  novelty,
  numbersMissing,
  pairOverlap,
  questionHead,
  questionNameTerms,
  sentenceTermList,
  sentenceTerms,
  sentenceWords,
  weightedCoverage,
  wordTerms,
} from "./features.js";
import type { ExpandedQuestion } from "./followup.js";
import { expectedAnswerType, featureRanker, matchesAnswerType, questionSpeaker, type SentenceFeatures, type SentenceRanker } from "./rank.js";
import type { Candidate } from "./retrieve.js";
import { sentenceKey, type SearchIndex } from "./store.js";
import { QUESTION_WORDS, questionTerms, terms } from "./text.js";
import { articleTerms, questionTopic, topicCheck } from "./topic.js";
import type { WordSimilarity } from "./word-similarity.js";

export interface ScoredSentence {
  sentence: Sentence;
  article: Article;
  text: string;
  features: SentenceFeatures;
  /** The ranker's score; for a log-odds ranker, the probability that this sentence, of all candidates, is the answer. */
  score: number;
  /** A log-odds ranker's raw score (what the abstainer reads); the score itself otherwise. */
  logit: number;
  /** Whether the sentence passes every on-topic check (topic.ts). */
  onTopic: boolean;
}

export async function scoreSentences(
  index: SearchIndex,
  expanded: ExpandedQuestion,
  vector: Float32Array | null,
  candidates: Candidate[],
  ranker: SentenceRanker = featureRanker,
  words: WordSimilarity | null = null,
): Promise<ScoredSentence[]> {
  const ownTerms = questionTerms(expanded.question);
  const ownWords = wordTerms(expanded.question).filter((w) => ownTerms.includes(w.term) && !QUESTION_WORDS.has(w.word));
  const head = questionHead(expanded.question);
  const speaker = questionSpeaker(expanded.question);
  const speakerTerms = speaker ? terms(speaker) : [];
  const type = expectedAnswerType(expanded.question);
  const topic = questionTopic(expanded.question);
  const onTopic = topicCheck(index, topic, expanded.question);
  const ownSet = new Set(ownTerms);
  const names = questionNameTerms(expanded.question);
  const contradicts = contradiction(ownTerms, expanded.question);
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
    const list = sentenceTermList(index, article.id, sentence.index);
    const have = sentenceTerms(index, article.id, sentence.index);
    const near = neighbourTerms(index, article, sentence, articleTerms(article));
    const sv = index.sentenceVectors.get(key);
    const cosine = vector && sv && sv.length === vector.length ? dot(vector, sv) : null;
    const checks = onTopic(article, sentence, cosine);
    const previous = sentenceTerms(index, article.id, sentence.index - 1);
    const exact = weightedCoverage(index, ownTerms, have);
    const alignment = align(index, ownWords, sentenceWords(index, article.id, sentence.index), words);
    const features: SentenceFeatures = {
      cosine,
      coverage: weightedCoverage(index, ownTerms, have, near),
      support: weightedCoverage(index, ownTerms, have, near, true),
      contextCoverage: weightedCoverage(index, expanded.contextTerms, have, near),
      passage,
      typeMatch: matchesAnswerType(type, text, expanded.question),
      speaker: speaker ? speakerCredit(index, article, sentence, speakerTerms) : 0,
      exact,
      pairs: pairOverlap(ownTerms, list),
      missingRare: missingRare(index, ownTerms, have, near),
      novelty: novelty(ownSet, list),
      money: moneyMatch(expanded.question, text),
      countsFocus: topic.focus ? countsFocus(topic.focus.terms, text) : 0,
      namesFound: Number(checks.names),
      focusNear: Number(checks.focus),
      typeFound: Number(checks.type),
      length: Math.log1p(list.length),
      soft: alignment.soft,
      unmatched: alignment.unmatched,
      fuzzy: alignment.fuzzy,
      related: alignment.related,
      head: head && have.has(head) ? 1 : 0,
      missing: missingCount(index, ownTerms, have, near),
      negated: negated(text),
      anaphoric: anaphoric(text),
      previousExact: weightedCoverage(index, ownTerms, previous),
      withPrevious: weightedCoverage(index, ownTerms, new Set([...have, ...previous])),
      antonym: contradicts(have, text),
      namesMissing: namesMissing(names, new Set([...have, ...near])),
      numbersMissing: numbersMissing(expanded.question, text),
    };
    scored.push({ sentence, article, text, features, score: 0, logit: 0, onTopic: checks.names && checks.focus && checks.type });
  }
  const scores = await ranker.rank(expanded.question, scored);
  if (ranker.logOdds) {
    const top = Math.max(...scores);
    const z = scores.reduce((sum, v) => sum + Math.exp(v - top), 0);
    scored.forEach((s, i) => ((s.logit = scores[i]), (s.score = Math.exp(scores[i] - top) / z)));
  } else scored.forEach((s, i) => ((s.logit = scores[i]), (s.score = scores[i])));
  // A follow-up asks something new: the sentence just cited answers it only if it holds the asked-for kind of thing,
  // or, for a question of no particular type, names everything the follow-up adds to the previous question
  // ("And what did he say about China's position?" after a quote that goes on to China's "neutral position").
  const previousTerms = new Set(questionTerms(expanded.context));
  const added = ownTerms.filter((t) => !previousTerms.has(t));
  const namesAdded = (s: ScoredSentence) => added.length > 0 && added.every((t) => sentenceTerms(index, s.article.id, s.sentence.index).has(t));
  const repeats = (s: ScoredSentence) =>
    expanded.previousAnswer !== undefined && expanded.previousAnswer.includes(s.text) && (type === "any" ? !namesAdded(s) : s.features.typeMatch === 0);
  // The learned ranker weighs the on-topic checks itself; the hand-set one puts on-topic sentences first.
  // Ties broken by position so the same question always gets the same answer.
  return scored.sort(
    (a, b) =>
      Number(repeats(a)) - Number(repeats(b)) ||
      (ranker.logOdds ? 0 : Number(b.onTopic) - Number(a.onTopic)) ||
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

