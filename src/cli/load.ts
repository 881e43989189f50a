/**
 * npm run load -- [--duration 20] [--connections 50] [--timeout 10] [--compare] [--json] [--server-log FILE]
 *
 * Bounded load test of the real Node server (real index, real model). The
 * server runs as a child process on 127.0.0.1 with a free port and
 * RATE_LIMIT_PER_MIN=0; autocannon, in this process, sends a mixed load of
 * about 60% POST /api/answer, 25% GET /api/search, 10% GET /api/citations/:id
 * and 5% GET /api/articles[/:id] for --duration seconds over --connections
 * keep-alive connections, then stops the server with SIGTERM.
 *
 * Prints throughput, p50/p99 latency (overall and per kind), errors and
 * non-2xx responses, and the server's peak RSS during the load (Linux
 * /proc/<pid>/status VmHWM, reset just before the load starts, plus samples).
 *
 * --compare runs one server for 60 s (or --duration) and snapshots its memory
 * at 20 s and at the end, after a forced GC, to check for growth under
 * sustained load; it exits 1 if the heap grew. Traffic only ever goes to
 * the loopback server this command started.
 */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { PROJECT_ROOT } from "../node/corpus-files.js";

// ---------------------------------------------------------------------------
// autocannon (CommonJS, no bundled types): the small part of its API used here.

interface Histogram {
  average: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
  p2_5: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  p99_9: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number; sent: number };
  latency: Histogram;
  throughput: Histogram & { total: number };
  duration: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  non2xx: number;
  resets: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  [key: string]: unknown;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  requests: {
    setupRequest: (req: RawRequest, context: Record<string, unknown>) => RawRequest;
    onResponse: (status: number, body: string, context: Record<string, unknown>) => void;
  }[];
}
type AutocannonInstance = Promise<AutocannonResult> & { stop(): void; on(event: "reqError", listener: (error: Error) => void): AutocannonInstance };
type Autocannon = (options: AutocannonOptions) => AutocannonInstance;
const autocannon = (): Autocannon => createRequire(import.meta.url)("autocannon") as Autocannon;

// ---------------------------------------------------------------------------
// The server under test, as a child process

export interface MemorySnapshot {
  /** Seconds since the load started. */
  atSeconds: number;
  rssMB: number;
  heapUsedMB: number;
  externalMB: number;
  /** True when the heap figures were taken right after a forced GC. */
  afterGc: boolean;
}

