import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { isJsonContentType, jsonBody, readJson, validationHook } from "../../../src/http/middleware/body.js";
import { errorHandler, notFound } from "../../../src/http/middleware/errors.js";
import { AnswerRequestSchema, IdParamSchema, SearchQuerySchema } from "../../../src/http/schemas.js";

const silent = () => {};

function post(body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) {
  return { method: "POST", headers, body };
}

function echoApp(options?: Parameters<typeof jsonBody>[0]) {
  const app = new Hono();
  app.onError(errorHandler({ log: silent }));
  app.use("/echo", jsonBody(options));
  app.post("/echo", async (c) => c.json({ got: await c.req.json() }));
  return app;
}

describe("isJsonContentType", () => {
  it.each([
    ["application/json", true],
    ["Application/JSON", true],
    ["application/json; charset=utf-8", true],
    ['application/json;charset="UTF-8"', true],
    ["application/json; charset=iso-8859-1", false],
    ["text/plain", false],
    ["application/jsonp", false],
    ["multipart/form-data; boundary=x", false],
    [undefined, false],
  ])("%s → %s", (type, expected) => {
    expect(isJsonContentType(type)).toBe(expected);
  });
});

describe("jsonBody", () => {
  it("passes valid JSON through, and the handler can still read it", async () => {
    const res = await echoApp().request("/echo", post('{"question":"hi"}'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { question: "hi" } });
  });

  it("rejects a non-JSON Content-Type with 415", async () => {
    const res = await echoApp().request("/echo", post("question=hi", { "content-type": "application/x-www-form-urlencoded" }));
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      error: { code: "unsupported_media_type", message: "Content-Type must be application/json" },
    });
  });

  it("rejects a body without Content-Type with 415", async () => {
    const res = await echoApp().request("/echo", post('{"question":"hi"}', {}));
    expect(res.status).toBe(415);
  });

  it("accepts a charset parameter", async () => {
    const res = await echoApp().request("/echo", post('{"a":1}', { "content-type": "application/json; charset=utf-8" }));
    expect(res.status).toBe(200);
  });

  it("rejects malformed JSON with 400 invalid_json", async () => {
    const res = await echoApp().request("/echo", post('{"question": "unterminated'));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "invalid_json", message: "Malformed JSON in request body" } });
  });

  it("rejects bodies over the default 16 KB with 413, with or without Content-Length", async () => {
    const app = echoApp();
    const big = JSON.stringify({ question: "x".repeat(16 * 1024) });
    const streamed = await app.request("/echo", post(big));
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe("payload_too_large");

    const declared = await app.request(
      "/echo",
      post(big, { "content-type": "application/json", "content-length": String(big.length) }),
    );
    expect(declared.status).toBe(413);
  });

  it("accepts a body exactly at the limit and honours a custom maxBytes", async () => {
    const body = JSON.stringify({ q: "x".repeat(100) });
    const app = echoApp({ maxBytes: body.length });
    expect((await app.request("/echo", post(body))).status).toBe(200);
    const over = JSON.stringify({ q: "x".repeat(101) });
    expect((await app.request("/echo", post(over))).status).toBe(413);
  });

  it("ignores methods without bodies and empty bodies", async () => {
    const app = new Hono();
    app.use("*", jsonBody());
    app.get("/x", (c) => c.text("get ok"));
    app.post("/x", (c) => c.text("post ok"));
    expect(await (await app.request("/x")).text()).toBe("get ok");
    const empty = await app.request("/x", { method: "POST", headers: { "content-length": "0" } });
    expect(await empty.text()).toBe("post ok");
  });
});

describe("readJson", () => {
  it("returns parsed JSON or throws an error onError renders as invalid_json", async () => {
    const app = new Hono();
    app.onError(errorHandler({ log: silent }));
    app.post("/r", async (c) => c.json({ got: await readJson(c) }));
    expect(await (await app.request("/r", post("[1,2]"))).json()).toEqual({ got: [1, 2] });
    const bad = await app.request("/r", post("nope"));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_json");
  });
});

