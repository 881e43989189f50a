/**
 * Fault scenarios for the corpus, run with real processes on real files:
 * an `npm run ingest` child is killed (SIGKILL) at each phase, files of a
 * generation and of the working set are truncated, flipped or deleted, two
 * ingests run at once, a write fails with ENOSPC. After each, a real server
 * process (`src/server/node.ts`) is started on the corpus and asked a
 * question: it must start on the last good state and answer, or refuse to
 * start naming the damaged file and the repair command — never serve damaged
 * data. Shared by test/faults/faults.test.ts and `npm run faults` (table.ts).
 *
 * Corpora are copies of the committed one (generation 000001: the 5 seeds,
 * USE-lite vectors). Faults that do not concern embeddings run with
 * VERBATIM_EMBEDDER=none; the embedding-phase kill uses the default model.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PROJECT_ROOT } from "../../src/node/paths.js";

/** Small new stories (none in the seeds); story 5 answers NEW_QUESTION. */
const STORIES: Record<number, string> = {
  3: `Harbour bridge reopens after repairs\n\nThe harbour bridge reopened to traffic on Monday after eight months of repairs. Engineers replaced 140 steel cables and resurfaced the deck. The city council said the work cost 12 million euros.`,
  4: `Library extends opening hours\n\nThe central library will stay open until ten in the evening from next month. The council approved the longer hours after a survey of 3,000 readers. Weekend hours are unchanged.`,
  5: `Volcano monitoring expanded\n\nScientists installed twenty new seismometers near the volcano last week. The instruments send readings every second to the observatory. Officials said the network will give earlier warning of eruptions.`,
  6: `Orchard harvest breaks record\n\nApple growers in the valley picked 48,000 tonnes this autumn, the largest harvest on record. A warm spring and late rain helped the fruit. Prices fell as a result.`,
  7: `Ferry service adds night crossings\n\nThe island ferry will run two night crossings each weekend from June. The operator said demand from festival visitors justified the extra sailings. Tickets go on sale on Friday.`,
};

const TSX = join(PROJECT_ROOT, "node_modules/tsx/dist/esm/index.mjs");
const INJECT = join(PROJECT_ROOT, "test/faults/inject.mjs");
const SEED_QUESTION = "How many countries abstained in the UN vote?";
/** STORIES[5] answers it; the seeds do not. */
const NEW_QUESTION = "How many seismometers were installed near the volcano?";

export interface Proc {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const temps: string[] = [];
export function cleanup(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "verbatim-faults-"));
  temps.push(dir);
  return dir;
}

/** A copy of the committed corpus plus an inbox of new stories. */
export function freshCorpus(): { corpus: string; inbox: string } {
  const root = tempDir();
  const corpus = join(root, "corpus");
  mkdirSync(corpus);
  for (const name of ["articles", "generations", "CURRENT"]) cpSync(join(PROJECT_ROOT, "corpus", name), join(corpus, name), { recursive: true });
  const inbox = join(root, "inbox");
  mkdirSync(inbox);
  for (const [i, text] of Object.entries(STORIES)) writeFileSync(join(inbox, `story-${i}.txt`), text);
  return { corpus, inbox };
}

