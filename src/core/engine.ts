/**
 * The question-answering engine: one object over a loaded index and an
 * optional query embedder, with no HTTP in it. The Hono app, the CLI and the
 * tests all drive this same object.
 */
import type { Article } from "./article.js";
import { decideAbstention, decideAbstentionHandTuned } from "./abstain.js";
import { citationId, composeAnswer, parseCitationId, type CitationResult } from "./compose.js";
import { answerModelFor, learnedRanker } from "./learned.js";
import { checkModel, type AnswerModel } from "./model.js";
import { scoreSentences, type ScoredSentence } from "./sentences.js";
import { normalize, type Embedder } from "./embed/embedder.js";
import { expandQuestion, type ExpandedQuestion, type Turn } from "./followup.js";
import { featureRanker, type SentenceRanker } from "./rank.js";
import { RETRIEVAL, withClosestSentences, withNamedOutlets, type Candidate } from "./retrieve.js";
import { localPassageStore, toCandidates, type PassageStore } from "./passage-store.js";
import type { Manifest, SearchIndex } from "./store.js";
import type { WordSimilarity } from "./word-similarity.js";
import { QUESTION_WORDS, questionTerms } from "./text.js";
import { suggestQuestions } from "./suggest.js";
import { articleScope, scopeWording, type ArticleScope } from "./scope.js";
import { detectIntent, type Intent } from "./intent.js";
import { helpMessage } from "./help.js";
import { composeOverview, type TopicSearch } from "./overview.js";
import { recaseNames } from "./topic.js";

export interface AnswerInput {
  question: string;
  history?: Turn[];
  /**
   * Passages the search returns; by default DEFAULT_TOP_K, more in a large
   * corpus (see candidatePool). A few more may join them: a named outlet's,
   * and those holding the sentences closest to the question (retrieve.ts).
   */
  topK?: number;
  debug?: boolean;
  /**
   * Answer from these articles only (retrieval, the "no article mentions"
   * check and abstention reasons all keep to them); unknown ids throw
   * UnknownArticlesError before anything is searched.
   */
  articleIds?: string[];
}

export interface AnswerResult {
  question: string;
  /**
   * "answer" for a question (answered or abstained); "help" for a greeting or
   * a request for help, "overview" for one key sentence per article (intent.ts).
   */
  kind: "answer" | "help" | "overview";
  answer: string;
  abstained: boolean;
  abstainReason?: string;
  citations: CitationResult[];
  /** With kind "help": questions to try, each one these articles answer. */
  suggestions?: string[];
  timings: { totalMs: number; embedMs: number; searchMs: number };
  trace?: AnswerTrace;
}

export interface AnswerTrace {
  query: { question: string; bm25Text: string; isFollowUp: boolean; resolved: Record<string, string>; contextTerms: string[] };
  embedder: string;
  retrieval: typeof RETRIEVAL;
  passages: { id: string; articleId: string; score: number; bm25: number; cosine: number | null; joined?: Candidate["joined"]; text: string }[];
  sentences: { id: string; score: number; features: ScoredSentence["features"]; text: string }[];
  ranker: string;
  abstention: { support: number; threshold: number; reason?: string };
}

export interface RankedQuestion {
  /** The index the candidates point into: the whole corpus in memory, or the slice of a database this question read. */
  index: SearchIndex;
  expanded: ExpandedQuestion;
  bm25Text: string;
  vector: Float32Array | null;
  candidates: Candidate[];
  ranked: ScoredSentence[];
  embedMs: number;
  /** performance.now() when the search began: the answer's searchMs runs from here. */
  searchStartedAt: number;
  /** The articles the question was asked of; null for the whole corpus. */
  scope: ArticleScope | null;
}

export interface CitationDetail {
  id: string;
  articleId: string;
  title: string;
  source: string | null;
  date: string | null;
  quote: string;
  start: number;
  end: number;
  before: string;
  after: string;
}

export interface PassageHit {
  id: string;
  articleId: string;
  title: string;
  text: string;
  start: number;
  end: number;
  score: number;
}

export interface EmbedderStatus {
  /** Name of the active query embedder, or "none". */
  active: string;
  /** Why no embedder is active, when one was configured. */
  reason?: string;
}

export type ArticleSummary = { id: string; title: string; source: string | null; date: string | null; chars: number };

export interface EngineHealth {
  /** "degraded" when the Node loader serves an older corpus generation than CURRENT names (see node/load-engine.ts). */
  status: "ok" | "degraded";
  articles: number;
  passages: number;
  embedder: string;
  embedderReason?: string;
  ranker: string;
  rankerReason?: string;
}

