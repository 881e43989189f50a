/**
 * createClient: the Verbatim API as typed methods. Requests and responses are
 * typed by the generated `paths` (schema.ts), so a change in the server's
 * contract shows up here at compile time after `npm run client:generate`.
 * Every failure is thrown as a VerbatimError; a method resolves only with
 * the API's success body.
 */
import createFetchClient from "openapi-fetch";
import { VerbatimError } from "./errors.js";
import type { components, paths } from "./schema.js";

type Schemas = components["schemas"];
export type AnswerRequest = Schemas["AnswerRequest"];
export type AnswerResponse = Schemas["AnswerResponse"];
export type Citation = Schemas["Citation"];
export type CitationDetail = Schemas["CitationDetail"];
export type HistoryTurn = Schemas["HistoryTurn"];
export type ArticleSummary = Schemas["ArticleSummary"];
export type Article = Schemas["Article"];
export type SearchResponse = Schemas["SearchResponse"];
export type SearchHit = Schemas["SearchHit"];
export type Health = Schemas["Health"];
export type Suggestions = Schemas["Suggestions"];
export type FeedbackRequest = Schemas["FeedbackRequest"];
export type FeedbackResponse = Schemas["FeedbackResponse"];

export interface ClientOptions {
  /** The server's origin, e.g. `http://localhost:8787` (the API lives under /api). */
  baseUrl: string;
  /** A fetch to use instead of the global one (a test double, a proxy, a runtime's own). */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

export interface VerbatimClient {
  /** Answers with verbatim cited sentences, or abstains (`abstained: true`, `abstainReason`). */
  answer(request: AnswerRequest): Promise<AnswerResponse>;
  /** A citation by id: the quote, its offsets, and the text around it. */
  citation(id: string): Promise<CitationDetail>;
  articles(): Promise<ArticleSummary[]>;
  /** One article with its full text; `article.text.slice(c.start, c.end) === c.quote` for its citations. */
  article(id: string): Promise<Article>;
  /** Ranked passages; `k` 1–50, default 10. */
  search(q: string, k?: number): Promise<SearchResponse>;
  health(): Promise<Health>;
  /** Questions to try, drawn from the corpus. */
  suggestions(): Promise<string[]>;
  /** A reader's 👍 (`helpful: true`) or 👎 on an answer (`answerId`) or one citation (`citationId`); exactly one of them. */
  feedback(request: FeedbackRequest): Promise<FeedbackResponse>;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

export function createClient(options: ClientOptions): VerbatimClient {
  const api = createFetchClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });

  // openapi-fetch resolves with {data} on 2xx and {error: parsed body} otherwise; this turns it into value or throw.
  async function call<T>(request: () => Promise<Result<T>>): Promise<T> {
    let result: Result<T>;
    try {
      result = await request();
    } catch (cause) {
      throw new VerbatimError(0, "network_error", `request failed: ${(cause as Error)?.message ?? cause}`, { cause });
    }
    const { data, error, response } = result;
    if (!response.ok) throw VerbatimError.fromResponse(response, error);
    if (data === undefined) throw new VerbatimError(response.status, "unexpected_response", "the response has no JSON body");
    return data;
  }

  return {
    answer: (request) => call(() => api.POST("/api/answer", { body: request })),
    citation: (id) => call(() => api.GET("/api/citations/{id}", { params: { path: { id } } })),
    articles: () => call(() => api.GET("/api/articles")),
    article: (id) => call(() => api.GET("/api/articles/{id}", { params: { path: { id } } })),
    search: (q, k) => call(() => api.GET("/api/search", { params: { query: k === undefined ? { q } : { q, k } } })),
    health: () => call(() => api.GET("/api/health")),
    suggestions: async () => (await call(() => api.GET("/api/suggestions"))).questions,
    feedback: (request) => call(() => api.POST("/api/feedback", { body: request })),
  };
}