function run(args: string[], env: Record<string, string>, options: { preload?: boolean; timeoutMs?: number } = {}): Promise<Proc> {
  return new Promise((resolve) => {
    const imports = ["--import", TSX, ...(options.preload ? ["--import", INJECT] : [])];
    const proc = spawn(process.execPath, [...imports, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, VERBATIM_EMBEDDING_CACHE: "off", VERBATIM_EMBEDDER: "none", FORCE_COLOR: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (d) => (stdout += d));
    proc.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => proc.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    proc.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** `npm run ingest -- …` as a child process; `fault` env (FAULT_KILL_ON, FAULT_ENOSPC_ON) turns on the injector. */
export function ingest(corpus: string, args: string[], fault: Record<string, string> = {}, env: Record<string, string> = {}): Promise<Proc> {
  return run(["src/cli/ingest.ts", ...args], { VERBATIM_CORPUS_DIR: corpus, ...fault, ...env }, { preload: Object.keys(fault).length > 0 });
}

export function buildIndex(corpus: string, env: Record<string, string> = {}): Promise<Proc> {
  return run(["src/cli/build-index.ts"], { VERBATIM_CORPUS_DIR: corpus, ...env });
}

export interface Served {
  started: boolean;
  /** Why it did not start (its own message), when it did not. */
  refusal?: string;
  health?: { status: string; articles: number; corpus: { generation: string; reason?: string }; pending?: { added: number; removed: number; command: string } };
  /** Answered the seed question (with citations), and whether it answered the new story's. */
  answersSeeds?: boolean;
  answersNew?: boolean;
  log: string;
}

let mode: "process" | "in-process" = "process";
/**
 * "in-process": servers are started in this process with the same start-up
 * path (loadEngine + createApp), faster; scenarios that matter most still
 * start a real server process. `npm run faults` uses real processes throughout.
 */
export function setServeMode(next: typeof mode): void {
  mode = next;
}

async function serveInProcess(corpus: string, env: Record<string, string>): Promise<Served> {
  const [{ loadEngine }, { createApp }, { corpusPaths }] = await Promise.all([
    import("../../src/node/load-engine.js"),
    import("../../src/http/app.js"),
    import("../../src/node/corpus-files.js"),
  ]);
  let log = "";
  try {
    const engine = await loadEngine({ paths: corpusPaths(corpus), embedder: { name: env.VERBATIM_EMBEDDER ?? "none" } as never, log: (line) => (log += line + "\n") });
    const app = createApp({ getEngine: () => engine, env: { RATE_LIMIT_PER_MIN: "0" }, log: () => {} });
    const ask = async (question: string) => {
      const body = await (await app.request("/api/answer", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question }) })).json();
      return !body.abstained && body.citations.length > 0;
    };
    const health = await (await app.request("/api/health")).json();
    return { started: true, health, answersSeeds: await ask(SEED_QUESTION), answersNew: await ask(NEW_QUESTION), log };
  } catch (error) {
    return { started: false, refusal: (error as Error).message, log };
  }
}

/** Starts the Node server on the corpus, asks it two questions, stops it. */
export function serve(corpus: string, env: Record<string, string> = {}, options: { real?: boolean } = {}): Promise<Served> {
  if (mode === "in-process" && !options.real) return serveInProcess(corpus, env);
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ["--import", TSX, "src/server/node.ts"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, VERBATIM_CORPUS_DIR: corpus, VERBATIM_EMBEDDER: "none", PORT: "0", HOST: "127.0.0.1", RATE_LIMIT_PER_MIN: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    let done = false;
    const timer = setTimeout(() => proc.kill("SIGKILL"), 120_000);
    const finish = (result: Omit<Served, "log">) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      proc.kill("SIGTERM");
      proc.on("close", () => resolve({ ...result, log }));
      if (proc.exitCode !== null || proc.signalCode !== null) resolve({ ...result, log });
    };
    proc.stderr.on("data", (d) => (log += d));
    let asked = false;
    proc.stdout.on("data", async (d) => {
      log += d;
      const m = /Verbatim on http:\/\/localhost:(\d+)/.exec(log);
      if (!m || done || asked) return;
      asked = true;
      const origin = `http://127.0.0.1:${m[1]}`;
      try {
        const health = await (await fetch(`${origin}/api/health`)).json();
        const ask = async (question: string) => {
          const body = await (await fetch(`${origin}/api/answer`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question }) })).json();
          return !body.abstained && body.citations.length > 0;
        };
        finish({ started: true, health, answersSeeds: await ask(SEED_QUESTION), answersNew: await ask(NEW_QUESTION) });
      } catch (error) {
        finish({ started: true, refusal: `requests failed: ${(error as Error).message}` });
      }
    });
    proc.on("close", () => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        const m = /could not start: (.*)/.exec(log);
        resolve({ started: false, refusal: m ? m[1] : log.trim().split("\n").pop(), log });
      }
    });
  });
}

// ------------------------------------------------------------ scenarios

export interface Outcome {
  fault: string;
  /** What happened, as the table shows it. */
  outcome: string;
  /** "last good state", "refuses naming the file", or "serves damaged data" / "unexpected". */
  verdict: "last good state" | "refuses naming the file" | "serves damaged data" | "unexpected";
  served?: Served;
  details: string[];
}

let template: Promise<string> | null = null;

/**
 * Seeds (generation 1) + story 5 (generation 2, USE-lite vectors, so every
 * index file has bytes to damage): built once with the default model, copied
 * per scenario.
 */