/**
 * What the HTTP app and the CLIs drive. Lookups may be asynchronous: an engine
 * over a database (core/postgres/engine.ts) reads articles when asked.
 */
export interface ServingEngine {
  readonly embedder: EmbedderStatus;
  answer(input: AnswerInput): Promise<AnswerResult>;
  /** Everything before the answer is decided: the expanded question, the passages searched and every candidate sentence, ranked. */
  rank(input: AnswerInput): Promise<RankedQuestion>;
  search(query: string, k?: number): Promise<PassageHit[]>;
  citation(id: string): CitationDetail | null | Promise<CitationDetail | null>;
  articles(): ArticleSummary[] | Promise<ArticleSummary[]>;
  article(id: string): Article | null | Promise<Article | null>;
  /** Questions to try, of different kinds, each one these articles answer (see suggest.ts). */
  suggestions(): Promise<string[]>;
  health(): EngineHealth | Promise<EngineHealth>;
}

/** The engine over an index in memory: every lookup is immediate. */
export interface Engine extends ServingEngine {
  readonly index: SearchIndex;
  citation(id: string): CitationDetail | null;
  articles(): ArticleSummary[];
  article(id: string): Article | null;
  health(): EngineHealth;
}

/**
 * Where the answer path reads the corpus. In memory, a question reads the
 * whole index; over a database, only the slice its candidates need (their
 * articles, sentences, vectors and the document frequencies of its terms),
 * fetched in one round trip, so the scoring code runs unchanged on either.
 */
export interface CorpusAccess {
  readonly manifest: Manifest;
  /** Passages in the corpus, as last seen: the candidate pool grows with it. */
  passageCount(): number;
  /** The scope of `articleIds` with its passage count, or null for the whole corpus; throws UnknownArticlesError naming every unknown id. */
  scope(articleIds: readonly string[] | undefined): Promise<{ scope: ArticleScope; passages: number } | null>;
  retrieve(request: RetrievalRequest): Promise<{ index: SearchIndex; candidates: Candidate[] }>;
}

export interface RetrievalRequest {
  /** BM25 text (question words removed). */
  text: string;
  vector: Float32Array | null;
  limit: number;
  /** The expanded question, for an answer: its terms name outlets and are looked up in the vocabulary. Absent for a plain search. */
  question?: string;
  /** The follow-up context's terms, looked up in the vocabulary too. */
  contextTerms?: string[];
  /** Search only these articles (the index returned holds them all, for the scoped checks). */
  scope?: ArticleScope | null;
}

/** The in-memory index as a CorpusAccess: every question reads all of it. */
export function localCorpus(index: SearchIndex, store: PassageStore = localPassageStore(index)): CorpusAccess {
  return {
    manifest: index.manifest,
    passageCount: () => index.passages.length,
    async scope(articleIds) {
      const scope = articleScope(index, articleIds);
      return scope && { scope, passages: scope.ids.reduce((n, id) => n + index.passagesByArticle.get(id)!.length, 0) };
    },
    async retrieve({ text, vector, limit, question, scope }) {
      const found = toCandidates(index, await store.search({ text, vector, limit, ...(scope ? { articleIds: scope.ids } : {}) }));
      return { index, candidates: question === undefined ? found : withNamedOutlets(index, found, questionTerms(question), vector, limit, scope?.ids) };
    },
  };
}

export const DEFAULT_TOP_K = 10;

/** Sentences closest to the question in meaning whose passages always join the pool (see withClosestSentences). */
const CLOSEST_SENTENCES = 2;

/** Corpus size (passages) up to which topK passages are enough. */
const POOL_REFERENCE_PASSAGES = 1_000;

/**
 * How many passages to score for a question. Every passage added to the
 * corpus is another chance for an off-topic passage that shares the
 * question's words to outrank the answer, so a fixed top 10 that suffices for
 * a few articles loses the answer among thousands; the pool grows with the
 * logarithm of the corpus size (10 → 23 at ~17,500 passages), which keeps
 * scoring cheap at any size.
 */
export function candidatePool(topK: number, passages: number): number {
  return Math.ceil(topK * (1 + Math.log10(Math.max(1, passages / POOL_REFERENCE_PASSAGES))));
}

/**
 * Node accepts one new connection per event-loop turn; a request that embeds,
 * searches and ranks in one go starves waiting connections under load.
 * Giving the loop a turn between the CPU-heavy steps keeps accepting fair.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
const ABSTAIN_MESSAGE = "I can't answer that from";

/** Scopes whose suggestions are kept (a page embedding the widget asks for its own article's, again and again). */
const SCOPED_SUGGESTION_CACHE = 64;

