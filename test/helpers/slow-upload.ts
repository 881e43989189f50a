/**
 * An HTTP/1.1 upload over a raw socket, sent slowly in chunks as a loaded
 * network or a slow client sends it, whose response is looked at only once
 * everything is sent (as simple clients do). Reports the socket error the
 * upload hit (EPIPE, ECONNRESET), if any.
 */
import { connect, type Socket } from "node:net";

export interface SlowUpload {
  /** Everything the server sent back, as text. */
  response: string;
  /** The socket error the upload hit, if any. */
  error: string | null;
  sentBytes: number;
  /** The socket, still open when the server kept the connection alive. */
  socket: Socket;
  /** Everything received so far, including what arrived after `response`. */
  received(): string;
}

export interface SlowUploadOptions {
  path: string;
  headers?: Record<string, string>;
  bytes: number;
  chunked: boolean;
  chunkBytes?: number;
  intervalMs?: number;
}

export function write(socket: Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));
}

export async function slowUpload(baseUrl: string, options: SlowUploadOptions): Promise<SlowUpload> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect({ host: hostname, port: Number(port) });
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  const received: Buffer[] = [];
  let error: string | null = null;
  socket.on("data", (chunk) => received.push(chunk));
  socket.on("error", (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));

  const { bytes, chunked, chunkBytes = 64 * 1024, intervalMs = 40 } = options;
  const length = chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${bytes}`;
  const headers = Object.entries(options.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
  let sentBytes = 0;
  try {
    await write(socket, [`POST ${options.path} HTTP/1.1`, `Host: ${hostname}:${port}`, length, ...headers, "", ""].join("\r\n"));
    // A JSON body the size of an abusive question: `{"question":"xxxx…`.
    const prefix = Buffer.from('{"question":"');
    while (sentBytes < bytes) {
      const size = Math.min(chunkBytes, bytes - sentBytes);
      const piece = sentBytes === 0 ? Buffer.concat([prefix, Buffer.alloc(size - prefix.length, "x")]) : Buffer.alloc(size, "x");
      await write(socket, chunked ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece);
      sentBytes += size;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    if (chunked) await write(socket, "0\r\n\r\n");
  } catch (e) {
    error ??= (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  }
  // The response to a drained body follows the last byte; a moment is enough.
  await Promise.race([closed, new Promise((r) => setTimeout(r, 500))]);
  const all = () => Buffer.concat(received).toString("utf8");
  return { response: all(), error, sentBytes, socket, received: all };
}

export function parseResponse(response: string): { status: number; head: string; body: string } {
  const at = response.indexOf("\r\n\r\n");
  const head = response.slice(0, at);
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), head, body: response.slice(at + 4) };
}
