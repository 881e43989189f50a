/**
 * The Worker in workerd (wrangler's local runtime, no network) behaves as the
 * Node app does: same health, same answers and citation ids for the dev
 * questions, same articles and citations, same error shapes, and the web
 * page at `/`. The Node side runs the same app with the same static query
 * embedder, over the committed index read from disk, so this also checks
 * that the edge bundle carries the index unchanged.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unstable_startWorker } from "wrangler";
import { Hono } from "hono";
import { securityHeaders } from "../../src/http/middleware/security.js";
import { buildEdge } from "../../src/cli/build-edge.js";
import { parseQuestions, type EvalQuestion } from "../../src/core/evaluate.js";
import { staticEmbedderNodeApp, withoutTimings } from "../helpers/worker.js";
import { PROJECT_ROOT } from "../../src/node/corpus-files.js";

// Offline: no usage metrics, no fetch of the Request.cf object from Cloudflare.
process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

/** Generous enough for every question below from one client, on both apps. */
const SETTINGS = { RATE_LIMIT_PER_MIN: "6000" };

const DEV_FILE = join(PROJECT_ROOT, "../shared/eval/qa-dev.jsonl");
const FALLBACK_QUESTIONS: EvalQuestion[] = [
  { id: "f1", question: "Who is the mayor of Khmelnitskyi?", answers: ["Oleksandr Symshyshyn"] },
  { id: "f2", question: "What did Xi invite Putin to do?", answers: ["visit China later this year"] },
  { id: "f3", question: "What is the capital of Australia?", answers: [] },
];
const questions = existsSync(DEV_FILE) ? parseQuestions(readFileSync(DEV_FILE, "utf8")) : FALLBACK_QUESTIONS;

type Fetch = (path: string, init?: RequestInit) => Promise<Response>;
let worker: Awaited<ReturnType<typeof unstable_startWorker>>;
let edge: Fetch;
let node: Fetch;

beforeAll(async () => {
  // What wrangler.toml's [build] command does, run here once: its file watcher
  // would otherwise rebuild and restart the Worker mid-test.
  await buildEdge(() => {});
  worker = await unstable_startWorker({
    config: join(PROJECT_ROOT, "wrangler.toml"),
    build: { custom: { command: "" } },
    bindings: Object.fromEntries(Object.entries(SETTINGS).map(([k, value]) => [k, { type: "plain_text" as const, value }])),
    dev: { remote: false, inspector: false, persist: false, watch: false, logLevel: "error", server: { hostname: "127.0.0.1", port: 0 } },
  });
  await worker.ready;
  // Over real HTTP: miniflare's in-process dispatch mishandles a request that
  // follows a response sent before its body was read (the 413 below).
  const origin = await worker.url;
  edge = (path, init) => fetch(new URL(path, origin), init);

  node = await staticEmbedderNodeApp(SETTINGS);
}, 180_000);

afterAll(async () => {
  await worker?.dispose();
});

async function both(path: string, init?: RequestInit) {
  const [a, b] = await Promise.all([node(path, init), edge(path, init)]);
  const read = async (r: Response) => ({
    status: r.status,
    type: r.headers.get("content-type"),
    body: r.headers.get("content-type")?.includes("json") ? await r.json() : await r.text(),
  });
  return { node: await read(a), edge: await read(b) };
}

const post = (body: unknown, headers: Record<string, string> = { "content-type": "application/json" }): RequestInit => ({
  method: "POST",
  headers,
  body: typeof body === "string" ? body : JSON.stringify(body),
});


