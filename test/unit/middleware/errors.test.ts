import { describe, expect, it, vi } from "vitest";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  ApiError,
  errorHandler,
  jsonError,
  methodNotAllowed,
  notFound,
  onError,
} from "../../../src/http/middleware/errors.js";

function appWithErrors(log = vi.fn()) {
  const app = new Hono();
  app.onError(errorHandler({ log }));
  app.notFound(notFound);
  return { app, log };
}

describe("jsonError", () => {
  it("renders the error shape with the given status and extra headers", async () => {
    const app = new Hono();
    app.get("/", (c) => jsonError(c, 409, "conflict", "Already exists", { "X-Extra": "1" }));
    const res = await app.request("/");
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-extra")).toBe("1");
    expect(await res.json()).toEqual({ error: { code: "conflict", message: "Already exists" } });
  });
});

describe("onError", () => {
  it("hides unexpected errors behind an opaque 500 and logs them once", async () => {
    const { app, log } = appWithErrors();
    app.get("/boom", () => {
      throw new Error("database password is hunter2");
    });
    const res = await app.request("/boom");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: "Internal server error" } });
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("at ");
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]).toContainEqual(expect.objectContaining({ message: "database password is hunter2" }));
  });

  it("maps HTTPException to its status with a code derived from the status", async () => {
    const { app, log } = appWithErrors();
    app.get("/forbidden", () => {
      throw new HTTPException(403, { message: "Not for you" });
    });
    app.get("/teapot", () => {
      throw new HTTPException(418);
    });
    const forbidden = await app.request("/forbidden");
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: { code: "forbidden", message: "Not for you" } });
    const teapot = await app.request("/teapot");
    expect(teapot.status).toBe(418);
    expect(await teapot.json()).toEqual({ error: { code: "http_418", message: "Request failed" } });
    expect(log).not.toHaveBeenCalled();
  });

  it("keeps headers from an HTTPException's response but replaces its body", async () => {
    const { app } = appWithErrors();
    app.get("/auth", () => {
      const res = new Response("Unauthorized", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="api"' } });
      throw new HTTPException(401, { res });
    });
    const res = await app.request("/auth");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="api"');
    expect(await res.json()).toEqual({ error: { code: "unauthorized", message: "Unauthorized" } });
  });

  it("uses the code carried by ApiError", async () => {
    const { app } = appWithErrors();
    app.get("/loading", () => {
      throw new ApiError(503, "index_loading", "Index is loading");
    });
    const res = await app.request("/loading");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: "index_loading", message: "Index is loading" } });
  });

  it("turns the zod-openapi validator's malformed-JSON exception into 400 invalid_json", async () => {
    const log = vi.fn();
    const app = new OpenAPIHono();
    app.onError(errorHandler({ log }));
    app.openapi(
      createRoute({
        method: "post",
        path: "/echo",
        request: { body: { content: { "application/json": { schema: z.object({ a: z.string() }) } }, required: true } },
        responses: { 200: { description: "ok" } },
      }),
      (c) => c.json(c.req.valid("json"), 200),
    );
    const res = await app.request("/echo", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a": ',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "invalid_json", message: "Malformed JSON in request body" } });
    expect(log).not.toHaveBeenCalled();
  });

  it("is usable directly as app.onError(onError)", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const app = new Hono();
      app.onError(onError);
      app.get("/", () => {
        throw new TypeError("x is undefined");
      });
      const res = await app.request("/");
      expect(res.status).toBe(500);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("notFound", () => {
  it("answers unknown routes with 404 not_found JSON", async () => {
    const { app } = appWithErrors();
    app.get("/known", (c) => c.text("ok"));
    const res = await app.request("/unknown/path?x=1");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "Not found" } });
  });
});

describe("methodNotAllowed", () => {
  function apiApp() {
    const { app } = appWithErrors();
    app.use(methodNotAllowed({ app }));
    app.get("/api/health", (c) => c.json({ status: "ok" }));
    app.post("/api/answer", (c) => c.json({ answer: "42" }));
    app.get("/api/articles/:id", (c) => {
      const id = c.req.param("id");
      return id === "missing" ? jsonError(c, 404, "not_found", "No such article") : c.json({ id });
    });
    app.delete("/api/articles/:id", (c) => c.body(null, 204));
    return app;
  }

  it("answers a known path with the wrong method with 405 and Allow", async () => {
    const res = await apiApp().request("/api/answer", { method: "GET" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    const body = await res.json();
    expect(body.error.code).toBe("method_not_allowed");
    expect(body.error.message).toContain("POST");
  });

  it("matches parameterised paths and lists every allowed method", async () => {
    const res = await apiApp().request("/api/articles/abc-123", { method: "PUT" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")?.split(", ").sort()).toEqual(["DELETE", "GET", "HEAD"]);
  });

  it("leaves allowed methods, unknown paths and handler-made 404s alone", async () => {
    const app = apiApp();
    expect((await app.request("/api/answer", { method: "POST" })).status).toBe(200);
    expect((await app.request("/api/articles/abc")).status).toBe(200);

    const unknown = await app.request("/api/nope", { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("allow")).toBeNull();

    const missing = await app.request("/api/articles/missing");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toBe("No such article");
  });

  it("works for routes mounted with app.route()", async () => {
    const { app } = appWithErrors();
    app.use(methodNotAllowed({ app }));
    const api = new Hono();
    api.get("/citations/:id", (c) => c.json({ id: c.req.param("id") }));
    app.route("/api", api);
    const res = await app.request("/api/citations/x1", { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });
});
