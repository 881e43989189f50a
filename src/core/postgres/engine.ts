/**
 * The engine over a corpus in PostgreSQL: the same answer path as the
 * engine in memory (createAnswerPath), with lookups read from the database
 * when asked. Nothing of the corpus is held between requests except its
 * totals, so a server sees what another process ingests at its next question.
 */
import type { Embedder } from "../embed/embedder.js";
import { answerIntent, citationIn, scopedSuggestions, createAnswerPath, type AnswerInput, type AnswerResult, type ArticleSummary, type EngineOptions, type ServingEngine } from "../engine.js";
import { parseCitationId } from "../compose.js";
import { suggestQuestions } from "../suggest.js";
import { detectIntent, mayBeIntent } from "../intent.js";
import { OVERVIEW } from "../overview.js";
import { questionTerms } from "../text.js";
import { readSlice, type PostgresCorpus } from "./corpus.js";
import type { Article } from "../article.js";

/** Articles whose sentences suggestions are drawn from: the first ones in id order, as the local engine tries them. */
const SUGGESTION_ARTICLES = 40;

export function createPostgresEngine(corpus: PostgresCorpus, embedder: Embedder | null, options: Omit<EngineOptions, "passageStore"> = {}): ServingEngine {
  const path = createAnswerPath(corpus, embedder, options);
  const { status, ranker } = path;
  const { db, meta } = corpus;
  let suggestionCache: Promise<string[]> | null = null;

  /**
   * A greeting, a request for help or an overview, answered from slices of the
   * database: the selected articles and the message's terms, then for an
   * overview on a topic the articles a search for it finds. An overview of the
   * whole corpus would read every article's sentence vectors on every such
   * message: on a database that goes through the question path instead.
   */
  async function answerIntentFromDatabase(input: AnswerInput, started: number): Promise<AnswerResult | null> {
    const selected = input.articleIds ?? [];
    const probe = await readSlice(db, meta, { articleIds: selected, lookup: questionTerms(input.question) });
    const intent = detectIntent(probe.index, input.question);
    if (intent.kind === "question" || (intent.kind === "overview" && !input.articleIds && !intent.topic)) return null;
    let { index } = probe;
    // The overview searches for its topic again to pick its articles: that search is the one made here, not a second.
    const searches = new Map<string, ReturnType<typeof path.search>>();
    const search = (topic: string, limit: number) => {
      const key = `${limit} ${topic}`;
      if (!searches.has(key)) searches.set(key, path.search(topic, limit));
      return searches.get(key)!;
    };
    if (intent.kind === "overview" && !input.articleIds) {
      const found = await search(intent.topic, OVERVIEW.topicPassages);
      ({ index } = await readSlice(db, meta, { articleIds: [...new Set(found.map((h) => h.articleId))], lookup: questionTerms(intent.topic) }));
    }
    return answerIntent(
      intent,
      input,
      {
        index,
        articleCount: probe.totals.articles,
        suggestions: (scope) => (scope ? scopedSuggestions(index, engine, scope) : engine.suggestions()),
        search,
      },
      started,
    );
  }

  const engine: ServingEngine = {
    embedder: { active: status.active, ...(status.reason ? { reason: status.reason } : {}) },
    rank: path.rank,
    async answer(input) {
      const started = performance.now();
      return (mayBeIntent(input.question) && (await answerIntentFromDatabase(input, started))) || path.answer(input);
    },
    search: path.search,

    async citation(id) {
      const parsed = parseCitationId(id);
      if (!parsed) return null;
      const { index } = await readSlice(db, meta, { articleIds: [parsed.articleId] });
      return citationIn(index, id);
    },

    async articles() {
      const rows = await db.query<ArticleSummary>("SELECT id, title, source, date, chars FROM verbatim_articles ORDER BY id");
      return rows.map((r) => ({ ...r, chars: Number(r.chars) }));
    },

    async article(id) {
      const [row] = await db.query<Article>("SELECT id, title, source, date, url, text FROM verbatim_articles WHERE id = $1", [id]);
      return row ?? null;
    },

    suggestions() {
      suggestionCache ??= db
        .query<{ id: string }>("SELECT id FROM verbatim_articles ORDER BY id LIMIT $1", [SUGGESTION_ARTICLES])
        .then((rows) => readSlice(db, meta, { articleIds: rows.map((r) => r.id) }))
        .then(({ index }) => suggestQuestions(index, (question) => engine.answer({ question })));
      suggestionCache.catch(() => (suggestionCache = null));
      return suggestionCache;
    },

    async health() {
      const totals = await corpus.refresh();
      return {
        status: "ok",
        articles: totals.articles,
        passages: totals.passages,
        embedder: status.active,
        ...(status.reason ? { embedderReason: status.reason } : {}),
        ranker: ranker.name,
        ...(options.rankerError ? { rankerReason: options.rankerError } : {}),
      };
    },
  };
  return engine;
}

