import { describe, expect, it, vi } from "vitest";
import { Hono } from "hono";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import {
  requestId,
  requestLogger,
  requestLoggerOptionsFromEnv,
  type RequestIdVariables,
  type RequestLoggerOptions,
} from "../../../src/http/middleware/request-log.js";
import { errorHandler } from "../../../src/http/middleware/errors.js";
import { validationHook } from "../../../src/http/middleware/body.js";
import { AnswerRequestSchema } from "../../../src/http/schemas.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestId", () => {
  function app() {
    const a = new Hono<{ Variables: RequestIdVariables }>();
    a.onError(errorHandler({ log: () => {} }));
    a.use(requestId());
    a.get("/", (c) => c.text(c.var.requestId));
    a.get("/boom", () => {
      throw new Error("boom");
    });
    return a;
  }

  it("reuses a sane incoming X-Request-Id", async () => {
    const res = await app().request("/", { headers: { "x-request-id": "abc_DEF-123" } });
    expect(res.headers.get("x-request-id")).toBe("abc_DEF-123");
    expect(await res.text()).toBe("abc_DEF-123");
  });

  it("generates a UUID when none is sent", async () => {
    const res = await app().request("/");
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(UUID);
    expect(await res.text()).toBe(id);
  });

  it.each([
    ["too long", "a".repeat(65)],
    ["has spaces", "abc def"],
    ["has quotes and braces", 'x","level":"error'],
    ["has =", "abc=="],
    ["has dots", "a.b"],
  ])("replaces an incoming id that %s", async (_why, incoming) => {
    const res = await app().request("/", { headers: { "x-request-id": incoming } });
    expect(res.headers.get("x-request-id")).toMatch(UUID);
  });

  it("accepts exactly 64 characters", async () => {
    const id = "a".repeat(64);
    const res = await app().request("/", { headers: { "x-request-id": id } });
    expect(res.headers.get("x-request-id")).toBe(id);
  });

  it("keeps the header on error responses", async () => {
    const res = await app().request("/boom", { headers: { "x-request-id": "err-1" } });
    expect(res.status).toBe(500);
    expect(res.headers.get("x-request-id")).toBe("err-1");
  });

  it("uses the injected generator", async () => {
    const a = new Hono();
    a.use(requestId({ generate: () => "fixed-id" }));
    a.get("/", (c) => c.text("ok"));
    expect((await a.request("/")).headers.get("x-request-id")).toBe("fixed-id");
  });
});

describe("requestLogger", () => {
  function app(options: Omit<RequestLoggerOptions, "log" | "now"> = {}) {
    const lines: string[] = [];
    let t = 100;
    const a = new OpenAPIHono({ defaultHook: validationHook });
    a.onError(errorHandler({ log: () => {} }));
    a.use(requestId(), requestLogger({ ...options, log: (l) => lines.push(l), now: () => (t += 12.34) }));
    a.get("/api/search", (c) => c.json({ ok: true }));
    a.get("/boom", () => {
      throw new Error("secret detail");
    });
    a.openapi(
      createRoute({
        method: "post",
        path: "/api/answer",
        request: { body: { content: { "application/json": { schema: AnswerRequestSchema } }, required: true } },
        responses: { 200: { description: "ok" } },
      }),
      (c) => c.json({ answer: "a" }, 200),
    );
    const parsed = () => lines.map((l) => JSON.parse(l));
    return { a, lines, parsed };
  }

  const askSecret = {
    method: "POST",
    headers: { "content-type": "application/json", "x-request-id": "req-1" },
    body: JSON.stringify({ question: "is my neighbour Jane Doe on the list?" }),
  };

  it("writes exactly one structured JSON line per request", async () => {
    const { a, lines, parsed } = app();
    await a.request("/api/search?q=private+words&k=3", { headers: { "x-request-id": "req-42" } });
    expect(lines).toHaveLength(1);
    expect(parsed()[0]).toEqual({
      level: "info",
      msg: "request",
      id: "req-42",
      method: "GET",
      path: "/api/search",
      status: 200,
      ms: 12.3,
    });
    expect(lines[0]).not.toContain("private");
  });

  it("logs the final status of failed and unmatched requests", async () => {
    const { a, parsed, lines } = app();
    await a.request("/boom");
    await a.request("/missing");
    expect(parsed().map((l) => l.status)).toEqual([500, 404]);
    expect(lines.join("\n")).not.toContain("secret detail");
  });

  it("never logs the question by default", async () => {
    const { a, lines, parsed } = app();
    const res = await a.request("/api/answer", askSecret);
    expect(res.status).toBe(200);
    expect(lines.join("\n")).not.toContain("Jane Doe");
    expect(parsed()[0]).not.toHaveProperty("question");
  });

  it("logs the validated question when logQuestions is on", async () => {
    const { a, parsed } = app({ logQuestions: true });
    await a.request("/api/answer", askSecret);
    expect(parsed()[0]).toMatchObject({ id: "req-1", status: 200, question: "is my neighbour Jane Doe on the list?" });
  });

  it("uses console.log by default", async () => {
    const spy = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const a = new Hono();
      a.use(requestLogger());
      a.get("/", (c) => c.text("ok"));
      await a.request("/");
      expect(spy).toHaveBeenCalledTimes(1);
      expect(JSON.parse(spy.mock.calls[0][0] as string)).toMatchObject({ msg: "request", path: "/", status: 200 });
    } finally {
      spy.mockRestore();
    }
  });
});

describe("requestLoggerOptionsFromEnv", () => {
  it("turns question logging on only for LOG_QUESTIONS=1", () => {
    expect(requestLoggerOptionsFromEnv({ LOG_QUESTIONS: "1" }).logQuestions).toBe(true);
    expect(requestLoggerOptionsFromEnv({ LOG_QUESTIONS: "0" }).logQuestions).toBe(false);
    expect(requestLoggerOptionsFromEnv({}).logQuestions).toBe(false);
  });
});
