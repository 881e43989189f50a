/**
 * The HTTP contract, defined once: request validation, response types and the
 * OpenAPI document are all derived from these zod schemas.
 */
import { z } from "@hono/zod-openapi";

/**
 * Every `code` the API answers with. Clients switch on these; the message is
 * for people. The routes in routes.ts say which codes each status carries.
 */
export const ERROR_CODES = [
  "invalid_request",
  "invalid_json",
  "bad_request",
  "unauthorized",
  "not_found",
  "method_not_allowed",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "internal",
  "reload_failed",
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES).openapi("ErrorCode", {
  description: [
    "Machine-readable error code:",
    "`invalid_request` (400, a field fails validation; the message names it),",
    "`invalid_json` (400, the body is not JSON),",
    "`bad_request` (400, a malformed Authorization header on an admin route),",
    "`unauthorized` (401, missing or wrong admin token),",
    "`not_found` (404, unknown id or path),",
    "`method_not_allowed` (405, with an `Allow` header),",
    "`payload_too_large` (413), `unsupported_media_type` (415),",
    "`rate_limited` (429, with `Retry-After`),",
    "`internal` (500, no details), `reload_failed` (500, the previous index keeps serving).",
  ].join(" "),
});

export const ErrorSchema = z
  .object({
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string().openapi({ description: "For people; may change.", example: "question: must not be empty" }),
    }),
  })
  .openapi("Error", { description: "The one shape of every error response." });

/** Article and citation ids: content-derived, so letters, digits, '-' and '_' only. */
const IdStringSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, "must contain only letters, digits, '-' and '_'");

export const MAX_SCOPED_ARTICLES = 50;

export const HistoryTurnSchema = z
  .object({
    role: z.enum(["user", "assistant"]),
    content: z.string().max(4000),
  })
  .openapi("HistoryTurn");

export const AnswerRequestSchema = z
  .object({
    question: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(1000, "must be at most 1000 characters")
      .openapi({ description: "1–1000 characters, trimmed", example: "What did China's 12-point plan call for?" }),
    history: z
      .array(HistoryTurnSchema)
      .max(20)
      .optional()
      .openapi({ description: "The conversation so far, oldest first, for follow-up questions (at most 20 turns)" }),
    topK: z
      .number()
      .int()
      .min(1)
      .max(50)
      .optional()
      .openapi({ description: "Passages to consider; by default 10, more in a large corpus (10 × (1 + log10(passages / 1,000)))." }),
    debug: z.boolean().optional().openapi({ description: "Add the retrieval trace (`trace`) to the response" }),
    articleIds: z
      .array(IdStringSchema)
      .min(1, "must name at least one article")
      .max(MAX_SCOPED_ARTICLES, `must name at most ${MAX_SCOPED_ARTICLES} articles`)
      .optional()
      .openapi({
        description:
          "Answer from these articles only (1–50 ids from `GET /api/articles`); an abstention then says the selected articles do not say. " +
          "An id the corpus does not hold is a 400 `invalid_request` naming it.",
        example: ["80e463adcbc6eb3c"],
      }),
  })
  .openapi("AnswerRequest");

export const EmphasisSpanSchema = z
  .object({
    start: z.number().int().min(0),
    end: z.number().int().min(0),
  })
  .openapi("EmphasisSpan", {
    description: "Offsets into the citation's `quote` (not the article): `quote.slice(start, end)` is the emphasised text",
    example: { start: 92, end: 94 },
  });

export const CitationSchema = z
  .object({
    n: z.number().int().min(1),
    id: z.string().openapi({ example: "f67668231d6802c8-1234-1301" }),
    articleId: z.string(),
    title: z.string(),
    quote: z.string().openapi({ description: "The sentence, verbatim: `article.text.slice(start, end) === quote`" }),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    score: z.number().openapi({
      description:
        "The learned ranker's probability that this sentence, of all those found, is the answer; in an overview, the sentence's centrality in its article (cosine to the article's mean sentence vector)",
    }),
    url: z.string().openapi({ example: "/api/citations/f67668231d6802c8-1234-1301" }),
    sourceUrl: z
      .string()
      .optional()
      .openapi({ description: "The original article with a text fragment (#:~:text=) that highlights the quote" }),
    alsoIn: z
      .array(z.object({ articleId: z.string(), title: z.string(), id: z.string(), quote: z.string() }))
      .optional(),
    emphasis: z
      .array(EmphasisSpanSchema)
      .openapi({
        description:
          "The parts of the quote that answer the question (the number, name, date, place or amount asked for), in order and without overlaps; empty when none fits, and always empty in an overview. The quote itself is unchanged.",
      }),
    context: z
      .literal(true)
      .optional()
      .openapi({
        description:
          "Present when the sentence is quoted only to say whom or what the next citation's opening pronoun means (\"He appointed…\"): context for the answer, not an answer itself. Its `emphasis` is empty.",
      }),
  })
  .openapi("Citation");