async function twoGenerations(): Promise<{ corpus: string; inbox: string; gen2: string }> {
  template ??= (async () => {
    const c = freshCorpus();
    const r = await ingest(c.corpus, [join(c.inbox, "story-5.txt")], {}, { VERBATIM_EMBEDDER: "use-lite" });
    if (r.code !== 0) throw new Error(`setup ingest failed: ${r.stderr}`);
    return c.corpus;
  })();
  const source = await template;
  const c = freshCorpus();
  rmSync(c.corpus, { recursive: true });
  cpSync(source, c.corpus, { recursive: true });
  return { ...c, gen2: join(c.corpus, "generations/000002") };
}

const gen = (corpus: string, n: number) => join(corpus, "generations", String(n).padStart(6, "0"));

function flipByte(file: string, at = 0.5): void {
  const bytes = readFileSync(file);
  const i = Math.floor(bytes.length * at);
  bytes[i] ^= 0x20;
  writeFileSync(file, bytes);
}

function truncateBy(file: string, fraction: number): void {
  const size = readFileSync(file).length;
  truncateSync(file, Math.floor(size * (1 - fraction)));
}

function describe(s: Served): string {
  if (!s.started) return `refuses to start: "${s.refusal}"`;
  const h = s.health!;
  const parts = [`starts on generation ${h.corpus.generation} (${h.articles} articles)`];
  if (h.status === "degraded") parts.push(`\`degraded\` in /api/health and the log: ${h.corpus.reason?.split("; serving")[0]}`);
  if (h.pending) parts.push(`${h.pending.added} article(s) \`pending\` (\`${h.pending.command}\`)`);
  parts.push(s.answersSeeds ? "answers" : "DOES NOT ANSWER the seed question");
  return parts.join("; ");
}

interface Expect {
  generation?: string;
  articles?: number;
  degraded?: boolean;
  pending?: number;
  answersNew?: boolean;
  /** Must refuse, naming this file (a path suffix). */
  refusesNaming?: string;
  /** The generation whose files were damaged: serving it is serving damaged data. */
  damaged?: string;
}

function judge(fault: string, served: Served, expect: Expect, extra: string[] = []): Outcome {
  const details: string[] = [];
  let verdict: Outcome["verdict"];
  if (expect.refusesNaming) {
    const names = !served.started && served.refusal?.includes(expect.refusesNaming) && /npm run (build:index|ingest)/.test(served.refusal ?? "");
    verdict = names ? "refuses naming the file" : served.started && served.health?.corpus.generation === expect.damaged ? "serves damaged data" : "unexpected";
    if (!names) details.push(`expected a refusal naming ${expect.refusesNaming}`);
  } else if (!served.started) {
    verdict = "unexpected";
    details.push(`did not start: ${served.refusal}`);
  } else {
    const h = served.health!;
    if (expect.damaged && h.corpus.generation === expect.damaged) verdict = "serves damaged data";
    else {
      const checks: [boolean, string][] = [
        [expect.generation === undefined || h.corpus.generation === expect.generation, `generation ${h.corpus.generation}, expected ${expect.generation}`],
        [expect.articles === undefined || h.articles === expect.articles, `${h.articles} articles, expected ${expect.articles}`],
        [expect.degraded === undefined || (h.status === "degraded") === expect.degraded, `status ${h.status}`],
        [expect.pending === undefined || (h.pending?.added ?? 0) + (h.pending?.removed ?? 0) === expect.pending, `pending ${JSON.stringify(h.pending)}, expected ${expect.pending}`],
        [served.answersSeeds === true, "did not answer the seed question"],
        [expect.answersNew === undefined || served.answersNew === expect.answersNew, `answersNew ${served.answersNew}, expected ${expect.answersNew}`],
      ];
      const failed = checks.filter(([ok]) => !ok).map(([, why]) => why);
      details.push(...failed);
      verdict = failed.length ? "unexpected" : "last good state";
    }
  }
  const outcome = [describe(served), ...extra].join("; ");
  return { fault, outcome, verdict, served, details };
}

export interface Scenario {
  fault: string;
  /** Uses the real default embedder (slower). */
  model?: boolean;
  run(): Promise<Outcome>;
}

const story = (inbox: string, i: number) => join(inbox, `story-${i}.txt`);