describe("validationHook with OpenAPIHono", () => {
  function openApiApp() {
    const app = new OpenAPIHono({ defaultHook: validationHook });
    app.onError(errorHandler({ log: silent }));
    app.notFound(notFound);
    app.use("/api/answer", jsonBody());
    app.openapi(
      createRoute({
        method: "post",
        path: "/api/answer",
        request: { body: { content: { "application/json": { schema: AnswerRequestSchema } }, required: true } },
        responses: { 200: { description: "ok" } },
      }),
      (c) => c.json({ question: c.req.valid("json").question }, 200),
    );
    app.openapi(
      createRoute({
        method: "get",
        path: "/api/articles/{id}",
        request: { params: IdParamSchema },
        responses: { 200: { description: "ok" } },
      }),
      (c) => c.json({ id: c.req.valid("param").id }, 200),
    );
    app.openapi(
      createRoute({
        method: "get",
        path: "/api/search",
        request: { query: SearchQuerySchema },
        responses: { 200: { description: "ok" } },
      }),
      (c) => c.json(c.req.valid("query"), 200),
    );
    return app;
  }

  async function errorOf(res: Response) {
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_request");
    return body.error.message as string;
  }

  it("accepts a valid request", async () => {
    const res = await openApiApp().request("/api/answer", post(JSON.stringify({ question: "  Who won?  " })));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ question: "Who won?" });
  });

  it("names the failing field", async () => {
    const app = openApiApp();
    expect(await errorOf(await app.request("/api/answer", post(JSON.stringify({ question: "   " }))))).toBe(
      "question: must not be empty",
    );
    expect(await errorOf(await app.request("/api/answer", post(JSON.stringify({ question: "q", topK: 99 }))))).toMatch(
      /^topK: /,
    );
    const nested = await errorOf(
      await app.request("/api/answer", post(JSON.stringify({ question: "q", history: [{ role: "robot", content: "x" }] }))),
    );
    expect(nested).toMatch(/^history\[0\]\.role: /);
  });

  it("reports a missing field by name", async () => {
    const message = await errorOf(await openApiApp().request("/api/answer", post("{}")));
    expect(message).toBe("question: is required");
    const nested = await errorOf(
      await openApiApp().request("/api/answer", post(JSON.stringify({ question: "q", history: [{ role: "user" }] }))),
    );
    expect(nested).toBe("history[0].content: is required");
  });

  it("keeps zod's wording for a present value of the wrong type", async () => {
    const message = await errorOf(await openApiApp().request("/api/answer", post(JSON.stringify({ question: 42 }))));
    expect(message).toBe("question: Invalid input: expected string, received number");
  });

  it("lists up to three issues", async () => {
    const message = await errorOf(
      await openApiApp().request("/api/answer", post(JSON.stringify({ question: 1, topK: "x", debug: "y", history: 5 }))),
    );
    expect(message.split("; ")).toHaveLength(3);
  });

  it('attributes a wrong top-level type to "body"', async () => {
    const message = await errorOf(await openApiApp().request("/api/answer", post("[1,2,3]")));
    expect(message).toMatch(/^body: /);
  });

  it("validates path params and query strings the same way", async () => {
    const app = openApiApp();
    expect(await errorOf(await app.request("/api/articles/bad$id"))).toBe(
      "id: must contain only letters, digits, '-' and '_'",
    );
    expect(await errorOf(await app.request("/api/search?q=%20"))).toBe("q: must not be empty");
  });

  it("returns 400 invalid_json, not 500, for malformed JSON on a zod-openapi route", async () => {
    const res = await openApiApp().request("/api/answer", post('{"question": '));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_json");
  });

  it("returns 400 invalid_json from the route's own validator when jsonBody is not mounted", async () => {
    const app = new OpenAPIHono({ defaultHook: validationHook });
    app.onError(errorHandler({ log: silent }));
    app.openapi(
      createRoute({
        method: "post",
        path: "/bare",
        request: { body: { content: { "application/json": { schema: AnswerRequestSchema } }, required: true } },
        responses: { 200: { description: "ok" } },
      }),
      (c) => c.json({ ok: true }, 200),
    );
    const res = await app.request("/bare", post("{oops"));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_json");
  });
});