/** Questions to try on selected articles (a widget's "ask this story"): a few, each one they answer. */
export function scopedSuggestions(index: SearchIndex, engine: Pick<ServingEngine, "answer">, scope: ArticleScope): Promise<string[]> {
  return suggestQuestions(index, (question) => engine.answer({ question, articleIds: scope.ids }), 4, new Set(scope.ids));
}

/** Sentences of context shown around a citation. */
const CONTEXT_SENTENCES = 2;

/**
 * Accepts the embedder only if it is the one that built the index; otherwise
 * answers lexically and says why, rather than comparing incomparable vectors.
 */
export function checkEmbedder(index: { manifest: Manifest }, embedder: Embedder | null, loadError?: string): EmbedderStatus & { usable: Embedder | null } {
  if (loadError) return { active: "none", reason: loadError, usable: null };
  if (!embedder) {
    return index.manifest.embedder
      ? { active: "none", reason: "no query embedder configured (VERBATIM_EMBEDDER=none)", usable: null }
      : { active: "none", usable: null };
  }
  if (!index.manifest.embedder)
    return { active: "none", reason: `index was built without vectors; ${embedder.name} is not used`, usable: null };
  const sameSpace = embedder.name === index.manifest.embedder || embedder.compatibleWith === index.manifest.embedder;
  if (!sameSpace || embedder.dim !== index.manifest.dim)
    return {
      active: "none",
      reason: `index was built with ${index.manifest.embedder} (${index.manifest.dim} dims) but the query embedder is ${embedder.name} (${embedder.dim} dims); answering lexically — rebuild the index or set VERBATIM_EMBEDDER=${index.manifest.embedder}`,
      usable: null,
    };
  return { active: embedder.name, usable: embedder };
}