export interface LoadServer {
  url: string;
  pid: number;
  /** Memory of the server process as it reports it (optionally right after a forced GC). */
  memory(options?: { gc?: boolean }): Promise<Omit<MemorySnapshot, "atSeconds">>;
  /** Current and peak resident set size from /proc (Linux), in MB; null elsewhere. */
  procStatus(): { rssMB: number; hwmMB: number } | null;
  /** Resets the kernel's peak-RSS counter (VmHWM) so later peaks cover only what follows. */
  resetPeak(): boolean;
  /** SIGTERM (graceful shutdown); SIGKILL after `timeoutMs`. Resolves to the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

const THIS_FILE = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;
const round1 = (x: number) => Math.round(x * 10) / 10;

function readProcStatus(pid: number): { rssMB: number; hwmMB: number } | null {
  const path = `/proc/${pid}/status`;
  if (!existsSync(path)) return null;
  try {
    const text = readFileSync(path, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN);
    const rss = kb("VmRSS");
    const hwm = kb("VmHWM");
    if (!Number.isFinite(rss) || !Number.isFinite(hwm)) return null;
    return { rssMB: round1(rss / 1024), hwmMB: round1(hwm / 1024) };
  } catch {
    return null;
  }
}

/**
 * Starts `src/server/node.ts` in a child process on 127.0.0.1 with a free
 * port and rate limiting off, and waits until it listens.
 */
export async function startLoadServer(
  options: { env?: Record<string, string>; startTimeoutMs?: number; /** Where the server's stdout (one JSON line per request) goes. Default /dev/null. */ logFile?: string } = {},
): Promise<LoadServer> {
  const logFd = options.logFile ? openSync(options.logFile, "w") : null;
  const child: ChildProcess = fork(THIS_FILE, ["--serve-child"], {
    cwd: PROJECT_ROOT,
    execArgv: ["--import", "tsx", "--expose-gc"],
    env: { ...process.env, RATE_LIMIT_PER_MIN: "0", ...options.env },
    // The per-request JSON log lines are written as in production, to /dev/null unless asked for.
    stdio: ["ignore", logFd ?? "ignore", "pipe", "ipc"],
  });
  if (logFd !== null) closeSync(logFd);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start within ${options.startTimeoutMs ?? 120_000} ms\n${stderr}`));
    }, options.startTimeoutMs ?? 120_000);
    child.on("message", function onReady(message: { type?: string; port?: number }) {
      if (message?.type !== "ready") return;
      clearTimeout(timer);
      child.off("message", onReady);
      resolve(message.port!);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited during start-up (code ${code}, signal ${signal})\n${stderr}`));
    });
  });

  let nextId = 0;
  const pid = child.pid!;
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    memory({ gc = false } = {}) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("server did not report its memory")), 30_000);
        child.on("message", function onMemory(message: { type?: string; id?: number; usage?: NodeJS.MemoryUsage; afterGc?: boolean }) {
          if (message?.type !== "memory" || message.id !== id) return;
          clearTimeout(timer);
          child.off("message", onMemory);
          const usage = message.usage!;
          resolve({ rssMB: round1(usage.rss / MB), heapUsedMB: round1(usage.heapUsed / MB), externalMB: round1(usage.external / MB), afterGc: !!message.afterGc });
        });
        child.send({ type: "memory", id, gc });
      });
    },
    procStatus: () => readProcStatus(pid),
    resetPeak() {
      try {
        // "5" resets the peak RSS counter (Documentation/filesystems/proc.rst, clear_refs).
        writeFileSync(`/proc/${pid}/clear_refs`, "5");
        return true;
      } catch {
        return false;
      }
    },
    async stop(timeoutMs = 15_000) {
      process.off("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const [code] = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Child side: the real server, plus memory reports over IPC. */
async function serveChild() {
  const { startServer } = await import("../server/node.js");
  const { server } = await startServer({ port: 0, hostname: "127.0.0.1" });
  if (!server.listening) await once(server, "listening");
  const address = server.address() as AddressInfo;
  process.on("message", (message: { type?: string; id?: number; gc?: boolean }) => {
    if (message?.type !== "memory") return;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (message.gc && gc) gc();
    process.send?.({ type: "memory", id: message.id, usage: process.memoryUsage(), afterGc: !!(message.gc && gc) });
  });
  // A parent that dies must not leave a server behind.
  process.on("disconnect", () => process.exit(0));
  process.send?.({ type: "ready", port: address.port });
}

// ---------------------------------------------------------------------------
// The request mix

export type Kind = "answer" | "search" | "citation" | "articles";
/** 20 slots: 12 answer (60%), 5 search (25%), 2 citation (10%), 1 articles (5%), interleaved. */
const PATTERN: Kind[] = "ASACASAAASARASACASAA".split("").map((c) => ({ A: "answer", S: "search", C: "citation", R: "articles" })[c] as Kind);

/** Questions about the committed corpus, plus one it cannot answer (the abstention path). */
const QUESTIONS = [
  "Who voted against the resolution?",
  "How many countries abstained in the UN vote?",
  "What did Xi invite Putin to do?",
  "When will Xi travel to Russia?",
  "Which Chinese diplomat visited Moscow before the plan was released?",
  "What does China's peace proposal call for?",
  "What did the US warn China against?",
  "What is the capital of Australia?",
];
const SEARCHES = ["UN vote abstentions", "Xi Putin visit Moscow", "China peace plan Ukraine", "ceasefire talks", "sanctions Russia", "Wang Yi"];

export interface Workload {
  questions: string[];
  searches: string[];
  citationIds: string[];
  articleIds: string[];
}

async function getJson(url: string, init?: RequestInit): Promise<any> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Reads ids and suggestions from the running server and asks every question
 * once: that both warms the model up and yields real citation ids.
 */
export async function prepareWorkload(baseUrl: string): Promise<Workload> {
  const articles: { id: string }[] = await getJson(`${baseUrl}/api/articles`);
  const suggestions: { questions: string[] } = await getJson(`${baseUrl}/api/suggestions`);
  const questions = [...new Set([...QUESTIONS, ...suggestions.questions.slice(0, 8)])];
  const citationIds = new Set<string>();
  for (const question of questions) {
    const body = await getJson(`${baseUrl}/api/answer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question }),
    });
    for (const c of body.citations as { id: string }[]) citationIds.add(c.id);
  }
  for (const q of SEARCHES) await getJson(`${baseUrl}/api/search?q=${encodeURIComponent(q)}&k=5`);
  if (!articles.length || !citationIds.size) throw new Error("the index has no articles or no question produced a citation; nothing to load-test");
  return { questions, searches: SEARCHES, citationIds: [...citationIds], articleIds: articles.map((a) => a.id) };
}

// ---------------------------------------------------------------------------
// Running the load

export interface KindStats {
  count: number;
  non2xx: number;
  /** 2xx responses whose body was not what the endpoint returns. */
  bad: number;
  p50: number;
  p99: number;
}

export interface LoadResult {
  url: string;
  durationSeconds: number;
  connections: number;
  requests: number;
  /** Mean requests per second (autocannon's per-second samples). */
  throughput: number;
  latency: { p50: number; p99: number; avg: number; max: number };
  errors: number;
  timeouts: number;
  /** Request errors (timeouts included) per 5-second window since the load started, e.g. {"0-5": 12}. */
  errorsOverTime: Record<string, number>;
  non2xx: number;
  statusCodes: Record<string, number>;
  byKind: Record<Kind, KindStats>;
  memory: {
    /** Peak RSS of the server during the load (VmHWM after a reset, else the highest sample), MB. */
    peakRssMB: number | null;
    /** How the peak was measured. */
    peakSource: "VmHWM" | "samples" | "none";
    /** Snapshots (after forced GC) at the start, at each checkpoint and at the end. */
    snapshots: MemorySnapshot[];
  };
  serverExitCode?: number | null;
}

export interface RunLoadOptions {
  /** Seconds of load. Default 20. */
  duration?: number;
  /** Concurrent keep-alive connections. Default 50. */
  connections?: number;
  /** Per-request timeout in seconds (a timeout counts as an error). Default 10. */
  timeout?: number;
  /** Extra memory snapshots, in seconds since the load started. */
  checkpoints?: number[];
  /** An already started server (else one is started and stopped). */
  server?: LoadServer;
  /** When starting the server: write its request log here. */
  serverLog?: string;
  /** Progress lines. Default: silent. */
  log?: (line: string) => void;
}

const MAX_DURATION = 600;
const MAX_CONNECTIONS = 500;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Runs the bounded mixed load against a loopback server and measures it. */
export async function runLoad(options: RunLoadOptions = {}): Promise<LoadResult> {
  const duration = options.duration ?? 20;
  const connections = options.connections ?? 50;
  const timeout = options.timeout ?? 10;
  const log = options.log ?? (() => {});
  if (!(duration > 0 && duration <= MAX_DURATION)) throw new RangeError(`--duration must be in (0, ${MAX_DURATION}] seconds`);
  if (!(Number.isInteger(connections) && connections >= 1 && connections <= MAX_CONNECTIONS))
    throw new RangeError(`--connections must be an integer in [1, ${MAX_CONNECTIONS}]`);

  const server = options.server ?? (log("starting the server (loading index and model)…"), await startLoadServer({ logFile: options.serverLog }));
  const ownServer = !options.server;
  try {
    if (!isLoopback(server.url)) throw new Error(`refusing to load-test a non-loopback address: ${server.url}`);
    log(`server ${server.url} (pid ${server.pid}); warming up…`);
    const work = await prepareWorkload(server.url);

    const latencies: Record<Kind, number[]> = { answer: [], search: [], citation: [], articles: [] };
    const byKind = Object.fromEntries(PATTERN.map((k) => [k, { count: 0, non2xx: 0, bad: 0, p50: 0, p99: 0 }])) as Record<Kind, KindStats>;
    let slot = 0;
    const pick = <T>(xs: T[], n: number) => xs[n % xs.length];

    const requestFor = (kind: Kind, n: number): RawRequest => {
      switch (kind) {
        case "answer":
          return { method: "POST", path: "/api/answer", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: pick(work.questions, n) }) };
        case "search":
          return { method: "GET", path: `/api/search?q=${encodeURIComponent(pick(work.searches, n))}&k=${n % 2 ? 5 : 10}`, body: undefined };
        case "citation":
          return { method: "GET", path: `/api/citations/${pick(work.citationIds, n)}`, body: undefined };
        case "articles":
          return { method: "GET", path: n % 2 ? "/api/articles" : `/api/articles/${pick(work.articleIds, n)}`, body: undefined };
      }
    };
    const valid: Record<Kind, (body: any) => boolean> = {
      answer: (b) => typeof b?.answer === "string" && Array.isArray(b.citations) && typeof b.abstained === "boolean",
      search: (b) => Array.isArray(b?.hits) && b.hits.length > 0,
      citation: (b) => typeof b?.quote === "string" && b.quote.length > 0,
      articles: (b) => Array.isArray(b) || (typeof b?.text === "string" && b.text.length > 0),
    };

    // Memory: reset the kernel's peak counter so it covers the load only, and sample as a fallback.
    const snapshots: MemorySnapshot[] = [];
    const snapshot = async (atSeconds: number) => {
      try {
        snapshots.push({ atSeconds, ...(await server.memory({ gc: true })) });
      } catch (error) {
        log(`memory snapshot at ${atSeconds} s failed: ${(error as Error).message}`);
      }
    };
    await snapshot(0);
    const peakReset = server.resetPeak();
    let sampledPeak = server.procStatus()?.rssMB ?? 0;
    const sampler = setInterval(() => {
      const status = server.procStatus();
      if (status) sampledPeak = Math.max(sampledPeak, status.rssMB);
    }, 250);
    const started = Date.now();
    const checkpointTimers = (options.checkpoints ?? [])
      .filter((t) => t > 0 && t < duration)
      .map((t) => setTimeout(() => void snapshot(t), t * 1000));

    log(`load: ${duration} s, ${connections} connections, mix answer/search/citation/articles ≈ 60/25/10/5`);
    let result: AutocannonResult;
    const errorsOverTime: Record<string, number> = {};
    try {
      const instance = autocannon()({
        url: server.url,
        connections,
        duration,
        timeout,
        requests: [
          {
            setupRequest: (req, context) => {
              const n = slot++;
              const kind = PATTERN[n % PATTERN.length];
              context.kind = kind;
              context.sentAt = performance.now();
              return { ...req, ...requestFor(kind, Math.floor(n / PATTERN.length)) };
            },
            onResponse: (status, body, context) => {
              const kind = context.kind as Kind;
              const stats = byKind[kind];
              stats.count++;
              if (latencies[kind].length < 1_000_000) latencies[kind].push(performance.now() - (context.sentAt as number));
              if (status < 200 || status >= 300) {
                stats.non2xx++;
                return;
              }
              try {
                if (!valid[kind](JSON.parse(body))) stats.bad++;
              } catch {
                stats.bad++;
              }
            },
          },
        ],
      });
      instance.on("reqError", () => {
        const from = Math.floor((Date.now() - started) / 5000) * 5;
        errorsOverTime[`${from}-${from + 5}`] = (errorsOverTime[`${from}-${from + 5}`] ?? 0) + 1;
      });
      result = await instance;
    } finally {
      clearInterval(sampler);
      for (const t of checkpointTimers) clearTimeout(t);
    }
    const elapsed = (Date.now() - started) / 1000;
    const final = server.procStatus();
    if (final) sampledPeak = Math.max(sampledPeak, final.rssMB);
    await snapshot(round1(elapsed));

    for (const kind of Object.keys(byKind) as Kind[]) {
      const sorted = latencies[kind].sort((a, b) => a - b);
      byKind[kind].p50 = round1(percentile(sorted, 50));
      byKind[kind].p99 = round1(percentile(sorted, 99));
    }
    const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]));
    const peakRssMB = peakReset && final ? final.hwmMB : final ? sampledPeak : snapshots.length ? Math.max(...snapshots.map((s) => s.rssMB)) : null;

    const out: LoadResult = {
      url: server.url,
      durationSeconds: result.duration,
      connections,
      requests: result.requests.total,
      throughput: round1(result.requests.average),
      latency: { p50: result.latency.p50, p99: result.latency.p99, avg: round1(result.latency.average), max: result.latency.max },
      errors: result.errors,
      timeouts: result.timeouts,
      errorsOverTime,
      non2xx: result.non2xx,
      statusCodes,
      byKind,
      memory: { peakRssMB, peakSource: peakReset && final ? "VmHWM" : final ? "samples" : snapshots.length ? "samples" : "none", snapshots },
    };
    if (ownServer) out.serverExitCode = await server.stop();
    return out;
  } catch (error) {
    if (ownServer) await server.stop(2_000).catch(() => {});
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Reporting

export function formatReport(r: LoadResult): string {
  const lines = [
    `Verbatim load test: ${r.durationSeconds} s, ${r.connections} connections, ${r.url}`,
    `  requests     ${r.requests} total, ${r.throughput} req/s`,
    `  latency      p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms (avg ${r.latency.avg} ms, max ${r.latency.max} ms)`,
    `  failures     ${r.errors} errors (${r.timeouts} timeouts), ${r.non2xx} non-2xx; status codes ${JSON.stringify(r.statusCodes)}` +
      (r.errors ? `; errors per 5 s window ${JSON.stringify(r.errorsOverTime)}` : ""),
    `  peak RSS     ${r.memory.peakRssMB ?? "n/a"} MB (server process, during the load; ${r.memory.peakSource})`,
    `  by kind      count   non-2xx  bad  p50 ms   p99 ms`,
    ...(Object.entries(r.byKind) as [Kind, KindStats][]).map(
      ([k, s]) => `    ${k.padEnd(10)} ${String(s.count).padStart(6)} ${String(s.non2xx).padStart(8)} ${String(s.bad).padStart(4)} ${String(s.p50).padStart(7)} ${String(s.p99).padStart(8)}`,
    ),
    `  memory       ${r.memory.snapshots.map((s) => `t=${s.atSeconds}s rss ${s.rssMB} MB heap ${s.heapUsedMB} MB`).join("; ")} (heap after forced GC)`,
  ];
  if (r.serverExitCode !== undefined) lines.push(`  shutdown     server exited with code ${r.serverExitCode} after SIGTERM`);
  return lines.join("\n");
}

/** Heap growth between the first checkpoint and the end, and whether it stays within tolerance. */
export function compareMemory(r: LoadResult, at: number): { ok: boolean; text: string } {
  const first = r.memory.snapshots.find((s) => s.atSeconds === at);
  const last = r.memory.snapshots[r.memory.snapshots.length - 1];
  if (!first || !last || first === last) return { ok: false, text: `no memory snapshot at ${at} s to compare with` };
  const heapGrowth = round1(last.heapUsedMB - first.heapUsedMB);
  const rssGrowth = round1(last.rssMB - first.rssMB);
  // Post-GC heap is the leak signal; RSS moves with allocator caching and is reported only.
  const ok = last.heapUsedMB <= first.heapUsedMB * 1.1 + 5;
  return {
    ok,
    text: `memory after ${at} s vs ${last.atSeconds} s: heap ${first.heapUsedMB} → ${last.heapUsedMB} MB (${heapGrowth >= 0 ? "+" : ""}${heapGrowth}), rss ${first.rssMB} → ${last.rssMB} MB (${rssGrowth >= 0 ? "+" : ""}${rssGrowth}): ${ok ? "no growth" : "GROWTH"}`,
  };
}

function parseArgs(argv: string[]) {
  const args = { duration: undefined as number | undefined, connections: 50, timeout: 10, compare: false, json: false, serverLog: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => Number(inline ?? argv[++i]);
    if (flag === "--duration" || flag === "-d") args.duration = value();
    else if (flag === "--connections" || flag === "-c") args.connections = value();
    else if (flag === "--timeout") args.timeout = value();
    else if (flag === "--compare") args.compare = true;
    else if (flag === "--json") args.json = true;
    else if (flag === "--server-log") args.serverLog = inline ?? argv[++i];
    else if (flag === "--help" || flag === "-h") {
      console.log("usage: npm run load -- [--duration 20] [--connections 50] [--timeout 10] [--compare] [--json] [--server-log FILE]");
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

async function main(argv: string[]) {
  const args = parseArgs(argv);
  const duration = args.duration ?? (args.compare ? 60 : 20);
  const COMPARE_AT = 20;
  if (args.compare && duration <= COMPARE_AT) throw new Error(`--compare needs --duration above ${COMPARE_AT} s`);
  const result = await runLoad({
    duration,
    connections: args.connections,
    timeout: args.timeout,
    checkpoints: args.compare ? [COMPARE_AT] : [],
    serverLog: args.serverLog,
    log: (line) => console.error(line),
  });
  if (args.json) console.log(JSON.stringify(result, null, 2));
  else console.log(formatReport(result));
  let failed = result.errors > 0 || result.non2xx > 0 || Object.values(result.byKind).some((k) => k.bad > 0);
  if (args.compare) {
    const verdict = compareMemory(result, COMPARE_AT);
    console.log(verdict.text);
    failed ||= !verdict.ok;
  }
  process.exitCode = failed ? 1 : 0;
}

const invokedAs = process.argv[1] ?? "";
if (invokedAs === THIS_FILE || invokedAs.endsWith("src/cli/load.ts")) {
  if (process.argv.includes("--serve-child")) {
    serveChild().catch((error) => {
      console.error(`load: server could not start: ${error?.stack ?? error}`);
      process.exit(1);
    });
  } else {
    main(process.argv.slice(2)).catch((error) => {
      console.error(`load: ${error?.message ?? error}`);
      process.exit(1);
    });
  }
}
