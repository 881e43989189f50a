/**
 * drainingFetch on a real @hono/node-server socket, with small caps: an unread
 * body within the cap is read to its end and the connection stays usable;
 * past the cap the response still arrives, saying `Connection: close`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { jsonBody } from "../../src/http/middleware/body.js";
import { drainingFetch } from "../../src/server/drain-request.js";
import { parseResponse, slowUpload, write } from "../helpers/slow-upload.js";

let server: ServerType;
let baseUrl: string;

beforeAll(async () => {
  const app = new Hono();
  app.use("/echo", jsonBody({ maxBytes: 1024 }));
  app.post("/echo", (c) => c.json({ ok: true }));
  app.get("/ping", (c) => c.text("pong"));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: drainingFetch((request, env) => app.fetch(request, env), { maxBytes: 256 * 1024, maxMs: 5_000 }), port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("drainingFetch", () => {
  it("reads an unread body within the cap to its end, answers, and keeps the connection", async () => {
    const upload = await slowUpload(baseUrl, { path: "/echo", headers: { "Content-Type": "application/json" }, bytes: 200 * 1024, chunked: false, chunkBytes: 16 * 1024, intervalMs: 60 });
    expect(upload.error).toBeNull();
    const first = parseResponse(upload.response);
    expect(first.status).toBe(413);
    expect(first.head.toLowerCase()).not.toContain("connection: close");
    // Same socket, next request: the connection survived the oversized body.
    await write(upload.socket, `GET /ping HTTP/1.1\r\nHost: x\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 200));
    upload.socket.destroy();
    const second = parseResponse(upload.received().slice(upload.response.length));
    expect(second.status).toBe(200);
    expect(second.body).toBe("pong");
  }, 20_000);

  it("answers before closing when the body is over the drain cap", async () => {
    const upload = await slowUpload(baseUrl, { path: "/echo", headers: { "Content-Type": "application/json" }, bytes: 1024 * 1024, chunked: true, chunkBytes: 64 * 1024, intervalMs: 20 });
    upload.socket.destroy();
    const { status, head, body } = parseResponse(upload.response);
    expect(status).toBe(413);
    expect(head.toLowerCase()).toContain("connection: close");
    expect(JSON.parse(body).error.code).toBe("payload_too_large");
  }, 20_000);
});
