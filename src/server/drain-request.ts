/**
 * A response can be decided before its request's body is read: a 413 from
 * Content-Length alone or partway through a chunked body, a 415 or a 429.
 * @hono/node-server then reads on for only 500 ms before closing the socket,
 * so a client still uploading (a slow link, a loaded server) has its
 * connection reset mid-upload and never reads the response. The Node entry
 * therefore reads and discards the rest of such a body before responding, up
 * to a cap in bytes and time; past the cap it responds with
 * `Connection: close`, so the client is told before the connection ends.
 */
import type { Readable } from "node:stream";
import type { Http2Bindings, HttpBindings } from "@hono/node-server";

export const DRAIN_LIMITS = {
  /** Most bytes of an unread body discarded to keep the connection (a 3 MB upload fits). */
  maxBytes: 16 * 1024 * 1024,
  /** Longest wait for the rest of an unread body. */
  maxMs: 10_000,
};

/** Resolves true once the body has been read to its end, false when a cap or an error stopped the reading first. */
export function drainRequest(incoming: Readable, limits = DRAIN_LIMITS): Promise<boolean> {
  if (incoming.readableEnded) return Promise.resolve(true);
  if (incoming.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let bytes = 0;
    const finish = (drained: boolean) => {
      clearTimeout(timer);
      incoming.off("data", discard).off("end", ended).off("error", failed).off("close", closed);
      resolve(drained);
    };
    const discard = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) finish(false);
    };
    const ended = () => finish(true);
    const failed = () => finish(false);
    const closed = () => finish(incoming.readableEnded);
    const timer = setTimeout(failed, limits.maxMs);
    timer.unref?.();
    // The handler is done: whatever was reading the body (the request's stream) would only buffer what is thrown away.
    incoming.removeAllListeners("data");
    incoming.on("data", discard).once("end", ended).once("error", failed).once("close", closed);
    incoming.resume();
  });
}

type Fetch = (request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;

/** Wraps the app's fetch for @hono/node-server: responses to unread bodies wait for the body to be drained (see above). */
export function drainingFetch(fetch: Fetch, limits = DRAIN_LIMITS): Fetch {
  return async (request, env) => {
    const response = await fetch(request, env);
    if (request.method === "GET" || request.method === "HEAD" || env.incoming.readableEnded) return response;
    if (await drainRequest(env.incoming, limits)) return response;
    const closing = new Response(response.body, response);
    closing.headers.set("connection", "close");
    return closing;
  };
}