describe("the Worker in workerd", () => {
  it("reports the same health, with the static query embedder active", async () => {
    const r = await both("/api/health");
    expect(r.edge).toEqual(r.node);
    expect(r.edge.status).toBe(200);
    expect(r.edge.body).toMatchObject({ status: "ok", embedder: "use-lite-static" });
  });

  it("gives the same answers and citation ids for the dev questions", async () => {
    const citationIds = new Set<string>();
    let answered = 0;
    for (const q of questions) {
      const r = await both("/api/answer", post({ question: q.question, ...(q.history ? { history: q.history } : {}) }));
      expect(r.edge.status, q.id).toBe(200);
      expect(r.node.status, q.id).toBe(200);
      expect(withoutTimings(r.edge.body), q.id).toEqual(withoutTimings(r.node.body));
      for (const c of r.edge.body.citations) citationIds.add(c.id);
      if (!r.edge.body.abstained) answered++;
    }
    expect(answered).toBeGreaterThan(questions.length / 2);

    // Every cited sentence resolves the same way on both.
    for (const id of citationIds) {
      const r = await both(`/api/citations/${encodeURIComponent(id)}`);
      expect(r.edge.status, id).toBe(200);
      expect(r.edge, id).toEqual(r.node);
    }
  }, 120_000);

  it("follows up on a conversation the same way", async () => {
    const history = [
      { role: "user", content: "What did China's 12-point paper ask both sides to avoid?" },
      { role: "assistant", content: "Beijing called on Russia and Ukraine to avoid attacking civilians." },
    ];
    const r = await both("/api/answer", post({ question: "What did it say about nuclear weapons?", history, debug: true }));
    expect(r.edge.status).toBe(200);
    const { trace: edgeTrace, ...edgeRest } = withoutTimings(r.edge.body);
    const { trace: nodeTrace, ...nodeRest } = withoutTimings(r.node.body);
    expect(edgeRest).toEqual(nodeRest);
    expect(edgeTrace).toEqual(nodeTrace);
    expect(edgeTrace.embedder).toBe("use-lite-static");
  });

  it("gives the same help, overviews and emphasis", async () => {
    const expected = { hi: "help", "What are these articles about?": "overview", "Summarise the articles about Xi's visit": "overview", "How many countries abstained in the UN vote?": "answer" };
    for (const [question, kind] of Object.entries(expected)) {
      const r = await both("/api/answer", post({ question }));
      expect(r.edge.status, question).toBe(200);
      expect(withoutTimings(r.edge.body), question).toEqual(withoutTimings(r.node.body));
      expect(r.edge.body.kind, question).toBe(kind);
    }
    const counted = await both("/api/answer", post({ question: "How many countries abstained in the UN vote?" }));
    expect(counted.edge.body.citations.some((c: { emphasis: unknown[] }) => c.emphasis.length > 0)).toBe(true);
  });

  it("keeps no question log at the edge: feedback is validated the same and answered recorded: false, and there is no gaps report", async () => {
    const answer = await edge("/api/answer", post({ question: "Who is the mayor of Khmelnitskyi?" }));
    const { answerId, citations } = await answer.json();
    const cases: [Record<string, unknown>, number][] = [
      [{ answerId, helpful: false }, 202],
      [{ citationId: citations[0].id, helpful: true }, 202],
      [{ helpful: true }, 400],
      [{ answerId: "x", helpful: true }, 400],
    ];
    for (const [body, status] of cases) {
      const r = await both("/api/feedback", post(body));
      expect(r.edge, JSON.stringify(body)).toEqual(r.node);
      expect(r.edge.status, JSON.stringify(body)).toBe(status);
      if (status === 202) expect(r.edge.body).toEqual({ recorded: false });
    }
    const gaps = await both("/api/admin/gaps", { headers: { authorization: "Bearer any" } });
    expect(gaps.edge.status).toBe(404);
    expect(gaps.edge).toEqual(gaps.node);
  });

  it("lists and serves the same articles", async () => {
    const list = await both("/api/articles");
    expect(list.edge).toEqual(list.node);
    expect(list.edge.body.length).toBeGreaterThan(0);
    for (const { id } of list.edge.body) {
      const r = await both(`/api/articles/${id}`);
      expect(r.edge.status).toBe(200);
      expect(r.edge).toEqual(r.node);
    }
  });

  it("searches and suggests the same", async () => {
    for (const path of ["/api/search?q=ceasefire%20withdrawal&k=5", "/api/suggestions"]) {
      const r = await both(path);
      expect(r.edge.status, path).toBe(200);
      expect(r.edge, path).toEqual(r.node);
    }
  });

  it.each([
    ["an empty question", "/api/answer", post({ question: "   " })],
    ["a missing question", "/api/answer", post({ history: [] })],
    ["a question too long", "/api/answer", post({ question: "x".repeat(1001) })],
    ["malformed JSON", "/api/answer", post("{not json")],
    ["a body that is not JSON", "/api/answer", post("question=hi", { "content-type": "application/x-www-form-urlencoded" })],
    ["a body too large", "/api/answer", post({ question: "a".repeat(200_000) })],
    ["a bad topK", "/api/answer", post({ question: "Who voted?", topK: 99 })],
    ["the wrong method", "/api/answer", { method: "GET" }],
    ["an unknown citation", "/api/citations/0000000000000000-1-2", undefined],
    ["a malformed citation id", "/api/citations/not-a-citation", undefined],
    ["an unknown article", "/api/articles/0000000000000000", undefined],
    ["a malformed article id", "/api/articles/..%2F..%2Fetc", undefined],
    ["a search without a query", "/api/search", undefined],
    ["an unknown API route", "/api/nope", undefined],
  ] as const)("rejects %s with the same error shape", async (_, path, init) => {
    const r = await both(path, init as RequestInit | undefined);
    expect(r.edge.status).toBeGreaterThanOrEqual(400);
    expect(r.edge).toEqual(r.node);
    expect(r.edge.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it("serves the web chat at /", async () => {
    const res = await edge("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toBe(readFileSync(join(PROJECT_ROOT, "web/index.html"), "utf8"));
    const script = await edge("/app.js");
    expect(script.status).toBe(200);
    expect(await script.text()).toBe(readFileSync(join(PROJECT_ROOT, "web/app.js"), "utf8"));
  });

  it("serves the widget's script and the files it loads to other origins' pages (web/_headers), as the Node server does", async () => {
    const script = await edge("/embed.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(script.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(script.headers.get("access-control-allow-origin")).toBe("*");
    expect(await script.text()).toBe(readFileSync(join(PROJECT_ROOT, "web/embed.js"), "utf8"));
    for (const path of ["/js/widget.js", "/js/answer.js", "/styles.css", "/widget.css"]) {
      const res = await edge(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("access-control-allow-origin"), path).toBe("*");
      expect(res.headers.get("cross-origin-resource-policy"), path).toBe("same-origin");
      await res.body?.cancel();
    }
    const page = await edge("/app.js");
    expect(page.headers.get("access-control-allow-origin")).toBeNull();
    await page.body?.cancel();
  });

  it("sends the API's security headers with the static files too (web/_headers), and never the rules file itself", async () => {
    // The names the security middleware sets, read off a bare app that uses only it.
    const bare = new Hono().use(securityHeaders({ strictTransportSecurity: false })).get("/", (c) => c.text(""));
    const names: string[] = [];
    (await bare.request("/")).headers.forEach((_, name) => name !== "content-type" && names.push(name));
    expect(names).toContain("content-security-policy");
    const api = await edge("/api/health");
    for (const path of ["/", "/app.js", "/styles.css"]) {
      const res = await edge(path);
      expect(res.status).toBe(200);
      for (const name of names) expect(res.headers.get(name), `${path} ${name}`).toBe(api.headers.get(name));
      await res.body?.cancel();
    }
    expect((await edge("/_headers")).status).toBe(404);
  });
});
