import { afterEach, describe, expect, it } from "vitest";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../fixtures/slow-server.ts", import.meta.url));
const SLOW_BODY = "slow response complete:" + "x".repeat(200_000);

type Child = {
  proc: ChildProcessWithoutNullStreams;
  port: number;
  output: () => string;
  waitFor: (line: string) => Promise<void>;
  exited: Promise<number | null>;
};

const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const proc of children.splice(0)) if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
});

async function startServer(env: Record<string, string> = {}): Promise<Child> {
  const proc = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  children.push(proc);
  let out = "";
  const waiters: Array<{ line: string; resolve: () => void }> = [];
  const check = () => {
    for (const w of waiters.splice(0)) {
      if (out.includes(w.line)) w.resolve();
      else waiters.push(w);
    }
  };
  proc.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
    check();
  });
  let err = "";
  proc.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  const waitFor = (line: string) =>
    new Promise<void>((resolve, reject) => {
      waiters.push({ line, resolve });
      check();
      exited.then((code) => reject(new Error(`child exited (${code}) before "${line}"\nstdout:\n${out}\nstderr:\n${err}`)));
    });
  await waitFor("listening ");
  const port = Number(/listening (\d+)/.exec(out)![1]);
  return { proc, port, output: () => out, waitFor, exited };
}

type Reply = { status: number; body: string; headers: http.IncomingHttpHeaders };

function get(port: number, path: string, agent: http.Agent | false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

describe("installGracefulShutdown", () => {
  it("on SIGTERM refuses new connections, finishes the in-flight request, closes keep-alive sockets and exits 0", async () => {
    const child = await startServer();
    const idleAgent = new http.Agent({ keepAlive: true });
    const slowAgent = new http.Agent({ keepAlive: true });
    try {
      // Leaves an idle keep-alive socket open; shutdown must close it.
      const fast = await get(child.port, "/fast", idleAgent);
      expect(fast.body).toBe("fast");

      const slow = get(child.port, "/slow", slowAgent);
      await child.waitFor("request-started");

      child.proc.kill("SIGTERM");
      await child.waitFor("log: SIGTERM received");

      // Refused outright, or reset if the kernel had already queued the connection: either way it is not served.
      const refused = (await get(child.port, "/fast", false).then(
        () => null,
        (err: NodeJS.ErrnoException) => err,
      )) as NodeJS.ErrnoException | null;
      expect(["ECONNREFUSED", "ECONNRESET"]).toContain(refused?.code);

      child.proc.stdin.write("release\n");
      const reply = await slow;
      expect(reply.status).toBe(200);
      expect(reply.body.length).toBe(SLOW_BODY.length);
      expect(reply.body).toBe(SLOW_BODY);
      expect(reply.headers.connection).toBe("close");

      expect(await child.exited).toBe(0);
      expect(child.output()).toContain("log: server closed; exiting");
    } finally {
      idleAgent.destroy();
      slowAgent.destroy();
    }
  }, 30_000);

  it("exits 0 straight away when nothing is in flight", async () => {
    const child = await startServer();
    child.proc.kill("SIGINT");
    expect(await child.exited).toBe(0);
  }, 30_000);

  it("gives up with exit code 1 when a request outlives the timeout", async () => {
    const child = await startServer({ SHUTDOWN_TIMEOUT_MS: "300" });
    const slow = get(child.port, "/slow", false).catch((err: Error) => err);
    await child.waitFor("request-started");
    child.proc.kill("SIGTERM");
    expect(await child.exited).toBe(1);
    expect(child.output()).toContain("shutdown timed out after 300 ms");
    // The request never completed; the client sees the connection drop.
    expect(await slow).toBeInstanceOf(Error);
  }, 30_000);
});
