/**
 * A client still uploading a body over the limit gets the 413 JSON response,
 * not a reset connection: the real Node server (its own process), a raw
 * socket, and a 3 MB body sent slowly in chunks (about two seconds of upload
 * after the server has decided), read only once all of it is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../browser/helpers.js";
import { parseResponse, slowUpload } from "../helpers/slow-upload.js";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const BODY_BYTES = 3 * 1024 * 1024;

describe("an oversized body still being uploaded to the Node server", () => {
  for (const [label, chunked] of [
    ["with Content-Length", false],
    ["chunked, without a length", true],
  ] as const) {
    it(`gets the 413 JSON response, not a reset (${label})`, async () => {
      const upload = await slowUpload(server.baseUrl, { path: "/api/answer", headers: { "Content-Type": "application/json" }, bytes: BODY_BYTES, chunked });
      upload.socket.destroy();
      expect(upload.error).toBeNull();
      expect(upload.sentBytes).toBe(BODY_BYTES);
      const { status, body } = parseResponse(upload.response);
      expect(status).toBe(413);
      expect(JSON.parse(body).error.code).toBe("payload_too_large");
    }, 30_000);
  }
});
