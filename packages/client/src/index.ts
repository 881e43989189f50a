/** The typed client for the Verbatim API: `createClient({ baseUrl })`. */
export { createClient } from "./client.js";
export type {
  AnswerRequest,
  AnswerResponse,
  Article,
  ArticleSummary,
  Citation,
  CitationDetail,
  ClientOptions,
  FeedbackRequest,
  FeedbackResponse,
  Health,
  HistoryTurn,
  SearchHit,
  SearchResponse,
  Suggestions,
  VerbatimClient,
} from "./client.js";
export { VerbatimError, type ApiErrorCode, type ClientErrorCode } from "./errors.js";
export type { components, operations, paths } from "./schema.js";
