/**
 * The HTTP contract, defined once: request validation, response types and the
 * OpenAPI document are all derived from these zod schemas.
 */
import { z } from "@hono/zod-openapi";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string().openapi({ example: "question: must be at least 1 character" }),
    }),
  })
  .openapi("Error");

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
      .openapi({ example: "What did China's 12-point plan call for?" }),
    history: z.array(HistoryTurnSchema).max(20).optional(),
    topK: z
      .number()
      .int()
      .min(1)
      .max(50)
      .optional()
      .openapi({ description: "Passages to consider; by default 10, more in a large corpus (10 × (1 + log10(passages / 1,000)))." }),
    debug: z.boolean().optional(),
  })
  .openapi("AnswerRequest");

export const CitationSchema = z
  .object({
    n: z.number().int().min(1),
    id: z.string().openapi({ example: "f67668231d6802c8-1234-1301" }),
    articleId: z.string(),
    title: z.string(),
    quote: z.string(),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    score: z.number(),
    url: z.string().openapi({ example: "/api/citations/f67668231d6802c8-1234-1301" }),
    sourceUrl: z
      .string()
      .optional()
      .openapi({ description: "The original article with a text fragment (#:~:text=) that highlights the quote" }),
    alsoIn: z
      .array(z.object({ articleId: z.string(), title: z.string(), id: z.string(), quote: z.string() }))
      .optional(),
  })
  .openapi("Citation");

export const AnswerResponseSchema = z
  .object({
    question: z.string(),
    answer: z.string(),
    abstained: z.boolean(),
    abstainReason: z.string().optional(),
    citations: z.array(CitationSchema),
    timings: z.object({ totalMs: z.number(), embedMs: z.number().optional(), searchMs: z.number().optional() }),
    trace: z.unknown().optional(),
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
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, "must contain only letters, digits, '-' and '_'")
    .openapi({ param: { name: "id", in: "path" } }),
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
    status: z.literal("ok"),
    articles: z.number().int(),
    passages: z.number().int(),
    embedder: z.string().openapi({ example: "use-lite" }),
    embedderReason: z.string().optional(),
    ranker: z.string().openapi({ example: "features" }),
    rankerReason: z.string().optional(),
  })
  .openapi("Health");

export const SuggestionsSchema = z.object({ questions: z.array(z.string()) }).openapi("Suggestions");

export type AnswerRequest = z.infer<typeof AnswerRequestSchema>;
export type AnswerResponse = z.infer<typeof AnswerResponseSchema>;
export type Citation = z.infer<typeof CitationSchema>;
export type CitationDetail = z.infer<typeof CitationDetailSchema>;
export type HistoryTurn = z.infer<typeof HistoryTurnSchema>;
export type SearchHit = z.infer<typeof SearchHitSchema>;
export type Health = z.infer<typeof HealthSchema>;