function bm25Text(question: string): string {
  return question
    .split(/[^\p{L}\p{N}'’-]+/u)
    .filter((w) => w && !QUESTION_WORDS.has(w.toLowerCase()))
    .join(" ");
}

export interface EngineOptions {
  ranker?: SentenceRanker;
  /** Error message when the configured embedder failed to load. */
  embedderError?: string;
  /** Why a configured reranker is not in use. */
  rankerError?: string;
  /** Where passages are searched; the local Orama index by default (see passage-store.ts). */
  passageStore?: PassageStore;
  /**
   * The fitted answer model (default: the one answer-model.json holds for the
   * active query embedder); "hand-tuned" runs the hand-set ranker and
   * abstention rule it replaced, for comparison only.
   */
  model?: AnswerModel | "hand-tuned";
  /** Word meanings for aligning question and sentence words (word-similarity.ts); exact terms only without. */
  words?: WordSimilarity | null;
}

/** The answer path over any CorpusAccess: what an engine in memory and one over a database share. */
export interface AnswerPath {
  status: EmbedderStatus & { usable: Embedder | null };
  ranker: SentenceRanker;
  rank(input: AnswerInput): Promise<RankedQuestion>;
  answer(input: AnswerInput): Promise<AnswerResult>;
  search(query: string, k?: number): Promise<PassageHit[]>;
}

export function createAnswerPath(corpus: CorpusAccess, embedder: Embedder | null, options: EngineOptions = {}): AnswerPath {
  const status = checkEmbedder(corpus, embedder, options.embedderError);
  const queryEmbedder = status.usable;
  const model = options.model === "hand-tuned" ? null : options.model ? checkModel(options.model) : answerModelFor(status.active);
  const ranker = options.ranker ?? (model ? learnedRanker(model) : featureRanker);

  async function embedQuery(question: string, context: string): Promise<Float32Array | null> {
    if (!queryEmbedder) return null;
    if (!context) return (await queryEmbedder.embed([question]))[0];
    // An unresolved follow-up leans on the previous question for its topic.
    const [own, previous] = await queryEmbedder.embed([question, context]);
    return normalize(own.map((x, i) => x + 0.5 * previous[i]));
  }

  /** Everything before the answer is decided (the `rank` of Engine). */
  async function rankQuestion(input: AnswerInput): Promise<RankedQuestion> {
    const scoped = await corpus.scope(input.articleIds);
    const scope = scoped?.scope ?? null;
    const pool = Math.max(1, input.topK ?? candidatePool(DEFAULT_TOP_K, scoped ? scoped.passages : corpus.passageCount()));
    const words = options.words ?? null;
    const expanded = expandQuestion(words ? recaseNames(input.question, (w) => words.nameForm(w)) : input.question, input.history ?? []);
    const needsContext = expanded.isFollowUp && Object.keys(expanded.resolved).length === 0;
    const embedStarted = performance.now();
    const vector = await embedQuery(expanded.question, needsContext ? expanded.context : "");
    const embedMs = performance.now() - embedStarted;
    await yieldToEventLoop();

    const searchStarted = performance.now();
    const text = [bm25Text(expanded.question), expanded.isFollowUp ? bm25Text(expanded.context) : ""].join(" ").trim();
    // checkEmbedder admits only an embedder of the index's dimension, so its vectors are always usable here.
    const { index, candidates: retrieved } = await corpus.retrieve({ text, vector, limit: pool, question: expanded.question, contextTerms: expanded.contextTerms, scope });
    const candidates = withClosestSentences(index, retrieved, vector, CLOSEST_SENTENCES);
    await yieldToEventLoop();
    const ranked = await scoreSentences(index, expanded, vector, candidates, ranker, words);
    return { index, expanded, bm25Text: text, vector, candidates, ranked, embedMs, searchStartedAt: searchStarted, scope };
  }

  return {
    status,
    ranker,
    rank: rankQuestion,

    async answer(input) {
      const started = performance.now();
      const { index, expanded, bm25Text: text, candidates, ranked, embedMs, searchStartedAt, scope } = await rankQuestion(input);
      const decision = model
        ? decideAbstention(index, expanded, ranked, model, options.ranker ? undefined : ranked.map((s) => s.logit), scope)
        : decideAbstentionHandTuned(index, expanded, ranked, status.active, scope);
      const composed = decision.abstain
        ? { answer: `${ABSTAIN_MESSAGE} ${scopeWording(scope).source}: ${decision.reason}.`, citations: [] }
        : composeAnswer(index, ranked, expanded.question, Boolean(ranker.logOdds));
      const searchMs = performance.now() - searchStartedAt;

      const result: AnswerResult = {
        question: input.question,
        kind: "answer",
        answer: composed.answer,
        abstained: decision.abstain,
        ...(decision.abstain ? { abstainReason: decision.reason } : {}),
        citations: composed.citations,
        timings: { totalMs: round(performance.now() - started), embedMs: round(embedMs), searchMs: round(searchMs) },
      };
      if (input.debug)
        result.trace = {
          query: {
            question: expanded.question,
            bm25Text: text,
            isFollowUp: expanded.isFollowUp,
            resolved: expanded.resolved,
            contextTerms: expanded.contextTerms,
          },
          embedder: status.active,
          retrieval: RETRIEVAL,
          passages: candidates.map((c) => ({
            id: c.passage.id,
            articleId: c.passage.articleId,
            score: round(c.score, 4),
            bm25: round(c.bm25, 4),
            cosine: c.cosine === null ? null : round(c.cosine, 4),
            ...(c.joined ? { joined: c.joined } : {}),
            text: index.articleById.get(c.passage.articleId)!.text.slice(c.passage.start, c.passage.end),
          })),
          sentences: ranked.slice(0, 60).map((s) => ({
            id: citationId(s.article.id, s.sentence.start, s.sentence.end),
            score: round(s.score, 4),
            features: roundFeatures(s.features),
            text: s.text,
          })),
          ranker: ranker.name,
          abstention: {
            support: round(decision.support, 4),
            threshold: decision.threshold,
            ...(decision.reason ? { reason: decision.reason } : {}),
          },
        };
      return result;
    },

    async search(query, k = 10) {
      const vector = queryEmbedder ? (await queryEmbedder.embed([query]))[0] : null;
      const { index, candidates } = await corpus.retrieve({ text: query, vector, limit: k });
      return candidates.map((c) => ({
        id: c.passage.id,
        articleId: c.passage.articleId,
        title: index.articleById.get(c.passage.articleId)!.title,
        text: index.articleById.get(c.passage.articleId)!.text.slice(c.passage.start, c.passage.end),
        start: c.passage.start,
        end: c.passage.end,
        score: round(c.score, 4),
      }));
    },
  };
}

/** The cited sentence with its context, from an index that holds its article. */
export function citationIn(index: SearchIndex, id: string): CitationDetail | null {
  const parsed = parseCitationId(id);
  if (!parsed) return null;
  const article = index.articleById.get(parsed.articleId);
  const sentences = index.sentencesByArticle.get(parsed.articleId);
  if (!article || !sentences) return null;
  const at = sentences.findIndex((s) => s.start === parsed.start && s.end === parsed.end);
  if (at < 0) return null;
  const from = sentences[Math.max(0, at - CONTEXT_SENTENCES)].start;
  const to = sentences[Math.min(sentences.length - 1, at + CONTEXT_SENTENCES)].end;
  return {
    id,
    articleId: article.id,
    title: article.title,
    source: article.source,
    date: article.date,
    quote: article.text.slice(parsed.start, parsed.end),
    start: parsed.start,
    end: parsed.end,
    before: article.text.slice(from, parsed.start),
    after: article.text.slice(parsed.end, to),
  };
}

export function summarizeArticle(a: Article): ArticleSummary {
  return { id: a.id, title: a.title, source: a.source, date: a.date, chars: a.text.length };
}

/** What answering a greeting, a request for help or an overview reads, besides the message. */
export interface IntentSources {
  /**
   * Holds the selected articles, the message's terms, and for an overview
   * every article it may show: the whole index in memory, a slice of it on a
   * database.
   */
  index: SearchIndex;
  /** Articles in the corpus, for the help message. */
  articleCount: number;
  /** Questions to try: from the whole corpus, or answered from the selected articles. */
  suggestions(scope: ArticleScope | null): Promise<string[]>;
  search: TopicSearch;
}

/** A greeting, a request for help or an overview (`intent`, from detectIntent), answered without the question path. */
export async function answerIntent(intent: Exclude<Intent, { kind: "question" }>, input: AnswerInput, sources: IntentSources, started: number): Promise<AnswerResult | null> {
  const scope = articleScope(sources.index, input.articleIds);
  const done = (kind: AnswerResult["kind"], answer: string, citations: CitationResult[], extra: Partial<AnswerResult> = {}): AnswerResult => {
    const totalMs = round(performance.now() - started);
    return { question: input.question, kind, answer, abstained: false, citations, ...extra, timings: { totalMs, embedMs: 0, searchMs: kind === "overview" ? totalMs : 0 } };
  };
  if (intent.kind === "help") {
    const suggestions = await sources.suggestions(scope);
    return done("help", helpMessage({ articles: scope ? scope.ids.length : sources.articleCount, selected: Boolean(scope), suggestions: suggestions.length > 0 }), [], { suggestions });
  }
  const overview = await composeOverview(sources.index, { topic: intent.topic, articleIds: scope?.ids }, sources.search);
  return overview && done("overview", overview.answer, overview.citations);
}

export function createEngine(index: SearchIndex, embedder: Embedder | null, options: EngineOptions = {}): Engine {
  const path = createAnswerPath(localCorpus(index, options.passageStore), embedder, options);
  const { status, ranker } = path;
  let suggestionCache: Promise<string[]> | null = null;
  const intentSources: IntentSources = {
    index,
    articleCount: index.articles.length,
    suggestions: (scope) => (scope ? rememberedScopedSuggestions(scope) : engine.suggestions()),
    search: (topic, limit) => engine.search(topic, limit),
  };

  /** Suggestions answered from the selected articles (a widget's "ask this story"); a few scopes are remembered. */
  const scopedSuggestionCache = new Map<string, Promise<string[]>>();
  function rememberedScopedSuggestions(scope: ArticleScope): Promise<string[]> {
    const key = scope.ids.join(",");
    let found = scopedSuggestionCache.get(key);
    if (!found) {
      if (scopedSuggestionCache.size >= SCOPED_SUGGESTION_CACHE) scopedSuggestionCache.delete(scopedSuggestionCache.keys().next().value!);
      found = scopedSuggestions(index, engine, scope);
      scopedSuggestionCache.set(key, found);
    }
    return found;
  }

  const engine: Engine = {
    index,
    embedder: { active: status.active, ...(status.reason ? { reason: status.reason } : {}) },
    rank: path.rank,
    async answer(input) {
      const started = performance.now();
      const intent = detectIntent(index, input.question);
      return (intent.kind !== "question" && (await answerIntent(intent, input, intentSources, started))) || path.answer(input);
    },
    search: path.search,

    citation: (id) => citationIn(index, id),

    articles() {
      return index.articles.map(summarizeArticle);
    },

    article(id) {
      return index.articleById.get(id) ?? null;
    },

    suggestions() {
      suggestionCache ??= suggestQuestions(index, (question) => engine.answer({ question }));
      return suggestionCache;
    },

    health() {
      return {
        status: "ok",
        articles: index.articles.length,
        passages: index.passages.length,
        embedder: status.active,
        ...(status.reason ? { embedderReason: status.reason } : {}),
        ranker: ranker.name,
        ...(options.rankerError ? { rankerReason: options.rankerError } : {}),
      };
    },
  };
  return engine;
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function roundFeatures(f: ScoredSentence["features"]): ScoredSentence["features"] {
  const out = { ...f };
  for (const [k, v] of Object.entries(out)) if (typeof v === "number") (out as Record<string, number | null>)[k] = round(v, 4);
  return out;
}
