/**
 * Browser-test helpers: start the real Verbatim server as a child process,
 * launch the system Chromium through playwright-core, and open pages that run
 * under a strict Content-Security-Policy.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page, type Response } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ARTIFACTS = path.join(ROOT, "test", "artifacts");

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM_PATH);
/** Skip only on a developer machine without Chromium; in CI the suite must run (and fail loudly). */
export const skipBrowserSuite = !hasChromium && !process.env.CI;

/** The CSP the page must work under; added to the document when the server sends none. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  baseUrl: string;
  /** stdout+stderr of the server so far (last 20 kB), for failure messages */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Start `npx tsx src/server/node.ts` on a free port with rate limiting off and
 * wait until GET /api/health answers 200. Set VERBATIM_BASE_URL to test an
 * already running server instead.
 */
export async function startServer(options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const external = process.env.VERBATIM_BASE_URL;
  if (external) {
    const baseUrl = external.replace(/\/+$/, "");
    await waitForHealth([baseUrl], options.timeoutMs ?? 30_000, () => null);
    return { baseUrl, output: () => "", stop: async () => {} };
  }

  const port = await freePort();
  let log = "";
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-20_000);
  };
  const child: ChildProcess = spawn("npx", ["tsx", "src/server/node.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), RATE_LIMIT_PER_MIN: "0", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group, so stop() also ends tsx's node child
  });
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      resolve();
    });
    child.on("error", (err) => {
      append(Buffer.from(`\nspawn error: ${err.message}\n`));
      exit = { code: -1, signal: null };
      resolve();
    });
  });

  const killGroup = (signal: NodeJS.Signals) => {
    if (exit || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        /* already gone */
      }
    }
  };
  const stop = async () => {
    if (exit) return;
    killGroup("SIGTERM");
    const done = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!done) {
      killGroup("SIGKILL");
      await Promise.race([exited, sleep(2_000)]);
    }
  };

  try {
    const baseUrl = await waitForHealth(
      [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
      options.timeoutMs ?? 90_000,
      () => (exit ? `server exited early (code ${exit.code}, signal ${exit.signal})` : null),
    );
    return { baseUrl, output: () => log, stop };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- server output ---\n${log}`);
  }
}

async function waitForHealth(candidates: string[], timeoutMs: number, failure: () => string | null): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const why = failure();
    if (why) throw new Error(why);
    for (const base of candidates) {
      try {
        const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return base;
        last = `GET ${base}/api/health -> ${res.status}`;
      } catch (err) {
        last = `GET ${base}/api/health -> ${(err as Error).message}`;
      }
    }
    await sleep(250);
  }
  throw new Error(`server did not become healthy within ${timeoutMs} ms (${last})`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Start the server and Chromium at once; when either fails, stop the other and throw. */
export async function startServerAndBrowser(
  options: Parameters<typeof startServer>[0] = {},
): Promise<{ server: RunningServer; browser: Browser }> {
  const [s, b] = await Promise.allSettled([startServer(options), launchBrowser()]);
  if (s.status === "fulfilled" && b.status === "fulfilled") return { server: s.value, browser: b.value };
  if (s.status === "fulfilled") await s.value.stop();
  if (b.status === "fulfilled") await b.value.close().catch(() => {});
  throw s.status === "rejected" ? s.reason : (b as PromiseRejectedResult).reason;
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** uncaught page errors and CSP violations */
  problems: string[];
  /** alert/confirm/prompt dialogs that fired */
  dialogs: string[];
  close(): Promise<void>;
}

/**
 * A fresh context + page. The document is served under STRICT_CSP unless the
 * server sends its own CSP; page errors, CSP violations and dialogs are recorded.
 */
export async function openPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; colorScheme?: "light" | "dark"; permissions?: string[]; baseUrl?: string } = {},
): Promise<TestPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? "light",
    reducedMotion: "reduce",
    deviceScaleFactor: 1,
  });
  if (options.permissions && options.baseUrl) {
    await context.grantPermissions(options.permissions, { origin: options.baseUrl });
  }
  await context.route(
    (url) => url.pathname === "/" || url.pathname === "/index.html",
    async (route) => {
      if (route.request().resourceType() !== "document") return route.continue();
      const response = await route.fetch();
      const headers = response.headers();
      if (!headers["content-security-policy"]) headers["content-security-policy"] = STRICT_CSP;
      await route.fulfill({ response, headers });
    },
  );
  const page = await context.newPage();
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to (apply|execute|load|evaluate|connect)/i.test(text)) problems.push(`csp: ${text}`);
  });
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  return { context, page, problems, dialogs, close: () => context.close() };
}

export interface Asked {
  /** the JSON body the page sent */
  request: { question: string; history?: { role: string; content: string }[] };
  /** the server's JSON answer */
  body: {
    question: string;
    answer: string;
    abstained: boolean;
    abstainReason?: string;
    citations: { n: number; id: string; articleId: string; title: string; quote: string; start: number; end: number; alsoIn?: unknown[] }[];
  };
  /** index of the new assistant message among [data-testid=answer] */
  index: number;
}

/** Type a question, press Enter, and wait for the new assistant message. */
export async function ask(page: Page, question: string, { typeSlowly = false } = {}): Promise<Asked> {
  const index = await page.getByTestId("answer").count();
  const box = page.getByTestId("question");
  if (typeSlowly) {
    await box.click();
    await box.pressSequentially(question);
  } else {
    await box.fill(question);
  }
  const responseP: Promise<Response> = page.waitForResponse(
    (r) => new URL(r.url()).pathname === "/api/answer" && r.request().method() === "POST",
    { timeout: 30_000 },
  );
  await box.press("Enter");
  const response = await responseP;
  const body = await response.json();
  await page.getByTestId("answer").nth(index).waitFor({ state: "visible", timeout: 15_000 });
  return { request: response.request().postDataJSON(), body, index };
}

/** Has the page any horizontal overflow? */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    return Math.max(doc.scrollWidth, document.body.scrollWidth) - doc.clientWidth;
  });
}