/** An ingest of stories 5 and 6 killed at the event matching `killOn`; then the server. */
function killedIngest(fault: string, killOn: string, expect: Expect, options: { nth?: number; env?: Record<string, string>; thenBuild?: boolean; real?: boolean } = {}): Scenario {
  return {
    fault,
    model: options.env?.VERBATIM_EMBEDDER !== undefined,
    async run() {
      const { corpus, inbox } = freshCorpus();
      const r = await ingest(corpus, [story(inbox, 5), story(inbox, 6)], { FAULT_KILL_ON: killOn, FAULT_KILL_NTH: String(options.nth ?? 1) }, options.env ?? {});
      const extra: string[] = [];
      if (r.signal !== "SIGKILL") extra.push(`NOT KILLED (exit ${r.code}): ${r.stderr.slice(-300)}`);
      const served = await serve(corpus, options.env ?? {}, { real: options.real });
      const outcome = judge(fault, served, expect, extra);
      if (options.thenBuild) {
        const b = await buildIndex(corpus);
        const after = await serve(corpus);
        outcome.outcome += b.code === 0 && after.answersNew ? "; `npm run build:index` then indexes the pending articles" : `; build:index FAILED: ${b.stderr.slice(-200)}`;
        if (b.code !== 0 || !after.answersNew) outcome.verdict = "unexpected";
      }
      if (outcome.verdict === "last good state" && r.signal !== "SIGKILL") outcome.verdict = "unexpected";
      return outcome;
    },
  };
}

/** Damage a file of generation 2 (seeds + story 5); the server must fall back to generation 1. */
function damagedGeneration(fault: string, file: string, damage: (path: string) => void, real = false): Scenario {
  return {
    fault,
    async run() {
      const { corpus, gen2 } = await twoGenerations();
      const target = file === "article" ? join(gen2, "articles", readdirSync(join(gen2, "articles"))[0]) : join(gen2, file);
      damage(target);
      const served = await serve(corpus, {}, { real });
      // Story 5 is in the working set but not in generation 1: pending.
      const outcome = judge(fault, served, { generation: "000001", articles: 5, degraded: true, pending: 1, answersNew: false, damaged: "000002" });
      if (served.started && !served.health!.corpus.reason?.includes(basename(target))) {
        outcome.verdict = "unexpected";
        outcome.details.push(`reason does not name ${basename(target)}: ${served.health!.corpus.reason}`);
      }
      if (served.started && !/WARNING: .*serving generation 000001/.test(served.log)) {
        outcome.verdict = "unexpected";
        outcome.details.push("no warning in the log");
      }
      return outcome;
    },
  };
}

/** Damage a file of the only generation: the server must refuse, naming it. */
function damagedOnlyGeneration(fault: string, file: string, damage: (path: string) => void, real = false): Scenario {
  return {
    fault,
    async run() {
      const { corpus } = freshCorpus();
      const target = file === "article" ? join(gen(corpus, 1), "articles", readdirSync(join(gen(corpus, 1), "articles"))[0]) : join(gen(corpus, 1), file);
      damage(target);
      const served = await serve(corpus, {}, { real });
      const outcome = judge(fault, served, { refusesNaming: `generations/000001/${file === "article" ? `articles/${basename(target)}` : file}`, damaged: "000001" });
      // The repair command named in the refusal works.
      const b = await buildIndex(corpus);
      const after = await serve(corpus);
      outcome.outcome += b.code === 0 && after.started && after.answersSeeds ? "; `npm run build:index` repairs it" : `; REPAIR FAILED: ${b.stderr.slice(-200)}`;
      if (b.code !== 0 || !after.answersSeeds) outcome.verdict = "unexpected";
      return outcome;
    },
  };
}

