/**
 * The gaps report over log records (core/gaps.ts): grouping by content terms,
 * ordering, each answer's last vote, the window and limit; and when the admin
 * routes for it exist.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gapsReport, questionKey } from "../../src/core/gaps.js";
import { feedbackRecord, questionRecord, type LogRecord } from "../../src/core/question-log.js";
import { createApp } from "../../src/http/app.js";
import { FileQuestionLog } from "../../src/node/question-log.js";
import { realEngine } from "../helpers/engine.js";

const NOW = new Date("2026-03-01T12:00:00Z");
const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000);
const citation = (articleId: string, n: number) => ({ id: `${articleId}-${n}-${n + 10}`, articleId, title: `Title ${articleId}`, quote: `Quote ${n}.` });
let ids = 0;
function asked(question: string, daysAgo: number, outcome: { reason?: string; cites?: ReturnType<typeof citation>[] }) {
  return questionRecord(
    `id-${++ids}`,
    { question },
    { abstained: outcome.reason !== undefined, abstainReason: outcome.reason, citations: outcome.cites ?? [] },
    at(daysAgo),
  );
}

describe("questionKey", () => {
  it("joins wordings with the same content terms, whatever their order, case, stop words and question words", () => {
    expect(questionKey("What is the capital of Australia?")).toBe(questionKey("australia's CAPITAL"));
    expect(questionKey("Who won?")).not.toBe(questionKey("Who lost?"));
  });

  it("keeps a question with no content terms as its own wording", () => {
    expect(questionKey("What is it?")).toBe('"what is it?"');
    expect(questionKey("  What   is IT? ")).toBe('"what is it?"');
  });
});

describe("gapsReport", () => {
  const a = asked("What is the capital of Australia?", 5, { reason: "no article mentions Australia" });
  const b = asked("Who won the Peru election?", 4, { reason: "no article mentions Peru" });
  const c = asked("capital of australia", 3, { reason: "the closest passages do not say what the question asks" });
  const d = asked("Who won the Peru election?", 2, { reason: "no article mentions Peru" });
  const e = asked("What is the capital of Australia?", 1, { reason: "no article mentions Australia" });
  const f = asked("How many countries abstained?", 1, { cites: [citation("art1", 1), citation("art2", 5), citation("art1", 20)] });
  const g = asked("How many countries abstained?", 1, { cites: [citation("art1", 1)] });
  const h = asked("Who voted against?", 0, { cites: [citation("art2", 5)] });
  const records: LogRecord[] = [
    a, b, c, d, e, f, g, h,
    feedbackRecord({ answerId: f.answerId }, true, at(0)),
    feedbackRecord({ answerId: f.answerId }, false, at(0)),
    feedbackRecord({ answerId: g.answerId }, false, at(0)),
    feedbackRecord({ answerId: h.answerId }, true, at(0)),
    feedbackRecord({ answerId: "gone-by-retention" }, false, at(0)),
    feedbackRecord({ citation: citation("art2", 5) }, false, at(0)),
    feedbackRecord({ citation: citation("art2", 5) }, true, at(0)),
  ];
  const report = gapsReport(records, { now: NOW });

  it("groups unanswered questions by what they ask, most asked first, ties to the most recent", () => {
    expect(report.unanswered.map((u) => [u.question, u.count])).toEqual([
      ["What is the capital of Australia?", 3],
      ["Who won the Peru election?", 2],
    ]);
    expect(report.unanswered[0].wordings).toEqual([
      { text: "What is the capital of Australia?", count: 2 },
      { text: "capital of australia", count: 1 },
    ]);
    expect(report.unanswered[0].reasons).toEqual([
      { text: "no article mentions Australia", count: 2 },
      { text: "the closest passages do not say what the question asks", count: 1 },
    ]);
    expect(report.unanswered[0].lastAsked).toBe(e.time);
  });

  it("counts each answer's last vote, and lists the quotes of the 👎 answers", () => {
    expect(report.unhelpfulAnswers).toHaveLength(1);
    const [group] = report.unhelpfulAnswers;
    expect([group.question, group.unhelpful, group.helpful]).toEqual(["How many countries abstained?", 2, 0]);
    expect(group.quotes.map((q) => [q.id, q.count])).toEqual([
      ["art1-1-11", 2],
      ["art2-5-15", 1],
      ["art1-20-30", 1],
    ]);
    expect(report.unhelpfulCitations).toEqual([{ ...citation("art2", 5), unhelpful: 1, helpful: 1 }]);
    expect(report.totals).toEqual({ questions: 8, abstained: 5, helpful: 2, unhelpful: 3, unmatchedFeedback: 1 });
  });

  it("ranks articles by the answers citing them, each answer once", () => {
    expect(report.mostCited).toEqual([
      { articleId: "art1", title: "Title art1", count: 2 },
      { articleId: "art2", title: "Title art2", count: 2 },
    ]);
  });

  it("keeps to the last `days` days and to `limit` entries per list", () => {
    const recent = gapsReport(records, { now: NOW, days: 2.5, limit: 1 });
    expect(recent.since).toBe(at(2.5).toISOString());
    // Once each in the window: the more recent first.
    expect(recent.unanswered).toEqual([expect.objectContaining({ question: "What is the capital of Australia?", count: 1 })]);
    expect(recent.mostCited).toHaveLength(1);
    expect(gapsReport([], { now: NOW })).toMatchObject({ totals: { questions: 0 }, unanswered: [], unhelpfulAnswers: [], mostCited: [] });
  });
});

describe("the gaps routes exist only with both ADMIN_TOKEN and a question log", () => {
  const dir = mkdtempSync(join(tmpdir(), "verbatim-gaps-unit-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const auth = { headers: { authorization: "Bearer t0ken" } };

  it("answers 404 without a token, and 404 with a token but no log", async () => {
    const engine = await realEngine();
    const log = new FileQuestionLog({ path: join(dir, "q.jsonl"), retentionDays: 90, maxBytes: 1 << 20 });
    const cases = [
      { env: {}, questionLog: log, status: 404 },
      { env: { ADMIN_TOKEN: "t0ken" }, questionLog: undefined, status: 404 },
      { env: { ADMIN_TOKEN: "t0ken" }, questionLog: log, status: 200 },
    ];
    for (const { env, questionLog, status } of cases) {
      const app = createApp({ getEngine: () => engine, env: { RATE_LIMIT_PER_MIN: "0", ...env }, log: () => {}, ...(questionLog ? { questionLog } : {}) });
      expect((await app.request("/api/admin/gaps", auth)).status).toBe(status);
      expect((await app.request("/admin/gaps", auth)).status).toBe(status);
    }
  });
});