export const AnswerResponseSchema = z
  .object({
    question: z.string(),
    kind: z.enum(["answer", "help", "overview"]).openapi({
      description: [
        "What the message was taken to ask for.",
        "`answer`: a question, answered or abstained (`abstained` says which).",
        "`help`: a greeting or a request for help (\"hi\", \"what can you do?\"); `answer` says what Verbatim does, `suggestions` holds example questions, no citations.",
        "`overview`: a request for an overview (\"what are these articles about?\", \"summarise the articles about Ukraine\"); `answer` is a lead-in line saying how many of how many articles are shown, then one line per article: its most central sentence, verbatim, and its `[n]`.",
      ].join(" "),
    }),
    answer: z.string().openapi({
      description:
        "Verbatim sentences, each followed by its citation marker `[n]`; when abstained, why not; for `help`, the explanation; for `overview`, a lead-in line and then one `quote [n]` line per article",
    }),
    abstained: z.boolean().openapi({ description: "True when the articles cannot answer; then there are no citations. Always false for `help` and `overview`" }),
    abstainReason: z.string().optional(),
    citations: z.array(CitationSchema),
    suggestions: z
      .array(z.string())
      .optional()
      .openapi({ description: "With `kind: help`: example questions, each one the articles answer (as GET /api/suggestions)" }),
    timings: z.object({ totalMs: z.number(), embedMs: z.number().optional(), searchMs: z.number().optional() }),
    trace: z.unknown().optional().openapi({ description: "With `debug: true`: candidate passages and sentence scores" }),
    answerId: z.string().openapi({
      description: "This answer's id, new for every answer: send it to `POST /api/feedback` with the reader's 👍/👎",
      example: "0b6f8f0e-5c1f-4d43-9d0c-4f3b0e1c9a7d",
    }),
  })
  .openapi("AnswerResponse");

export const CitationDetailSchema = z
  .object({
    id: z.string(),
    articleId: z.string(),
    title: z.string(),
    source: z.string().nullable(),
    date: z.string().nullable(),
    quote: z.string(),
    start: z.number().int(),
    end: z.number().int(),
    before: z.string(),
    after: z.string(),
  })
  .openapi("CitationDetail");

export const ArticleSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    source: z.string().nullable(),
    date: z.string().nullable(),
    chars: z.number().int(),
  })
  .openapi("ArticleSummary");

export const ArticleSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    source: z.string().nullable(),
    date: z.string().nullable(),
    url: z.string().nullable(),
    text: z.string(),
  })
  .openapi("Article");

export const IdParamSchema = z.object({
  id: IdStringSchema.openapi({ param: { name: "id", in: "path" } }),
});

export const SearchQuerySchema = z.object({
  q: z.string().trim().min(1, "must not be empty").max(1000).openapi({ example: "UN vote abstentions" }),
  k: z.coerce.number().int().min(1).max(50).optional().openapi({ example: 5 }),
});

export const SearchHitSchema = z
  .object({
    id: z.string(),
    articleId: z.string(),
    title: z.string(),
    text: z.string(),
    start: z.number().int(),
    end: z.number().int(),
    score: z.number(),
  })
  .openapi("SearchHit");

export const SearchResponseSchema = z
  .object({ query: z.string(), hits: z.array(SearchHitSchema) })
  .openapi("SearchResponse");

export const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]).openapi({
      description: "`degraded`: the corpus generation CURRENT names could not be served (damaged); an older good one is (see `corpus`)",
    }),
    articles: z.number().int(),
    passages: z.number().int(),
    embedder: z.string().openapi({ example: "use-lite" }),
    embedderReason: z.string().optional(),
    ranker: z.string().openapi({ example: "learned:use-lite", description: "The sentence ranker: the learned model for the active query embedder, or a cross-encoder mixed with it" }),
    rankerReason: z.string().optional(),
    corpus: z
      .object({
        generation: z.string().openapi({ example: "000001" }),
        reason: z.string().optional().openapi({ description: "Why a fallback generation is served" }),
        fix: z.string().optional().openapi({ example: "npm run build:index" }),
      })
      .optional()
      .openapi({ description: "The corpus generation served (Node; absent at the edge, whose corpus is bundled)" }),
    pending: z
      .object({ added: z.number().int(), removed: z.number().int(), command: z.string() })
      .optional()
      .openapi({ description: "Articles written or removed since the served generation, and the command that indexes them" }),
  })
  .openapi("Health");