export function scenarios(): Scenario[] {
  const list: Scenario[] = [
    killedIngest("ingest killed while reading its input files", "^read .*inbox/story-6", { generation: "000001", articles: 5, degraded: false, pending: 0 }),
    killedIngest("ingest killed while writing article records (one half-written)", "^write .*articles/[0-9a-f]{16}\\.json\\.tmp-", { generation: "000001", articles: 5, degraded: false, pending: 1 }, { nth: 2 }),
    killedIngest(
      "ingest killed while embedding (default model, USE-lite)",
      "^log embedding:",
      { generation: "000001", articles: 5, degraded: false, pending: 2, answersNew: false },
      { env: { VERBATIM_EMBEDDER: "use-lite" }, thenBuild: true, real: true },
    ),
    killedIngest("ingest killed while writing the index (orama.json half-written)", "^write .*generations/000002\\.tmp-.*/orama\\.json", { generation: "000001", articles: 5, pending: 2, answersNew: false }, { real: true }),
    killedIngest("ingest killed while switching (generation complete, CURRENT not yet replaced)", "^rename .*CURRENT\\.tmp-", { generation: "000001", articles: 5, pending: 2, answersNew: false }, { thenBuild: true }),
    killedIngest("ingest killed right after switching (before pruning)", "^log switched to generation", { generation: "000002", articles: 7, degraded: false, pending: 0, answersNew: true }),
  ];
  for (const file of ["vectors.bin", "orama.json", "chunks.json", "manifest.json", "GENERATION.json", "article"]) {
    const label = file === "article" ? "an article file of the generation" : file;
    list.push(damagedGeneration(`${label} truncated (a tenth cut off)`, file, (p) => truncateBy(p, 0.1), file === "vectors.bin"));
    list.push(damagedGeneration(`${label}: one byte flipped`, file, (p) => flipByte(p)));
  }
  list.push(damagedGeneration("vectors.bin truncated by 56%", "vectors.bin", (p) => truncateBy(p, 0.56)));
  list.push(damagedGeneration("orama.json cut in half", "orama.json", (p) => truncateBy(p, 0.5)));
  list.push(damagedGeneration("orama.json deleted", "orama.json", (p) => rmSync(p)));
  list.push(damagedOnlyGeneration("vectors.bin truncated by 1,000 bytes, no older generation", "vectors.bin", (p) => truncateSync(p, readFileSync(p).length - 1000), true));
  list.push(damagedOnlyGeneration("orama.json cut in half, no older generation", "orama.json", (p) => truncateBy(p, 0.5)));
  list.push(damagedOnlyGeneration("an article file cut short, no older generation", "article", (p) => truncateBy(p, 0.3)));
  list.push({
    fault: "a working-set article (corpus/articles) cut short",
    async run() {
      const { corpus, inbox } = freshCorpus();
      const victim = join(corpus, "articles", readdirSync(join(corpus, "articles"))[0]);
      truncateBy(victim, 0.3);
      const served = await serve(corpus);
      const outcome = judge("working-set article cut short", served, { generation: "000001", articles: 5, degraded: false });
      const r = await ingest(corpus, [story(inbox, 5)]);
      const after = await serve(corpus);
      const restored = r.code === 0 && /restored it from/.test(r.stderr) && after.health?.articles === 6;
      outcome.outcome += restored ? "; the next ingest restores it from the generation's verified copy (and says so)" : `; NOT RESTORED: ${r.stderr.slice(-300)}`;
      if (!restored) outcome.verdict = "unexpected";
      return { ...outcome, fault: this.fault };
    },
  });
  list.push({
    fault: "CURRENT deleted",
    async run() {
      const { corpus } = await twoGenerations();
      rmSync(join(corpus, "CURRENT"));
      const served = await serve(corpus);
      return judge(this.fault, served, { generation: "000002", articles: 6, degraded: true });
    },
  });
  list.push({
    fault: "two ingests of different stories at once",
    async run() {
      const { corpus, inbox } = freshCorpus();
      // Each pauses 3 s once it holds the lock (as a long embedding would), so the two surely overlap.
      const slow = { FAULT_PAUSE_ON: "^log reading" };
      const [a, b] = await Promise.all([ingest(corpus, [story(inbox, 5)], slow), ingest(corpus, [story(inbox, 6), story(inbox, 7)], slow)]);
      const waited = /waiting for pid \d+/.test(a.stderr + b.stderr);
      const served = await serve(corpus, {}, { real: true });
      const extra = [a.code === 0 && b.code === 0 ? `both succeed${waited ? ", the second waits for the first's lock" : ""}` : `FAILED: ${a.stderr}${b.stderr}`];
      const outcome = judge(this.fault, served, { articles: 8, degraded: false, pending: 0, answersNew: true }, extra);
      if (a.code !== 0 || b.code !== 0 || !waited) outcome.verdict = "unexpected";
      return outcome;
    },
  });
  list.push({
    fault: "an ingest while another writer holds the lock, VERBATIM_LOCK_WAIT_MS=0",
    async run() {
      const { corpus, inbox } = freshCorpus();
      writeFileSync(join(corpus, ".lock"), JSON.stringify({ pid: process.pid, host: (await import("node:os")).hostname(), command: "npm run ingest", since: new Date().toISOString() }));
      const r = await ingest(corpus, [story(inbox, 5)], {}, { VERBATIM_LOCK_WAIT_MS: "0" });
      rmSync(join(corpus, ".lock"));
      const failsFast = r.code !== 0 && new RegExp(`another writer holds .*\\.lock: pid ${process.pid}`).test(r.stderr);
      const served = await serve(corpus);
      const outcome = judge(this.fault, served, { generation: "000001", articles: 5, pending: 0 }, [failsFast ? "fails at once naming the lock and its pid, writes nothing" : `DID NOT FAIL FAST: ${r.stderr}`]);
      if (!failsFast) outcome.verdict = "unexpected";
      return outcome;
    },
  });
  list.push({
    fault: "a stale lock (its writer was killed)",
    async run() {
      const { corpus, inbox } = freshCorpus();
      const dead = await run(["-e", "console.log(process.pid)"], {});
      writeFileSync(join(corpus, ".lock"), JSON.stringify({ pid: Number(dead.stdout.trim()), host: (await import("node:os")).hostname(), command: "npm run ingest", since: "earlier" }));
      const r = await ingest(corpus, [story(inbox, 5)]);
      const recovered = r.code === 0 && /removed a stale lock/.test(r.stderr) && !existsSync(join(corpus, ".lock"));
      const served = await serve(corpus);
      const outcome = judge(this.fault, served, { generation: "000002", articles: 6, answersNew: true }, [recovered ? "the next ingest removes it (and says so) and runs" : `NOT RECOVERED: ${r.stderr}`]);
      if (!recovered) outcome.verdict = "unexpected";
      return outcome;
    },
  });
  for (const [what, pattern] of [
    ["the index", "generations/000002\\.tmp-.*/orama\\.json"],
    ["an article record", "articles/[0-9a-f]{16}\\.json\\.tmp-"],
  ] as const)
    list.push({
      fault: `disk full (ENOSPC) while writing ${what}`,
      async run() {
        const { corpus, inbox } = freshCorpus();
        const r = await ingest(corpus, [story(inbox, 5)], { FAULT_ENOSPC_ON: pattern });
        const clean = !readdirSync(join(corpus, "generations")).some((n) => n.includes(".tmp-")) && !readdirSync(join(corpus, "articles")).some((n) => n.includes(".tmp-"));
        const said = r.code === 1 && /ENOSPC/.test(r.stderr);
        const served = await serve(corpus);
        const outcome = judge(this.fault, served, { generation: "000001", articles: 5, degraded: false }, [
          said ? `ingest fails with exit 1 naming ENOSPC${clean ? ", leaves no partial files" : ", LEAVES PARTIAL FILES"}` : `UNEXPECTED INGEST RESULT ${r.code}: ${r.stderr.slice(-300)}`,
        ]);
        if (!said || !clean) outcome.verdict = "unexpected";
        return outcome;
      },
    });
  list.push({
    fault: "a corpus in the layout before generations (corpus/index/)",
    async run() {
      const { corpus } = freshCorpus();
      cpSync(gen(corpus, 1), join(corpus, "index"), { recursive: true });
      // Every sentence and passage has a vector; the migration must reuse them all.
      const manifest = JSON.parse(readFileSync(join(corpus, "index/manifest.json"), "utf8"));
      const vectors = manifest.sentences + manifest.passages;
      rmSync(join(corpus, "index/articles"), { recursive: true });
      rmSync(join(corpus, "index/GENERATION.json"));
      rmSync(join(corpus, "generations"), { recursive: true });
      rmSync(join(corpus, "CURRENT"));
      const served = await serve(corpus);
      const outcome = judge(this.fault, served, { refusesNaming: "index" });
      const b = await buildIndex(corpus, { VERBATIM_EMBEDDER: "use-lite" });
      const after = await serve(corpus);
      const migrated = b.code === 0 && b.stdout.includes(`${vectors} from the previous index, 0 embedded`) && after.started && !existsSync(join(corpus, "index"));
      outcome.outcome += migrated ? `; \`npm run build:index\` migrates it, reusing all ${vectors} vectors` : `; MIGRATION FAILED: ${b.stdout.slice(-300)} ${b.stderr.slice(-300)}`;
      if (!migrated) outcome.verdict = "unexpected";
      return outcome;
    },
    model: true,
  });
  return list;
}
