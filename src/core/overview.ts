/**
 * An extractive overview for "what are these articles about?": one key
 * sentence from each article, verbatim and cited like any answer.
 *
 * The key sentence is the article's most central one: the sentence whose
 * vector is closest to the mean of the article's sentence vectors (a
 * centroid summary, the one-sentence case of centroid/LexRank
 * summarisation). Headlines, datelines, bylines and captions would pull the
 * mean off the story and make poor summaries, so only sentences that look
 * like prose take part (KEY_SENTENCE). An index built without vectors uses
 * the sentences' IDF-weighted terms, hashed into a fixed-size vector, instead.
 *
 * At most OVERVIEW.maxArticles articles are shown; from a larger corpus they
 * are picked for coverage (maximal marginal relevance over the articles'
 * mean vectors: each next article is the one closest to the corpus as a
 * whole and least like those already picked), and the answer says how many
 * of how many it shows. With a topic ("summarise the articles about
 * Ukraine"), only articles the search retrieves for the topic and that use
 * every topic term take part, and each one's key sentence is its most
 * central one that uses a topic term. A request scoped to some articles
 * (articleIds) gets the overview of those.
 */
import type { Article } from "./article.js";
import type { Sentence } from "./chunk.js";
import { citationId, type CitationResult } from "./compose.js";
import { dot, normalize } from "./embed/embedder.js";
import { idfOf, sentenceTermList, sentenceTerms } from "./features.js";
import { sentenceKey, type SearchIndex } from "./store.js";
import { questionTerms } from "./text.js";
import { textFragmentUrl } from "./text-fragment.js";

export const OVERVIEW = {
  maxArticles: 8,
  /** Weight of closeness to the whole corpus against unlikeness to the articles already picked. */
  coverageWeight: 0.5,
  /** Passages retrieved for a topic, from which the topic's articles are taken. */
  topicPassages: 40,
  /** Dimension of the hashed term vectors of an index without embeddings. */
  hashedDim: 512,
} as const;

