/**
 * The one error the client throws. Server errors carry the API's own `code`
 * (the `{error: {code, message}}` body); failures before or outside the API
 * (no connection, a proxy's HTML page) get a client-side code, so callers
 * can always switch on `code`.
 */
import type { components } from "./schema.js";

/** Codes the API answers with (see ErrorCode in the OpenAPI document). */
export type ApiErrorCode = components["schemas"]["ErrorCode"];
/** `network_error`: no response at all; `unexpected_response`: a response that is not the API's. */
export type ClientErrorCode = "network_error" | "unexpected_response";

export class VerbatimError extends Error {
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly code: ApiErrorCode | ClientErrorCode;
  /** Seconds to wait before retrying, from `Retry-After` (on 429 `rate_limited`). */
  readonly retryAfter?: number;
  /** The server's `X-Request-Id`, for matching a failure with the server log. */
  readonly requestId?: string;

  constructor(
    status: number,
    code: ApiErrorCode | ClientErrorCode,
    message: string,
    extra: { retryAfter?: number; requestId?: string; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "VerbatimError";
    this.status = status;
    this.code = code;
    if (extra.retryAfter !== undefined) this.retryAfter = extra.retryAfter;
    if (extra.requestId !== undefined) this.requestId = extra.requestId;
  }

  /** Builds the error for a non-2xx response whose body openapi-fetch has already read. */
  static fromResponse(response: Response, body: unknown): VerbatimError {
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
    const requestId = response.headers.get("x-request-id") ?? undefined;
    const error = isErrorBody(body) ? body.error : undefined;
    if (!error) {
      return new VerbatimError(response.status, "unexpected_response", `HTTP ${response.status} without an API error body`, {
        retryAfter,
        requestId,
      });
    }
    return new VerbatimError(response.status, error.code, error.message, { retryAfter, requestId });
  }
}

function isErrorBody(body: unknown): body is { error: { code: ApiErrorCode; message: string } } {
  if (typeof body !== "object" || body === null) return false;
  const error = (body as { error?: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

/** `Retry-After` is seconds or an HTTP date (RFC 9110 §10.2.3); the API sends seconds. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
