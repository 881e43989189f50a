/**
 * The embeddable widget (web/embed.js) end to end across origins: the real Verbatim
 * server on one origin, publishers' pages served by tiny node:http servers on others
 * (another port is another origin), driven in the system Chromium. One publisher is in
 * CORS_ORIGINS and gets answers; another is not and gets a clean error.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { artifactPath, horizontalOverflow, openPage, skipBrowserSuite, startServerAndBrowser, type RunningServer, type TestPage } from "./helpers.js";

const UN_QUESTION = "How many countries abstained in the UN vote?";
const UN_ANSWER = /32 abstentions|31 other countries/;
const OFF_TOPIC = "What is the capital of Australia?";

/** A publisher's site: each path is a page; the CSP is what docs/widget.md tells publishers to add. */
async function startPublisher(pages: (verbatim: string) => Record<string, string>, verbatim: () => string) {
  const server = http.createServer((req, res) => {
    const html = pages(verbatim())[new URL(req.url ?? "/", "http://x").pathname];
    if (!html) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      "content-type": req.url?.endsWith(".css") ? "text/css" : "text/html; charset=utf-8",
      "content-security-policy": `default-src 'self'; script-src 'self' ${verbatim()}; connect-src 'self' ${verbatim()}; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'`,
    });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Host styles that would leak into a widget without a shadow root, and host elements the widget's styles must not reach. */
const HOST_CSS = `
  p, li, button, input, h2 { color: rgb(255, 0, 0) !important; font-family: "Comic Sans MS", cursive !important; }
  verbatim-ask { font-family: cursive; color: rgb(255, 0, 0); }
`;

function storyPage(verbatim: string, article: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>A story</title><link rel="stylesheet" href="/host.css"></head>
<body><article><h1>The story</h1><p class="bubble cite" id="host-text">The publisher's own text.</p>
<script src="${verbatim}/embed.js" data-article="${article}" defer></script></article></body></html>`;
}

describe.skipIf(skipBrowserSuite)("the widget on publishers' pages", { timeout: 90_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let verbatim = "";
  let article = "";
  const pages = (v: string) => ({
    "/story": storyPage(v, article),
    "/host.css": HOST_CSS,
    "/two": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Two stories</title></head>
<body><h2>One</h2><script src="${v}/embed.js" data-article="${article}" defer></script>
<h2>Two</h2><script src="${v}/embed.js" data-article="${article}" defer></script></body></html>`,
    "/archive": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Archive</title></head>
<body><h1>News</h1><verbatim-ask></verbatim-ask><script src="${v}/embed.js" defer></script></body></html>`,
  });
  let allowed: Awaited<ReturnType<typeof startPublisher>>;
  let refused: Awaited<ReturnType<typeof startPublisher>>;
  const open: TestPage[] = [];

  beforeAll(async () => {
    allowed = await startPublisher(pages, () => verbatim);
    refused = await startPublisher(pages, () => verbatim);
    ({ server, browser } = await startServerAndBrowser({ env: { CORS_ORIGINS: allowed.origin } }));
    verbatim = server.baseUrl;
    // The story the widget is about: the one that answers the UN question.
    const res = await fetch(`${verbatim}/api/answer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: UN_QUESTION }),
    });
    article = (await res.json()).citations[0].articleId;
  }, 150_000);

  afterAll(async () => {
    for (const p of open) await p.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
    await allowed?.close();
    await refused?.close();
  }, 30_000);

  async function page(options: Parameters<typeof openPage>[1] = {}) {
    const tp = await openPage(browser, options);
    open.push(tp);
    return tp;
  }

  /** A publisher's page, once its widget's question box is there. */
  async function visit(url: string, options: Parameters<typeof openPage>[1] = {}) {
    const tp = await page(options);
    await tp.page.goto(url);
    const widget = tp.page.locator("verbatim-ask");
    await widget.getByTestId("question").last().waitFor();
    return { tp, p: tp.page, widget };
  }

  /** Type into the widget's box and press Enter; the API's response. */
  async function askWidget(p: Page, question: string) {
    const widget = p.locator("verbatim-ask");
    const count = await widget.getByTestId("answer").count();
    await widget.getByTestId("question").fill(question);
    const response = p.waitForResponse((r) => r.url() === `${verbatim}/api/answer` && r.request().method() === "POST", { timeout: 30_000 });
    await widget.getByTestId("question").press("Enter");
    const res = await response;
    await widget.getByTestId("answer").nth(count).waitFor({ state: "visible", timeout: 15_000 });
    return { res, body: await res.json(), request: res.request().postDataJSON(), answer: widget.getByTestId("answer").nth(count) };
  }

  /** The id of the element focused inside the widget's shadow root. */
  const focusedInWidget = (p: Page) =>
    p.evaluate(() => {
      const host = document.activeElement;
      return host?.localName === "verbatim-ask" ? (host.shadowRoot?.activeElement?.getAttribute("data-testid") ?? null) : null;
    });

  test("the widget's files are served for other origins; the API answers an allowed origin and refuses another cleanly", async () => {
    const script = await fetch(`${verbatim}/embed.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(script.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    for (const path of ["/js/widget.js", "/js/answer.js", "/styles.css", "/widget.css"]) {
      const res = await fetch(verbatim + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("access-control-allow-origin"), path).toBe("*");
    }
    // The chat page itself stays same-origin only.
    expect((await fetch(`${verbatim}/`)).headers.get("cross-origin-resource-policy")).toBe("same-origin");

    const ask = (origin: string, method = "POST") =>
      fetch(`${verbatim}/api/answer`, {
        method,
        headers:
          method === "POST"
            ? { origin, "content-type": "application/json" }
            : { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
        body: method === "POST" ? JSON.stringify({ question: UN_QUESTION, articleIds: [article] }) : undefined,
      });
    const ok = await ask(allowed.origin);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(allowed.origin);
    expect((await ask(allowed.origin, "OPTIONS")).headers.get("access-control-allow-origin")).toBe(allowed.origin);
    const no = await ask(refused.origin);
    expect(no.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await ask(refused.origin, "OPTIONS");
    expect(preflight.status).toBeLessThan(500);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("on an allowed publisher's story: keyboard question, scoped answer with citations, a citation opened in place and by its permalink", async () => {
    const { tp, p, widget } = await visit(`${allowed.origin}/story`);
    expect(await widget.getByRole("heading", { name: "Ask about this story" }).count()).toBe(1);
    expect(await widget.getByLabel("Your question about this story").count()).toBe(1);

    // Tab reaches the question box; Enter asks.
    await p.keyboard.press("Tab");
    expect(await focusedInWidget(p)).toBe("question");
    await p.keyboard.type(UN_QUESTION);
    const response = p.waitForResponse((r) => r.url() === `${verbatim}/api/answer` && r.request().method() === "POST");
    await p.keyboard.press("Enter");
    const res = await response;
    const body = await res.json();
    expect(res.request().postDataJSON()).toEqual({ question: UN_QUESTION, articleIds: [article] });
    expect(res.headers()["access-control-allow-origin"]).toBe(allowed.origin);
    const answer = widget.getByTestId("answer").first();
    await answer.waitFor({ state: "visible" });
    expect(body.abstained).toBe(false);
    expect(body.citations.length).toBeGreaterThan(0);
    expect(body.citations.every((c: { articleId: string }) => c.articleId === article)).toBe(true);
    expect(await answer.textContent()).toMatch(UN_ANSWER);
    expect(await answer.getByTestId("citation").count()).toBe(body.citations.length);
    // Screen readers hear the answer through the widget's live region.
    await expect.poll(() => widget.getByTestId("announcer").textContent()).toMatch(/^Answer: /);
    expect(await widget.getByTestId("announcer").getAttribute("aria-live")).toBe("polite");

    // A citation opens in place: the quote, the sentences around it, and its permalink.
    const first = body.citations[0];
    const marker = answer.getByTestId("citation").first();
    await marker.focus();
    await p.keyboard.press("Enter");
    const view = answer.getByTestId("citation-view");
    await view.waitFor({ state: "visible" });
    expect(await marker.getAttribute("aria-expanded")).toBe("true");
    expect(await focusedInWidget(p)).toBe("citation-view");
    expect(await view.getByTestId("quote").textContent()).toBe(first.quote);
    const detail = await (await fetch(`${verbatim}/api/citations/${first.id}`)).json();
    // The sentences around the quote arrive from GET /api/citations/:id.
    await expect.poll(() => view.getByTestId("citation-context").textContent()).toContain(detail.before.trim().slice(-30) || first.quote);
    const context = (await view.getByTestId("citation-context").textContent()) ?? "";
    expect(context).toContain(first.quote);
    if (detail.after.trim()) expect(context).toContain(detail.after.trim().slice(0, 30));
    const permalink = await view.getByTestId("permalink").getAttribute("href");
    expect(permalink).toBe(`${verbatim}/?c=${first.id}`);
    await p.screenshot({ path: artifactPath("widget-citation.png"), fullPage: true });
    await p.keyboard.press("Escape");
    await view.waitFor({ state: "detached" });
    expect(await focusedInWidget(p)).toBe("citation");

    // The permalink opens the chat on the Verbatim origin with the quote marked.
    const chat = await page();
    await chat.page.goto(permalink!);
    await expect.poll(() => chat.page.getByTestId("quote").textContent()).toBe(first.quote);

    // Isolation: the host's styles do not reach the widget's text, the widget's do not reach the host.
    const styles = await p.evaluate(() => {
      const root = document.querySelector("verbatim-ask")!.shadowRoot!;
      const text = getComputedStyle(root.querySelector(".answer-text")!);
      const host = getComputedStyle(document.getElementById("host-text")!);
      return { sheets: root.adoptedStyleSheets.length, color: text.color, font: text.fontFamily, hostPadding: host.paddingLeft, hostBorder: host.borderLeftStyle };
    });
    expect(styles.sheets).toBe(2); // styles.css and widget.css, under a host CSP without style-src for Verbatim
    expect(styles.color).not.toBe("rgb(255, 0, 0)");
    expect(styles.font).not.toMatch(/cursive|Comic/);
    expect(styles.hostPadding).toBe("0px");
    expect(styles.hostBorder).toBe("none");
    expect(tp.problems).toEqual([]);
    expect(tp.dialogs).toEqual([]);
  });

  test("an out-of-corpus question shows an abstention", async () => {
    const { tp, p, widget } = await visit(`${allowed.origin}/story`);
    const { body, answer } = await askWidget(p, OFF_TOPIC);
    expect(body.abstained).toBe(true);
    await answer.getByTestId("abstention").waitFor({ state: "visible" });
    expect(await answer.getByTestId("abstention").textContent()).toContain(body.answer);
    expect(await answer.getByTestId("citation").count()).toBe(0);
    await expect.poll(() => widget.getByTestId("announcer").textContent()).toMatch(/^No answer found/);
    expect(tp.problems).toEqual([]);
  });

  test("works at 360 px: no sideways scrolling before or after an answer", async () => {
    const { tp, p, widget } = await visit(`${allowed.origin}/story`, { viewport: { width: 360, height: 740 } });
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    const { body, answer } = await askWidget(p, UN_QUESTION);
    expect(body.abstained).toBe(false);
    await answer.getByTestId("citation").first().click();
    await answer.getByTestId("citation-view").waitFor({ state: "visible" });
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    const box = await widget.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    const ask = await widget.getByTestId("ask").boundingBox();
    expect(ask!.x + ask!.width).toBeLessThanOrEqual(360);
    await p.screenshot({ path: artifactPath("widget-360.png"), fullPage: true });
    expect(tp.problems).toEqual([]);
  });

  test("a <verbatim-ask> element without an article asks the whole archive", async () => {
    const { tp, p, widget } = await visit(`${allowed.origin}/archive`);
    expect(await p.locator("verbatim-ask").count()).toBe(1); // the page's own element, none added
    expect(await widget.getByRole("heading", { name: "Ask the news archive" }).count()).toBe(1);
    const { request, body, answer } = await askWidget(p, UN_QUESTION);
    expect(request).toEqual({ question: UN_QUESTION });
    expect(await answer.textContent()).toMatch(UN_ANSWER);
    expect(body.citations.length).toBeGreaterThan(0);
    expect(tp.problems).toEqual([]);
  });

  test("two scripts with articles give two boxes, each after its script", async () => {
    const { tp, p } = await visit(`${allowed.origin}/two`);
    await expect.poll(() => p.locator("verbatim-ask").count()).toBe(2);
    expect(await p.evaluate(() => Array.from(document.querySelectorAll("verbatim-ask")).map((box) => box.previousElementSibling?.localName))).toEqual([
      "script",
      "script",
    ]);
    expect(await p.locator("verbatim-ask").nth(1).getByRole("heading", { name: "Ask about this story" }).count()).toBe(1);
    expect(tp.problems).toEqual([]);
  });

  test("on a publisher not in CORS_ORIGINS the widget shows a clear error instead of hanging", async () => {
    const { tp, p, widget } = await visit(`${refused.origin}/story`);
    await widget.getByTestId("question").fill(UN_QUESTION);
    await widget.getByTestId("question").press("Enter");
    const error = widget.getByTestId("error");
    await error.waitFor({ state: "visible", timeout: 15_000 });
    expect(await error.getByRole("alert").textContent()).toMatch(/Couldn’t reach Verbatim from this page.*CORS_ORIGINS/);
    expect(await widget.getByTestId("thinking").count()).toBe(0);
    expect(await widget.getByRole("button", { name: "Try again" }).count()).toBe(1);
    await p.screenshot({ path: artifactPath("widget-refused.png") });
    expect(tp.problems).toEqual([]);
  });
});
