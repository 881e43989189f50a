/**
 * Graceful shutdown for the Node server (not used on Workers, where the
 * platform drains isolates itself).
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { ServerType } from "@hono/node-server";

export type GracefulShutdownOptions = {
  /** Longest wait for in-flight requests before exiting with code 1. Default 10 000 ms. */
  timeoutMs?: number;
  /** Progress messages. Default `console.log`. */
  log?: (message: string) => void;
  /** Signals that start the shutdown. Default SIGTERM and SIGINT. */
  signals?: NodeJS.Signals[];
  /** Process exit; injectable so the shutdown sequence can be driven without exiting. Default `process.exit`. */
  exit?: (code: number) => void;
};

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests
 * finish, close keep-alive connections, then exit 0; exit 1 if that takes
 * longer than `timeoutMs`, or on a second signal. Returns a function that
 * removes the signal handlers.
 *
 * @example
 * ```ts
 * const server = serve({ fetch: app.fetch, port })
 * installGracefulShutdown(server, { timeoutMs: 10_000 })
 * ```
 */
export function installGracefulShutdown(server: ServerType, options: GracefulShutdownOptions = {}): () => void {
  const {
    timeoutMs = 10_000,
    log = (message: string) => console.log(message),
    signals = ["SIGTERM", "SIGINT"],
    exit = (code: number) => process.exit(code),
  } = options;
  // HTTP/2 servers lack closeIdleConnections and per-socket keep-alive; the
  // optional calls below degrade to plain server.close() for them.
  const http = server as Server;
  const inFlight = new Set<ServerResponse>();
  let shuttingDown = false;

  // server.close() only stops new connections: keep-alive sockets would go on
  // accepting requests and hold the process open until their idle timeout.
  // "Connection: close" makes Node end each socket cleanly once its current
  // response is written, so no response is cut short.
  const closeAfterResponse = (res: ServerResponse, socket: Socket | null) => {
    if (!res.headersSent) {
      res.setHeader("Connection", "close");
    } else {
      // Headers already out (streaming): end the socket once the body is done.
      res.once("finish", () => socket?.end());
    }
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    // HTTP/2 forbids connection headers (setting one throws); its sessions end with server.close().
    if (req.httpVersionMajor >= 2) return;
    if (shuttingDown) closeAfterResponse(res, req.socket);
    inFlight.add(res);
    res.once("close", () => inFlight.delete(res));
  };
  http.on("request", onRequest);

  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      log(`${signal} received again; exiting immediately`);
      exit(1);
      return;
    }
    shuttingDown = true;
    log(`${signal} received; closing server (${inFlight.size} request(s) in flight, timeout ${timeoutMs} ms)`);

    const timer = setTimeout(() => {
      log(`shutdown timed out after ${timeoutMs} ms; ${inFlight.size} request(s) still in flight`);
      exit(1);
    }, timeoutMs);
    // The timer alone must not keep an otherwise finished process alive.
    timer.unref();

    http.close((err) => {
      clearTimeout(timer);
      if (err && (err as NodeJS.ErrnoException).code !== "ERR_SERVER_NOT_RUNNING") {
        log(`server close failed: ${err.message}`);
        exit(1);
        return;
      }
      log("server closed; exiting");
      exit(0);
    });
    for (const res of inFlight) closeAfterResponse(res, res.socket);
    http.closeIdleConnections?.();
  };

  for (const signal of signals) process.on(signal, shutdown);
  return () => {
    for (const signal of signals) process.off(signal, shutdown);
    http.off("request", onRequest);
  };
}
