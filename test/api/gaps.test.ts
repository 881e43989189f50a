/**
 * The editor's view end to end: the real Node server (its own process, the
 * committed index, the default model) with a question log in a temp file,
 * asked answerable and unanswerable questions over HTTP, given 👍/👎; then the
 * gaps report from GET /api/admin/gaps, the /admin/gaps page and
 * `npm run gaps` on the same file. A second server without the log shows
 * that nothing is kept and feedback is still validated.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, startServer, type RunningServer } from "../browser/helpers.js";
import { DEFAULT_QUESTION_LOG } from "../../src/node/question-log.js";

const TOKEN = "gaps-admin-token-for-tests";
const AUSTRALIA = ["What is the capital of Australia?", "What is the capital of Australia?", "Capital of   Australia", "australia's capital?"];
const PERU = "What is the price of tea in Peru?";
const UN_VOTE = "How many countries abstained in the UN vote?";
const AGAINST = "Who voted against the resolution?";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let dir: string;
let logFile: string;
let logged: RunningServer;
let unlogged: RunningServer;
const defaultLogBefore = existsSync(DEFAULT_QUESTION_LOG) ? statSync(DEFAULT_QUESTION_LOG).size : null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "verbatim-gaps-"));
  logFile = join(dir, "questions.jsonl");
  [logged, unlogged] = await Promise.all([
    startServer({ env: { ADMIN_TOKEN: TOKEN, VERBATIM_QUESTION_LOG: logFile } }),
    startServer({ env: { VERBATIM_QUESTION_LOG: "" } }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([logged?.stop(), unlogged?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const post = (server: RunningServer, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.baseUrl}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

async function ask(server: RunningServer, question: string) {
  const res = await post(server, "/api/answer", { question });
  expect(res.status).toBe(200);
  return res.json();
}

async function vote(server: RunningServer, body: Record<string, unknown>) {
  const res = await post(server, "/api/feedback", body);
  return { status: res.status, body: await res.json() };
}

const gaps = (query = "", headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => fetch(`${logged.baseUrl}/api/admin/gaps${query}`, { headers });

describe("with the question log on", () => {
  // Filled by the first test, read by the rest (vitest runs a file's tests in order).
  type Answered = { answerId: string; abstained: boolean; abstainReason?: string; citations: { id: string; articleId: string; title: string; quote: string }[] };
  const answers: Record<string, Answered[]> = {};

  it("gives every answer an id and keeps the question, the outcome and the votes", async () => {
    for (const q of [...AUSTRALIA, PERU, UN_VOTE, UN_VOTE, AGAINST]) (answers[q] ??= []).push(await ask(logged, q));
    const all = Object.values(answers).flat();
    expect(all.every((a) => UUID.test(a.answerId))).toBe(true);
    expect(new Set(all.map((a) => a.answerId)).size).toBe(all.length);
    expect(answers[PERU][0]).toMatchObject({ abstained: true });
    expect(answers[UN_VOTE][0]).toMatchObject({ abstained: false });

    const [first, second] = answers[UN_VOTE];
    // One reader changes their mind (👍 then 👎: the 👎 counts), another finds it helpful.
    expect(await vote(logged, { answerId: first.answerId, helpful: true })).toEqual({ status: 202, body: { recorded: true } });
    expect(await vote(logged, { answerId: first.answerId, helpful: false })).toEqual({ status: 202, body: { recorded: true } });
    expect(await vote(logged, { answerId: second.answerId, helpful: true })).toEqual({ status: 202, body: { recorded: true } });
    expect(await vote(logged, { answerId: answers[AGAINST][0].answerId, helpful: false })).toEqual({ status: 202, body: { recorded: true } });
    expect(await vote(logged, { citationId: answers[AGAINST][0].citations[0].id, helpful: false })).toEqual({ status: 202, body: { recorded: true } });
  });

  it("reports unanswered questions grouped by what they ask, most frequent first, with every wording and reason", async () => {
    const res = await gaps();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const report = await res.json();
    expect(report.totals).toEqual({ questions: 8, abstained: 5, helpful: 1, unhelpful: 3, unmatchedFeedback: 0 });
    expect(report.unanswered.map((g: { question: string; count: number }) => [g.question, g.count])).toEqual([
      ["What is the capital of Australia?", 4],
      [PERU, 1],
    ]);
    const australia = report.unanswered[0];
    expect(australia.wordings).toEqual([
      { text: "What is the capital of Australia?", count: 2 },
      { text: "australia's capital?", count: 1 },
      { text: "Capital of Australia", count: 1 },
    ]);
    const reasons = AUSTRALIA.map((q, i) => answers[q][AUSTRALIA.indexOf(q) === i ? 0 : 1].abstainReason);
    expect(australia.reasons.map((r: { text: string }) => r.text).sort()).toEqual([...new Set(reasons)].sort());
    expect(australia.reasons.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(4);
    expect(report.unanswered[1].reasons).toEqual([{ text: "no article mentions Peru", count: 1 }]);
  });

  it("reports the answers readers marked unhelpful with what they quoted, and the quotes marked on their own", async () => {
    const report = await (await gaps()).json();
    expect(report.unhelpfulAnswers.map((g: { question: string; unhelpful: number; helpful: number }) => [g.question, g.unhelpful, g.helpful])).toEqual([
      [AGAINST, 1, 0],
      [UN_VOTE, 1, 1],
    ]);
    const quoted = report.unhelpfulAnswers[1].quotes.map((q: { id: string; quote: string }) => [q.id, q.quote]);
    expect(quoted).toEqual(answers[UN_VOTE][0].citations.map((c) => [c.id, c.quote]));
    const cited = answers[AGAINST][0].citations[0];
    expect(report.unhelpfulCitations).toEqual([{ id: cited.id, articleId: cited.articleId, title: cited.title, quote: cited.quote, unhelpful: 1, helpful: 0 }]);
  });

  it("reports the articles cited most, counting each answer once", async () => {
    const report = await (await gaps()).json();
    const expected = new Map<string, { articleId: string; title: string; count: number }>();
    for (const a of [...answers[UN_VOTE], ...answers[AGAINST]])
      for (const c of a.citations) {
        const entry = expected.get(c.articleId) ?? { articleId: c.articleId, title: c.title, count: 0 };
        if (!a.citations.slice(0, a.citations.indexOf(c)).some((d) => d.articleId === c.articleId)) entry.count++;
        expected.set(c.articleId, entry);
      }
    expect(report.mostCited).toEqual([...expected.values()].sort((a, b) => b.count - a.count || a.title.localeCompare(b.title)));
    expect(report.mostCited[0].count).toBeGreaterThanOrEqual(2);
  });

  it("limits each list and the window with ?limit and ?days, and validates them", async () => {
    const report = await (await gaps("?limit=1&days=1")).json();
    expect(report.unanswered).toHaveLength(1);
    expect(report.since).toMatch(/^\d{4}-/);
    for (const query of ["?limit=0", "?days=abc", "?limit=201"]) {
      const res = await gaps(query);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("invalid_request");
    }
  });

  it("keeps no address or client key: each record holds exactly the documented fields", () => {
    const text = readFileSync(logFile, "utf8");
    expect(text).not.toMatch(/127\.0\.0\.1|::1|::ffff|localhost/);
    expect(statSync(logFile).mode & 0o777).toBe(0o600);
    const keys = new Set(text.trim().split("\n").flatMap((line) => Object.keys(JSON.parse(line))));
    expect([...keys].sort()).toEqual(["abstainReason", "abstained", "answerId", "citation", "citations", "followUp", "helpful", "question", "time", "type"]);
  });

  it("refuses the report without the admin token (401) or with a wrong one", async () => {
    for (const headers of [{}, { authorization: "Bearer wrong" }, { authorization: `Bearer ${TOKEN}x` }] as Record<string, string>[]) {
      const res = await gaps("", headers);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
      expect(res.headers.get("www-authenticate")).toMatch(/Bearer/);
    }
    const malformed = await gaps("", { authorization: TOKEN });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("bad_request");
  });

  it("shows the report as an escaped HTML page behind the token form, never taking the token from the URL", async () => {
    await ask(logged, "What did <script>alert(1)</script> say in Peru?");
    const form = await fetch(`${logged.baseUrl}/admin/gaps`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toMatch(/<form method="post" action="\/admin\/gaps">/);
    expect(formHtml).not.toContain("Capital of Australia");

    const submit = (token: string) =>
      fetch(`${logged.baseUrl}/admin/gaps`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token, days: "" }) });
    const wrong = await submit("wrong");
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain("Australia");

    const page = await submit(TOKEN);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain("What is the capital of Australia?");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain(TOKEN);

    const byHeader = await fetch(`${logged.baseUrl}/admin/gaps`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(byHeader.status).toBe(200);
    expect(await byHeader.text()).toContain("Articles cited most");
  });

  it("npm run gaps prints the same report from the file", async () => {
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/gaps.ts", "--file", logFile, ...args], { cwd: ROOT, env: { ...process.env, VERBATIM_QUESTION_LOG: "" } });
    const [{ stdout: text }, { stdout: json }, api] = await Promise.all([run([]), run(["--json"]), gaps().then((r) => r.json())]);
    const { generatedAt: _a, ...fromCli } = JSON.parse(json);
    const { generatedAt: _b, ...fromApi } = api;
    expect(fromCli).toEqual(fromApi);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/9 questions, 6 not answered; 1 👍, 3 👎/);
    expect(lines.indexOf("  4×  What is the capital of Australia?")).toBeLessThan(lines.indexOf(`  1×  ${PERU}`));
    expect(text).toContain(`wordings: "What is the capital of Australia?" (2), "australia's capital?" (1), "Capital of Australia" (1)`);
    expect(text).toContain(`👎 1  👍 1  ${UN_VOTE}`);
    expect(text).toMatch(/Articles cited most\n\s+\d+ {2}\S/);
  }, 60_000);
});

describe("feedback validation", () => {
  it("rejects anything but exactly one of answerId and citationId with a boolean helpful", async () => {
    const answerId = "0b6f8f0e-5c1f-4d43-9d0c-4f3b0e1c9a7d";
    const bad: [unknown, RegExp][] = [
      [{ helpful: true }, /exactly one of answerId and citationId/],
      [{ answerId, citationId: "80e463adcbc6eb3c-820-930", helpful: true }, /exactly one of answerId and citationId/],
      [{ answerId: "not-a-uuid", helpful: false }, /answerId/],
      [{ answerId }, /helpful: is required/],
      [{ answerId, helpful: "yes" }, /helpful/],
      [{ citationId: "../etc/passwd", helpful: true }, /citationId/],
      [[answerId], /body/],
    ];
    for (const server of [logged, unlogged]) {
      for (const [body, message] of bad) {
        const res = await vote(server, body as Record<string, unknown>);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.code).toBe("invalid_request");
        expect(res.body.error.message).toMatch(message);
      }
      const broken = await post(server, "/api/feedback", "{helpful:");
      expect(broken.status).toBe(400);
      expect((await broken.json()).error.code).toBe("invalid_json");
      const text = await fetch(`${server.baseUrl}/api/feedback`, { method: "POST", headers: { "content-type": "text/plain" }, body: "👍" });
      expect(text.status).toBe(415);
      const unknown = await vote(server, { citationId: "0000000000000000-0-10", helpful: true });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe("not_found");
    }
  });
});

describe("with the question log off (the default)", () => {
  it("answers with an id, keeps nothing, and says so when given feedback", async () => {
    const answer = await ask(unlogged, "What is the capital of Australia?");
    expect(answer.answerId).toMatch(UUID);
    expect(await vote(unlogged, { answerId: answer.answerId, helpful: false })).toEqual({ status: 202, body: { recorded: false } });
    const citation = (await ask(unlogged, UN_VOTE)).citations[0];
    expect(await vote(unlogged, { citationId: citation.id, helpful: true })).toEqual({ status: 202, body: { recorded: false } });
    expect(existsSync(DEFAULT_QUESTION_LOG) ? statSync(DEFAULT_QUESTION_LOG).size : null).toBe(defaultLogBefore);
    expect(unlogged.output()).not.toMatch(/keeping questions/);
  });

  it("has no gaps report: the admin routes answer 404 like any unknown path", async () => {
    for (const path of ["/api/admin/gaps", "/admin/gaps"]) {
      const res = await fetch(`${unlogged.baseUrl}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(404);
    }
  });
});
