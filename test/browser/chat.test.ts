/**
 * End-to-end tests of the web chat (web/) against the real server, driven by
 * the system Chromium through playwright-core.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  ROOT,
  artifactPath,
  ask,
  horizontalOverflow,
  launchBrowser,
  openPage,
  skipBrowserSuite,
  startServer,
  type RunningServer,
  type TestPage,
} from "./helpers.js";

const UN_QUESTION = "How many countries abstained in the UN vote?";
const UN_ANSWER = /32 abstentions|31 other countries/;
const FOLLOW_UP = "Which country tried and failed to amend it?";
const OFF_TOPIC = "What is the capital of Australia?";
const XSS = "<img src=x onerror=alert(1)>";

describe.skipIf(skipBrowserSuite)("web chat in a browser", { timeout: 60_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let base: string;
  const open: TestPage[] = [];

  beforeAll(async () => {
    // Start both at once, but keep whichever started so afterAll can stop it
    // even when the other one failed.
    const [s, b] = await Promise.allSettled([startServer(), launchBrowser()]);
    if (s.status === "fulfilled") server = s.value;
    if (b.status === "fulfilled") browser = b.value;
    if (s.status === "rejected") throw s.reason;
    if (b.status === "rejected") throw b.reason;
    base = server.baseUrl;
  }, 150_000);

  afterAll(async () => {
    for (const p of open) await p.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  }, 30_000);

  async function page(options: Parameters<typeof openPage>[1] = {}): Promise<TestPage> {
    const tp = await openPage(browser, options);
    open.push(tp);
    return tp;
  }

  /** After each scenario: no uncaught errors, no CSP violations, no dialogs. */
  function expectClean(tp: TestPage) {
    expect(tp.problems).toEqual([]);
    expect(tp.dialogs).toEqual([]);
  }

  const activeTestId = (p: Page) => p.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);

  test("the page and its files carry the security headers; the Workers header rules (web/_headers) are not served", async () => {
    for (const path of ["/", "/app.js", "/styles.css"]) {
      const res = await fetch(base + path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
    const rules = await fetch(base + "/_headers");
    expect(rules.status).toBe(404);
    expect(await rules.json()).toMatchObject({ error: { code: "not_found" } });
  });

  test("answers a typed question with cited sentences; a citation opens the article with the quote marked", async () => {
    const tp = await page({ permissions: ["clipboard-read", "clipboard-write"], baseUrl: base });
    const p = tp.page;
    await p.goto(`${base}/`);
    await p.getByTestId("question").waitFor();
    expect(await activeTestId(p)).toBe("question");
    expect(await p.locator("[aria-live=polite]").count()).toBeGreaterThan(0);
    expect(await p.getByLabel("Your question").getAttribute("data-testid")).toBe("question");

    const { request, body, index } = await ask(p, UN_QUESTION, { typeSlowly: true });
    expect(request.question).toBe(UN_QUESTION);
    expect(request.history ?? []).toEqual([]);
    expect(body.abstained).toBe(false);

    const message = p.getByTestId("answer").nth(index);
    const text = (await message.textContent()) ?? "";
    expect(text).toMatch(UN_ANSWER);
    // Focus stays in the question box, which is emptied for the next question.
    expect(await activeTestId(p)).toBe("question");
    expect(await p.getByTestId("question").inputValue()).toBe("");

    // One marker button per [n] in the answer text, and a numbered source list.
    const markers = [...body.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(markers.length).toBeGreaterThan(0);
    expect(await message.getByTestId("citation").count()).toBe(markers.length);
    expect(await message.getByTestId("source").count()).toBe(body.citations.length);
    expect(await message.getByTestId("abstention").count()).toBe(0);

    await p.screenshot({ path: artifactPath("chat.png") });

    // Click the first marker: the article panel shows the quote inside <mark>.
    const first = message.getByTestId("citation").first();
    const n = Number(await first.getAttribute("data-n"));
    const citation = body.citations.find((c) => c.n === n)!;
    expect(citation).toBeTruthy();
    await first.click();
    const mark = p.getByTestId("passage").locator("mark").first();
    await mark.waitFor({ state: "visible" });
    expect(await mark.textContent()).toBe(citation.quote);
    expect(citation.quote.length).toBeGreaterThan(0);
    expect(text).toContain(citation.quote);
    // The quote really is text.slice(start, end) of the article shown.
    const article = await (await p.request.get(`${base}/api/articles/${citation.articleId}`)).json();
    expect(article.text.slice(citation.start, citation.end)).toBe(citation.quote);
    expect(await p.getByTestId("passage").getByRole("heading", { level: 2 }).textContent()).toBe(article.title);
    // ... and scrolled into view.
    const inView = await mark.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    });
    expect(inView).toBe(true);
    await p.screenshot({ path: artifactPath("chat-panel.png") });

    // Copy link copies a permalink to this citation.
    const copy = p.getByTestId("copy-link");
    const link = `${base}/?c=${citation.id}`;
    expect(await copy.getAttribute("data-link")).toBe(link);
    await copy.click();
    await p.locator("#copy-status").filter({ hasText: /./ }).waitFor();
    const copied = await p.evaluate(() => navigator.clipboard.readText()).catch(() => null);
    if (copied !== null) expect(copied).toBe(link);

    // Escape closes the panel and gives focus back to the marker.
    await p.keyboard.press("Escape");
    await p.getByTestId("passage").waitFor({ state: "hidden" });
    expect(await first.evaluate((el) => el === document.activeElement)).toBe(true);

    // Clicking an entry of the source list opens the panel too.
    await message.getByTestId("source").first().locator("button").first().click();
    await p.getByTestId("passage").locator("mark").first().waitFor({ state: "visible" });
    expectClean(tp);
  });

  test("shows a thinking state while the request runs, and keeps focus in the box", async () => {
    const tp = await page();
    const p = tp.page;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await p.route("**/api/answer", async (route) => {
      await gate;
      await route.continue();
    });
    await p.goto(`${base}/`);
    await p.getByTestId("question").fill(UN_QUESTION);
    await p.getByTestId("ask").click();
    await p.getByTestId("thinking").waitFor({ state: "visible" });
    expect(await p.getByTestId("ask").getAttribute("aria-disabled")).toBe("true");
    expect(await p.getByTestId("user-message").textContent()).toContain(UN_QUESTION);
    expect(await activeTestId(p)).toBe("question");
    release();
    await p.getByTestId("answer").first().waitFor();
    expect(await p.getByTestId("thinking").count()).toBe(0);
    expect(await p.getByTestId("ask").getAttribute("aria-disabled")).toBe("false");
    expectClean(tp);
  });

  test("Shift+Enter makes a new line instead of sending", async () => {
    const tp = await page();
    const p = tp.page;
    await p.goto(`${base}/`);
    const box = p.getByTestId("question");
    await box.click();
    await box.pressSequentially("first line");
    await box.press("Shift+Enter");
    await box.pressSequentially("second line");
    expect(await box.inputValue()).toBe("first line\nsecond line");
    expect(await p.getByTestId("user-message").count()).toBe(0);
    // Enter on an empty box sends nothing.
    await box.fill("   ");
    await box.press("Enter");
    expect(await p.getByTestId("user-message").count()).toBe(0);
    expectClean(tp);
  });

  test("a follow-up question carries the conversation history", async () => {
    const tp = await page();
    const p = tp.page;
    const sent: { question: string; history?: { role: string; content: string }[] }[] = [];
    p.on("request", (req) => {
      if (new URL(req.url()).pathname === "/api/answer" && req.method() === "POST") sent.push(req.postDataJSON());
    });
    await p.goto(`${base}/`);
    const first = await ask(p, UN_QUESTION);
    const second = await ask(p, FOLLOW_UP);
    expect(sent.length).toBe(2);
    expect(sent[0].history ?? []).toEqual([]);
    expect(second.request.history).toEqual([
      { role: "user", content: UN_QUESTION },
      { role: "assistant", content: first.body.answer },
    ]);
    // The follow-up is understood in context: it is answered, about Belarus.
    expect(second.body.abstained).toBe(false);
    expect((await p.getByTestId("answer").nth(second.index).textContent()) ?? "").toMatch(/Belarus|amend/i);
    expect(await p.getByTestId("answer").count()).toBe(2);
    expectClean(tp);
  });

  test("an unanswerable question shows a visibly different abstention with its reason", async () => {
    const tp = await page();
    const p = tp.page;
    await p.goto(`${base}/`);
    const { body, index } = await ask(p, OFF_TOPIC);
    expect(body.abstained).toBe(true);
    expect(body.citations).toEqual([]);
    const message = p.getByTestId("answer").nth(index);
    const abstention = message.getByTestId("abstention");
    await abstention.waitFor({ state: "visible" });
    expect(await message.getAttribute("class")).toContain("is-abstained");
    expect(await message.getByTestId("citation").count()).toBe(0);
    expect(await message.getByTestId("source").count()).toBe(0);
    const shown = (await abstention.textContent()) ?? "";
    expect(shown).toContain(body.answer);
    if (body.abstainReason) expect(shown).toContain(body.abstainReason);
    await p.screenshot({ path: artifactPath("chat-abstention.png") });
    expectClean(tp);
  });

  test("a citation permalink /?c=<id> opens the quote on a fresh page", async () => {
    // Get a real citation id from the API.
    const res = await fetch(`${base}/api/answer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: UN_QUESTION }),
    });
    const answer = (await res.json()) as { citations: { id: string }[] };
    const id = answer.citations[0]?.id;
    expect(id).toBeTruthy();
    const detail = (await (await fetch(`${base}/api/citations/${id}`)).json()) as { quote: string; title: string };

    const tp = await page();
    const p = tp.page;
    await p.goto(`${base}/?c=${encodeURIComponent(id)}`);
    const mark = p.getByTestId("passage").locator("mark").first();
    await mark.waitFor({ state: "visible" });
    expect(await mark.textContent()).toBe(detail.quote);
    expect(await p.getByTestId("passage").getByRole("heading", { level: 2 }).textContent()).toBe(detail.title);
    expectClean(tp);

    // A broken permalink shows an inline error instead of a blank page.
    const tp2 = await page();
    await tp2.page.goto(`${base}/?c=no-such-citation-0-0`);
    await tp2.page.getByTestId("error").waitFor({ state: "visible" });
    expect(await tp2.page.getByTestId("question").isVisible()).toBe(true);
    expectClean(tp2);
  });

  test("markup typed as a question is shown as text and never executed", async () => {
    const tp = await page();
    const p = tp.page;
    await p.goto(`${base}/`);
    const box = p.getByTestId("question");
    await box.fill(XSS);
    const done = p.waitForResponse((r) => new URL(r.url()).pathname === "/api/answer");
    await box.press("Enter");
    await done;
    await p.locator('[data-testid="answer"], [data-testid="error"]').first().waitFor();
    expect(await p.getByTestId("user-message").first().textContent()).toContain(XSS);
    expect(await p.locator("img").count()).toBe(0);
    await p.waitForTimeout(200);
    expect(tp.dialogs).toEqual([]);
    expectClean(tp);
  });

  test("markup in server data (answer, titles, article text) is shown as text", async () => {
    const tp = await page();
    const p = tp.page;
    const evil = '<img src=x onerror=alert("title")>';
    const quote = 'He said "<script>alert(1)</script>" and <b onmouseover=alert(2)>left</b>.';
    const text = `First paragraph with ${evil}.\n${quote}\nLast paragraph.`;
    const start = text.indexOf(quote);
    await p.route("**/api/answer", (route) =>
      route.fulfill({
        contentType: "application/json",
        body: JSON.stringify({
          question: "q",
          answer: `${quote} [1]`,
          abstained: false,
          citations: [
            {
              n: 1,
              id: "evil-1-2",
              articleId: "evil",
              title: evil,
              quote,
              start,
              end: start + quote.length,
              score: 1,
              url: "/api/citations/evil-1-2",
              alsoIn: [{ articleId: "evil2", title: evil, id: "evil2-1-2", quote }],
            },
          ],
          timings: { totalMs: 1 },
        }),
      }),
    );
    await p.route("**/api/articles/evil", (route) =>
      route.fulfill({
        contentType: "application/json",
        body: JSON.stringify({ id: "evil", title: evil, source: evil, date: evil, url: "javascript:alert(3)", text }),
      }),
    );
    await p.goto(`${base}/`);
    await ask(p, "anything");
    await p.getByTestId("citation").first().click();
    const mark = p.getByTestId("passage").locator("mark").first();
    await mark.waitFor();
    expect(await mark.textContent()).toBe(quote);
    expect(await p.getByTestId("agree").textContent()).toContain("2 sources agree");
    expect(await p.locator("img, script:not([src]), b").count()).toBe(0);
    // A javascript: URL never becomes a link.
    expect(await p.locator('a[href^="javascript:"]').count()).toBe(0);
    await p.waitForTimeout(200);
    expectClean(tp);
  });

  test("New chat clears the conversation and the history", async () => {
    const tp = await page();
    const p = tp.page;
    await p.goto(`${base}/`);
    await ask(p, UN_QUESTION);
    expect(await p.getByTestId("empty-state").isVisible()).toBe(false);
    await p.getByTestId("new-chat").click();
    expect(await p.getByTestId("answer").count()).toBe(0);
    expect(await p.getByTestId("user-message").count()).toBe(0);
    expect(await p.getByTestId("empty-state").isVisible()).toBe(true);
    expect(await activeTestId(p)).toBe("question");
    const next = await ask(p, UN_QUESTION);
    expect(next.request.history ?? []).toEqual([]);
    expectClean(tp);
  });

  test("errors from the API are shown inline with a retry", async () => {
    const tp = await page();
    const p = tp.page;
    let fail = true;
    await p.route("**/api/answer", (route) =>
      fail
        ? route.fulfill({
            status: 400,
            contentType: "application/json",
            body: JSON.stringify({ error: { code: "invalid_request", message: "question: something is off" } }),
          })
        : route.continue(),
    );
    await p.goto(`${base}/`);
    await p.getByTestId("question").fill(UN_QUESTION);
    await p.getByTestId("question").press("Enter");
    const error = p.getByTestId("error");
    await error.waitFor({ state: "visible" });
    expect(await error.textContent()).toContain("question: something is off");
    fail = false;
    await error.getByRole("button", { name: "Try again" }).click();
    await p.getByTestId("answer").first().waitFor();
    expect(await p.getByTestId("error").count()).toBe(0);
    expect(await p.getByTestId("user-message").count()).toBe(1);
    expectClean(tp);
  });

  test("suggested questions: shown when available, clicking one asks it; none when the endpoint fails", async () => {
    const tp = await page();
    const p = tp.page;
    await p.route("**/api/suggestions", (route) =>
      route.fulfill({ contentType: "application/json", body: JSON.stringify({ questions: [UN_QUESTION, OFF_TOPIC] }) }),
    );
    await p.goto(`${base}/`);
    const suggestion = p.getByTestId("suggestion");
    await suggestion.first().waitFor();
    expect(await suggestion.count()).toBe(2);
    const answered = p.waitForResponse((r) => new URL(r.url()).pathname === "/api/answer");
    await suggestion.first().click();
    expect((await answered).request().postDataJSON().question).toBe(UN_QUESTION);
    await p.getByTestId("answer").first().waitFor();
    expect(await activeTestId(p)).toBe("question");
    expectClean(tp);

    const tp2 = await page();
    await tp2.page.route("**/api/suggestions", (route) =>
      route.fulfill({ status: 404, contentType: "application/json", body: JSON.stringify({ error: { code: "not_found", message: "nope" } }) }),
    );
    await tp2.page.goto(`${base}/`);
    await tp2.page.getByTestId("empty-state").waitFor();
    await tp2.page.waitForTimeout(300);
    expect(await tp2.page.getByTestId("suggestion").count()).toBe(0);
    expect(await tp2.page.locator("#suggestions-block").isVisible()).toBe(false);
    expectClean(tp2);
  });

  test("the Articles view lists the articles and opens one in the panel", async () => {
    const tp = await page();
    const p = tp.page;
    await p.goto(`${base}/`);
    const articles = (await (await p.request.get(`${base}/api/articles`)).json()) as { id: string; title: string }[];
    await p.getByTestId("articles-tab").click();
    const items = p.getByTestId("article");
    await items.first().waitFor();
    expect(await items.count()).toBe(articles.length);
    expect(await p.getByTestId("question").isVisible()).toBe(false);
    await items.first().click();
    const panel = p.getByTestId("passage");
    await panel.locator(".article-text p").first().waitFor();
    expect(await panel.getByRole("heading", { level: 2 }).textContent()).toBe(articles[0].title);
    expect(await panel.locator("mark").count()).toBe(0);
    await p.screenshot({ path: artifactPath("articles.png") });
    await p.getByTestId("close-panel").click();
    await panel.waitFor({ state: "hidden" });
    // Keyboard: arrow keys move between the tabs.
    await p.getByTestId("articles-tab").focus();
    await p.keyboard.press("ArrowLeft");
    expect(await p.getByTestId("chat-tab").getAttribute("aria-selected")).toBe("true");
    expect(await p.getByTestId("question").isVisible()).toBe(true);
    expectClean(tp);
  });

  test("works at 360 px wide without horizontal scrolling", async () => {
    const tp = await page({ viewport: { width: 360, height: 740 } });
    const p = tp.page;
    await p.goto(`${base}/`);
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    const { index } = await ask(p, UN_QUESTION);
    expect((await p.getByTestId("answer").nth(index).textContent()) ?? "").toMatch(UN_ANSWER);
    await ask(p, OFF_TOPIC);
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    for (const id of ["question", "ask", "new-chat", "articles-tab"]) {
      const box = await p.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.x, id).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(360);
    }
    await p.getByTestId("answer").nth(index).scrollIntoViewIfNeeded();
    await p.screenshot({ path: artifactPath("chat-mobile.png") });
    await p.getByTestId("citation").first().click();
    await p.getByTestId("passage").locator("mark").first().waitFor({ state: "visible" });
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    const panel = await p.getByTestId("passage").boundingBox();
    expect(panel!.width).toBeLessThanOrEqual(360);
    await p.screenshot({ path: artifactPath("chat-mobile-panel.png") });
    // On a narrow screen the panel is modal: the page behind it is inert until it closes.
    const inert = () => p.getByTestId("question").evaluate((el) => el.closest("[inert]") !== null);
    expect(await inert()).toBe(true);
    await p.keyboard.press("Escape");
    await p.getByTestId("passage").waitFor({ state: "hidden" });
    expect(await inert()).toBe(false);
    expectClean(tp);
  });

  test("dark theme renders an answer (screenshot)", async () => {
    const tp = await page({ colorScheme: "dark" });
    const p = tp.page;
    await p.goto(`${base}/`);
    await ask(p, UN_QUESTION);
    const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).not.toBe("rgb(246, 246, 243)");
    await p.screenshot({ path: artifactPath("chat-dark.png") });
    if (process.env.UPDATE_DOCS_SCREENSHOT) {
      mkdirSync(path.join(ROOT, "docs"), { recursive: true });
      copyFileSync(artifactPath("chat-panel.png"), path.join(ROOT, "docs", "chat.png"));
    }
    expectClean(tp);
  });
});