export const SuggestionsSchema = z.object({ questions: z.array(z.string()) }).openapi("Suggestions");

export const ReloadResponseSchema = z
  .object({
    reloaded: z.literal(true),
    articles: z.number().int(),
    passages: z.number().int(),
    embedder: z.string(),
    ms: z.number().int().openapi({ description: "How long the reload took" }),
  })
  .openapi("ReloadResponse");

export const FeedbackRequestSchema = z
  .object({
    answerId: z.uuid().optional().openapi({ description: "The `answerId` of an answer (a UUID)" }),
    citationId: IdStringSchema.optional().openapi({ description: "A citation's `id`, for a 👍/👎 on one quote", example: "80e463adcbc6eb3c-820-930" }),
    helpful: z.boolean().openapi({ description: "`true` for 👍, `false` for 👎" }),
  })
  .refine((body) => (body.answerId === undefined) !== (body.citationId === undefined), {
    message: "give exactly one of answerId and citationId",
    path: ["answerId"],
  })
  .openapi("FeedbackRequest", { example: { answerId: "0b6f8f0e-5c1f-4d43-9d0c-4f3b0e1c9a7d", helpful: false } });

export const FeedbackResponseSchema = z
  .object({
    recorded: z.boolean().openapi({ description: "Whether the vote was kept: false when this server keeps no question log" }),
  })
  .openapi("FeedbackResponse");

export const GapsQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(3650).optional().openapi({ description: "Only the last `days` days (default: all the log keeps)", example: 7 }),
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ description: "The most entries in each list (default 20)", example: 20 }),
});

const CountedSchema = z.object({ text: z.string(), count: z.number().int() }).openapi("Counted");

const LoggedCitationSchema = z.object({ id: z.string(), articleId: z.string(), title: z.string(), quote: z.string() });

export const GapsReportSchema = z
  .object({
    generatedAt: z.string(),
    since: z.string().nullable().openapi({ description: "The start of the window counted; null for everything the log keeps" }),
    totals: z.object({
      questions: z.number().int(),
      abstained: z.number().int(),
      helpful: z.number().int(),
      unhelpful: z.number().int(),
      unmatchedFeedback: z.number().int().openapi({ description: "Votes on answers the log does not hold" }),
    }),
    unanswered: z
      .array(
        z.object({
          question: z.string().openapi({ description: "The wording readers used most" }),
          count: z.number().int(),
          wordings: z.array(CountedSchema),
          reasons: z.array(CountedSchema).openapi({ description: "Why Verbatim abstained, most frequent first" }),
          lastAsked: z.string(),
        }),
      )
      .openapi({ description: "Questions Verbatim abstained on, grouped when they have the same content terms, most frequent first" }),
    unhelpfulAnswers: z
      .array(
        z.object({
          question: z.string(),
          wordings: z.array(CountedSchema),
          unhelpful: z.number().int(),
          helpful: z.number().int(),
          quotes: z.array(LoggedCitationSchema.extend({ count: z.number().int() })).openapi({ description: "What the 👎 answers cited" }),
          lastAsked: z.string(),
        }),
      )
      .openapi({ description: "Questions whose answers readers marked 👎 (each answer's last vote), most 👎 first" }),
    unhelpfulCitations: z
      .array(LoggedCitationSchema.extend({ unhelpful: z.number().int(), helpful: z.number().int() }))
      .openapi({ description: "Quotes readers marked 👎 on their own, most 👎 first" }),
    mostCited: z
      .array(z.object({ articleId: z.string(), title: z.string(), count: z.number().int().openapi({ description: "Answers citing it" }) }))
      .openapi({ description: "The articles answers cite most" }),
  })
  .openapi("GapsReport");

export type AnswerRequest = z.infer<typeof AnswerRequestSchema>;
export type AnswerResponse = z.infer<typeof AnswerResponseSchema>;
export type Citation = z.infer<typeof CitationSchema>;
export type CitationDetail = z.infer<typeof CitationDetailSchema>;
export type HistoryTurn = z.infer<typeof HistoryTurnSchema>;
export type SearchHit = z.infer<typeof SearchHitSchema>;
export type Health = z.infer<typeof HealthSchema>;