/** What a key sentence must look like: prose, not furniture. */
const KEY_SENTENCE = {
  minWords: 8,
  maxWords: 70,
  /** Ends as a sentence does (a headline or a dateline does not). */
  ending: /[.!?]["”’')\]]*\s*$/,
  furniture: /^\s*(?:by\s+[A-Z]|photo|image|picture|video|credit|copyright|©|read more|related|advertisement|sign up|subscribe|follow us|click|watch|listen)\b/i,
};

export interface OverviewResult {
  answer: string;
  citations: CitationResult[];
}

/** Articles that match a topic, best first (the engine's search, by passage). */
export type TopicSearch = (topic: string, limit: number) => Promise<{ articleId: string }[]>;

/** Whether a sentence may be an article's key sentence: prose, not furniture (KEY_SENTENCE). */
export function isKeySentenceCandidate(article: Article, sentence: Sentence): boolean {
  const text = article.text.slice(sentence.start, sentence.end);
  const words = text.split(/\s+/).filter(Boolean).length;
  return (
    words >= KEY_SENTENCE.minWords &&
    words <= KEY_SENTENCE.maxWords &&
    KEY_SENTENCE.ending.test(text) &&
    !KEY_SENTENCE.furniture.test(text) &&
    text.trim() !== article.title.trim()
  );
}

/** Feature hashing (FNV-1a) of a sentence's IDF-weighted terms: a vector for indexes built without embeddings. */
function hashedTermVector(index: SearchIndex, articleId: string, i: number): Float32Array {
  const v = new Float32Array(OVERVIEW.hashedDim);
  for (const term of sentenceTermList(index, articleId, i)) {
    let h = 0x811c9dc5;
    for (let k = 0; k < term.length; k++) h = Math.imul(h ^ term.charCodeAt(k), 0x01000193);
    v[(h >>> 0) % OVERVIEW.hashedDim] += idfOf(index, term);
  }
  return normalize(v);
}

function sentenceVector(index: SearchIndex, articleId: string, i: number): Float32Array {
  return index.sentenceVectors.get(sentenceKey(articleId, i)) ?? hashedTermVector(index, articleId, i);
}

function mean(vectors: Float32Array[]): Float32Array {
  const sum = new Float32Array(vectors[0].length);
  for (const v of vectors) for (let k = 0; k < v.length; k++) sum[k] += v[k];
  return normalize(sum);
}

interface KeySentence {
  article: Article;
  sentence: Sentence;
  /** Cosine of the sentence to its article's mean sentence vector. */
  centrality: number;
  /** The article's mean sentence vector (unit length). */
  centroid: Float32Array;
}

/**
 * The article's most central prose sentence; among those using a topic term
 * when `topicTerms` is given. Null when the article has no sentence to offer.
 */
export function keySentence(index: SearchIndex, article: Article, topicTerms: string[] = []): KeySentence | null {
  const all = index.sentencesByArticle.get(article.id) ?? [];
  const prose = all.filter((s) => isKeySentenceCandidate(article, s));
  // A short article may be all furniture by these rules; its sentences with any content are still better than nothing.
  const pool = prose.length ? prose : all.filter((s) => sentenceTermList(index, article.id, s.index).length > 0);
  if (!pool.length) return null;
  const vectors = pool.map((s) => sentenceVector(index, article.id, s.index));
  const centroid = mean(vectors);
  const onTopic = (s: Sentence) => !topicTerms.length || topicTerms.some((t) => sentenceTerms(index, article.id, s.index).has(t));
  let best: KeySentence | null = null;
  for (let k = 0; k < pool.length; k++) {
    if (!onTopic(pool[k])) continue;
    const centrality = dot(vectors[k], centroid);
    if (!best || centrality > best.centrality) best = { article, sentence: pool[k], centrality, centroid };
  }
  return best;
}

/** Up to `max` of the candidates, each next one close to the whole and unlike those already picked (MMR). */
export function pickForCoverage(candidates: KeySentence[], max: number): KeySentence[] {
  if (candidates.length <= max) return candidates;
  const whole = mean(candidates.map((c) => c.centroid));
  const picked: KeySentence[] = [];
  const left = [...candidates];
  while (picked.length < max && left.length) {
    let bestAt = 0;
    let bestScore = -Infinity;
    left.forEach((c, k) => {
      const redundancy = picked.length ? Math.max(...picked.map((p) => dot(p.centroid, c.centroid))) : 0;
      const score = OVERVIEW.coverageWeight * dot(c.centroid, whole) - (1 - OVERVIEW.coverageWeight) * redundancy;
      if (score > bestScore) [bestAt, bestScore] = [k, score];
    });
    picked.push(...left.splice(bestAt, 1));
  }
  return picked;
}

/** The articles a topic is about: retrieved for it, in retrieval order, and using every topic term. */
async function topicArticles(index: SearchIndex, topic: string, search: TopicSearch): Promise<Article[]> {
  const ids = [...new Set((await search(topic, OVERVIEW.topicPassages)).map((h) => h.articleId))];
  return ids.map((id) => index.articleById.get(id)!);
}

function usesEveryTerm(index: SearchIndex, article: Article, wanted: string[]): boolean {
  const sentences = index.sentencesByArticle.get(article.id) ?? [];
  return wanted.every((t) => sentences.some((s) => sentenceTerms(index, article.id, s.index).has(t)));
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

/** The lead-in line: how many of how many articles the overview shows. */
function lead(shown: number, total: number, capped: boolean, topic: string, selected: boolean): string {
  const about = topic ? ` about ${topic}` : "";
  const noun = selected ? "selected article" : "article";
  if (shown === total) return total === 1 ? `The key sentence of the ${selected ? "selected" : "one"} article${about}:` : `One key sentence from each of the ${count(total, noun)}${about}:`;
  return `One key sentence from each of ${shown} of the ${count(total, noun)}${about}${capped ? ", picked to cover their range" : ""}:`;
}

export interface OverviewRequest {
  /** Words that narrow the overview ("" for none; intent.ts). */
  topic: string;
  /** The articles a request selected (articleIds); all of them by default. */
  articleIds?: string[];
}

/**
 * The overview, or null when there is nothing to show (no article, or none
 * about the topic): the caller then answers the message as a question.
 * `answer` is a lead-in line that says how many of how many articles are
 * shown, then one line per article: the sentence, verbatim, and its `[n]`.
 * Selected articles are few (at most 50), so a topic narrows them by its
 * terms alone; the whole corpus is searched for the topic first.
 */
export async function composeOverview(index: SearchIndex, { topic, articleIds }: OverviewRequest, search: TopicSearch): Promise<OverviewResult | null> {
  const topicTerms = topic ? questionTerms(topic) : [];
  const pool = articleIds ? articleIds.map((id) => index.articleById.get(id)!) : topic ? await topicArticles(index, topic, search) : index.articles;
  const articles = pool.filter((a) => usesEveryTerm(index, a, topicTerms));
  const keys = articles.map((a) => keySentence(index, a, topicTerms)).filter((k): k is KeySentence => k !== null);
  if (!keys.length) return null;
  const shown = pickForCoverage(keys, OVERVIEW.maxArticles);
  const citations = shown.map(({ article, sentence, centrality }, i): CitationResult => {
    const id = citationId(article.id, sentence.start, sentence.end);
    const quote = article.text.slice(sentence.start, sentence.end);
    return {
      n: i + 1,
      id,
      articleId: article.id,
      title: article.title,
      quote,
      start: sentence.start,
      end: sentence.end,
      score: Math.round(centrality * 1000) / 1000,
      url: `/api/citations/${id}`,
      ...(article.url ? { sourceUrl: textFragmentUrl(article.url, quote) ?? article.url } : {}),
      emphasis: [],
    };
  });
  const answer = [lead(shown.length, articles.length, shown.length < keys.length, topic, Boolean(articleIds)), ...citations.map((c) => `${c.quote} [${c.n}]`)].join("\n");
  return { answer, citations };
}
