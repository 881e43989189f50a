/** Checks a caller of the typed client would make; shared by the Node and Worker client tests. */
import { expect } from "vitest";
import { VerbatimError, type AnswerResponse, type VerbatimClient } from "../../packages/client/src/index.js";

/** Every citation round-trips: its quote is the article's text at its offsets, and its id resolves to the same quote. */
export async function expectCitationsVerbatim(client: VerbatimClient, result: AnswerResponse): Promise<void> {
  for (const c of result.citations) {
    const article = await client.article(c.articleId);
    expect(article.text.slice(c.start, c.end)).toBe(c.quote);
    expect(result.answer).toContain(`${c.quote} [${c.n}]`);
    const detail = await client.citation(c.id);
    expect(detail).toMatchObject({ id: c.id, articleId: c.articleId, quote: c.quote, start: c.start, end: c.end });
  }
}

/** Awaits a call that must fail, and checks it failed as a VerbatimError with this status and code. */
export async function expectVerbatimError(call: Promise<unknown>, status: number, code: string): Promise<VerbatimError> {
  const error = await call.then(
    () => {
      throw new Error(`expected a VerbatimError ${status} ${code}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VerbatimError);
  expect(error).toMatchObject({ status, code });
  expect((error as VerbatimError).message.length).toBeGreaterThan(0);
  return error as VerbatimError;
}

/** Spends the client's whole allowance: some calls must fail as 429 rate_limited with a Retry-After. */
export async function expectRateLimited(client: VerbatimClient): Promise<VerbatimError[]> {
  const results = await Promise.allSettled(Array.from({ length: 30 }, () => client.search("UN vote", 1)));
  const limited = results.flatMap((r) => (r.status === "rejected" ? [r.reason as VerbatimError] : []));
  expect(limited.length).toBeGreaterThan(0);
  for (const error of limited) {
    expect(error).toBeInstanceOf(VerbatimError);
    expect(error).toMatchObject({ status: 429, code: "rate_limited" });
    expect(error.retryAfter).toBeGreaterThanOrEqual(1);
  }
  return limited;
}
