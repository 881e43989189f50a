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
  openPage,
  skipBrowserSuite,
  startServerAndBrowser,
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
    ({ server, browser } = await startServerAndBrowser());
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
    // One source row per article.
    expect(await message.getByTestId("source").count()).toBe(new Set(body.citations.map((c) => c.articleId)).size);
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

    // The open citation is in the address.
    expect(new URL(p.url()).searchParams.get("c")).toBe(citation.id);

    // Escape closes the panel, takes ?c= out of the address and gives focus back to the marker.
    await p.keyboard.press("Escape");
    await p.getByTestId("passage").waitFor({ state: "hidden" });
    await p.waitForURL(`${base}/`);
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
  /** A real citation id and its quote, from the API. */
  async function realCitation(question = UN_QUESTION) {
    const res = await fetch(`${base}/api/answer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question }),
    });
    const answer = (await res.json()) as { citations: { id: string; quote: string }[] };
    expect(answer.citations.length).toBeGreaterThan(0);
    return answer.citations[0];
  }

  const cParam = (p: Page) => new URL(p.url()).searchParams.get("c");
  const panel = (p: Page) => p.getByTestId("passage");

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 360, height: 740 },
  ]) {
    test(`Back, Forward and reload keep the conversation and the open citation (${viewport.width} px, keyboard)`, async () => {
      const tp = await page({ viewport });
      const p = tp.page;
      await p.goto(`${base}/`);
      const first = await ask(p, UN_QUESTION);
      await ask(p, FOLLOW_UP);
      const entries = await p.evaluate(() => history.length);

      // Open a citation by keyboard: a history entry with ?c=<id>.
      const chip = p.getByTestId("answer").nth(first.index).getByTestId("citation").first();
      const id = (await chip.getAttribute("data-citation-id"))!;
      const quote = first.body.citations.find((c) => c.id === id)!.quote;
      await chip.focus();
      await p.keyboard.press("Enter");
      await panel(p).locator("mark").first().waitFor({ state: "visible" });
      expect(cParam(p)).toBe(id);
      expect(await p.evaluate(() => history.length)).toBe(entries + 1);

      // Back closes the panel, stays on the page, keeps the conversation and returns focus to the marker.
      await p.goBack();
      await panel(p).waitFor({ state: "hidden" });
      expect(cParam(p)).toBeNull();
      expect(await p.getByTestId("answer").count()).toBe(2);
      expect(await chip.evaluate((el) => el === document.activeElement)).toBe(true);

      // Forward opens it again.
      await p.goForward();
      await panel(p).locator("mark").first().waitFor({ state: "visible" });
      expect(await panel(p).locator("mark").first().textContent()).toBe(quote);
      expect(cParam(p)).toBe(id);

      // A reload shows the same conversation and the same open citation.
      await p.reload();
      await panel(p).locator("mark").first().waitFor({ state: "visible" });
      expect(await panel(p).locator("mark").first().textContent()).toBe(quote);
      expect(await p.getByTestId("answer").count()).toBe(2);
      expect(await p.getByTestId("user-message").allTextContents()).toEqual([
        expect.stringContaining(UN_QUESTION),
        expect.stringContaining(FOLLOW_UP),
      ]);
      expect(await p.getByTestId("empty-state").isVisible()).toBe(false);

      // Closing takes ?c= out of the address; a reload then shows no panel.
      await p.getByTestId("close-panel").click();
      await panel(p).waitFor({ state: "hidden" });
      expect(cParam(p)).toBeNull();
      await p.reload();
      await p.getByTestId("answer").nth(1).waitFor();
      expect(await panel(p).isVisible()).toBe(false);

      // The restored citations still open, and the conversation still carries into a follow-up.
      await p.getByTestId("answer").nth(1).getByTestId("citation").first().click();
      await panel(p).locator("mark").first().waitFor({ state: "visible" });
      await p.keyboard.press("Escape");
      await panel(p).waitFor({ state: "hidden" });
      const third = await ask(p, "When was the resolution adopted?");
      expect(third.request.history?.length).toBe(4);
      expect(third.request.history?.[0]).toEqual({ role: "user", content: UN_QUESTION });

      expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
      expectClean(tp);
    });
  }

  test("a permalink: Back closes it, Close takes it out of the address, a reload does not reopen it", async () => {
    const cit = await realCitation();
    const tp = await page();
    const p = tp.page;
    await p.goto(`${base}/?c=${encodeURIComponent(cit.id)}`);
    await panel(p).locator("mark").first().waitFor({ state: "visible" });
    // Back closes the article and stays in the chat.
    await p.goBack();
    await panel(p).waitFor({ state: "hidden" });
    expect(new URL(p.url()).pathname).toBe("/");
    expect(cParam(p)).toBeNull();
    await p.goForward();
    await panel(p).locator("mark").first().waitFor({ state: "visible" });
    expect(await panel(p).locator("mark").first().textContent()).toBe(cit.quote);
    // Close, then reload: no panel.
    await p.getByTestId("close-panel").click();
    await panel(p).waitFor({ state: "hidden" });
    expect(cParam(p)).toBeNull();
    await p.reload();
    await p.getByTestId("empty-state").waitFor();
    await p.waitForTimeout(300);
    expect(await panel(p).isVisible()).toBe(false);
    expectClean(tp);

    // The same on a fresh page, closed by Escape.
    const tp2 = await page({ viewport: { width: 360, height: 740 } });
    await tp2.page.goto(`${base}/?c=${encodeURIComponent(cit.id)}`);
    await panel(tp2.page).locator("mark").first().waitFor({ state: "visible" });
    await tp2.page.keyboard.press("Escape");
    await panel(tp2.page).waitFor({ state: "hidden" });
    expect(cParam(tp2.page)).toBeNull();
    await tp2.page.reload();
    await tp2.page.getByTestId("empty-state").waitFor();
    await tp2.page.waitForTimeout(300);
    expect(await panel(tp2.page).isVisible()).toBe(false);
    expectClean(tp2);
  });

  test("the conversation is kept in this tab only, and New chat clears it", async () => {
    const tp = await page();
    const p = tp.page;
    const requests: string[] = [];
    p.on("request", (req) => requests.push(new URL(req.url()).pathname));
    await p.goto(`${base}/`);
    await ask(p, UN_QUESTION);
    const stored = await p.evaluate(() => Object.keys(sessionStorage));
    expect(stored.length).toBe(1);
    expect(await p.evaluate(() => localStorage.length)).toBe(0);
    // Nothing but the page's own API is asked for.
    expect(requests.every((path) => path === "/" || /^\/(api\/|app\.js|js\/[a-z-]+\.js|styles\.css|favicon\.svg)/.test(path))).toBe(true);

    // Leaving the page and coming Back shows the conversation again.
    await p.goto(`${base}/api/health`);
    await p.goBack();
    await p.getByTestId("answer").first().waitFor();
    expect(await p.getByTestId("answer").count()).toBe(1);

    // Another tab starts empty.
    const other = await tp.context.newPage();
    await other.goto(`${base}/`);
    await other.getByTestId("empty-state").waitFor();
    expect(await other.getByTestId("answer").count()).toBe(0);
    await other.close();

    // New chat clears it: a reload shows the empty chat.
    await p.getByTestId("new-chat").click();
    expect(await p.evaluate(() => sessionStorage.length)).toBe(0);
    await p.reload();
    await p.getByTestId("empty-state").waitFor();
    expect(await p.getByTestId("answer").count()).toBe(0);
    expect(await p.getByTestId("user-message").count()).toBe(0);
    const next = await ask(p, UN_QUESTION);
    expect(next.request.history ?? []).toEqual([]);
    expectClean(tp);
  });

  test("sources: one row per article with its markers, a short title, the full title on focus", async () => {
    const tp = await page();
    const p = tp.page;
    const articles = (await (await fetch(`${base}/api/articles`)).json()) as { id: string; title: string }[];
    const untitled = articles.find((a) => a.title.endsWith("…"))!;
    const headed = articles.find((a) => !a.title.endsWith("…"))!;
    expect(untitled && headed).toBeTruthy();
    const full = (await (await fetch(`${base}/api/articles/${untitled.id}`)).json()) as { text: string };
    const sentence = (n: number, article: { id: string; text: string }) => {
      const parts = [...article.text.matchAll(/[^.\n]+\./g)];
      const m = parts[n];
      return { start: m.index!, end: m.index! + m[0].length, quote: m[0] };
    };
    const headedText = (await (await fetch(`${base}/api/articles/${headed.id}`)).json()) as { id: string; text: string };
    const cite = (n: number, a: { id: string; title: string }, s: { start: number; end: number; quote: string }) => ({
      n,
      id: `${a.id}-${s.start}-${s.end}`,
      articleId: a.id,
      title: a.title,
      ...s,
      score: 1,
      url: "",
      alsoIn: [],
    });
    const u = { id: untitled.id, text: full.text };
    const citations = [cite(1, headed, sentence(0, headedText)), cite(2, untitled, sentence(1, u)), cite(3, untitled, sentence(2, u))];
    await p.route("**/api/answer", (route) =>
      route.fulfill({
        contentType: "application/json",
        body: JSON.stringify({
          question: "q",
          answer: citations.map((c) => `${c.quote} [${c.n}]`).join(" "),
          abstained: false,
          citations,
          timings: { totalMs: 12.3, embedMs: 4, searchMs: 6 },
        }),
      }),
    );
    await p.goto(`${base}/`);
    const { index } = await ask(p, "anything");
    const message = p.getByTestId("answer").nth(index);
    const rows = message.getByTestId("source");
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).getByTestId("source-marker").allTextContents()).toEqual(["1"]);
    expect(await rows.nth(1).getByTestId("source-marker").allTextContents()).toEqual(["2", "3"]);
    // A headline is shown as it is; an article without one gets a readable short title.
    expect(await rows.nth(0).locator(".source-title").textContent()).toBe(headed.title);
    const short = (await rows.nth(1).locator(".source-title").textContent())!;
    expect(short.length).toBeGreaterThan(20);
    expect(short).not.toMatch(/…$/);
    expect(full.text.startsWith(short)).toBe(true);
    // The full title is shown on keyboard focus (and hover), and is the row's description.
    const tip = rows.nth(1).getByTestId("source-full-title");
    expect(await tip.isVisible()).toBe(false);
    await rows.nth(1).getByTestId("source-open").focus();
    await p.keyboard.press("Shift+Tab"); // back to marker 3
    await p.keyboard.press("Tab");
    await tip.waitFor({ state: "visible" });
    expect((await tip.textContent())!.startsWith(short)).toBe(true);
    expect((await tip.textContent())!.length).toBeGreaterThan(short.length);
    await rows.nth(1).getByTestId("source-open").hover();
    expect(await tip.isVisible()).toBe(true);
    // Each marker of a row opens its own quote; the row opens the first.
    await rows.nth(1).getByTestId("source-marker").nth(1).click();
    await panel(p).locator("mark").first().waitFor({ state: "visible" });
    expect(await panel(p).locator("mark").first().textContent()).toBe(citations[2].quote);
    expect(cParam(p)).toBe(citations[2].id);
    await p.keyboard.press("Escape");
    await panel(p).waitFor({ state: "hidden" });
    await rows.nth(1).getByTestId("source-open").click();
    await panel(p).locator("mark").first().waitFor({ state: "visible" });
    expect(await panel(p).locator("mark").first().textContent()).toBe(citations[1].quote);
    await p.keyboard.press("Escape");

    // Timings are in a details view, closed until asked for.
    const details = message.getByTestId("answer-details");
    expect(await details.locator("p").isVisible()).toBe(false);
    expect(await message.locator(".answer-foot").innerText()).not.toMatch(/\d+ ms/);
    await details.locator("summary").focus();
    await p.keyboard.press("Enter");
    expect(await details.locator("p").textContent()).toContain("12 ms");
    expectClean(tp);
  });

  test("the real answer lists each article once, none with a bare '…' title", async () => {
    const tp = await page();
    const p = tp.page;
    await p.goto(`${base}/`);
    for (const q of [UN_QUESTION, FOLLOW_UP]) {
      const { body, index } = await ask(p, q);
      const rows = p.getByTestId("answer").nth(index).getByTestId("source");
      const ids = [...new Set(body.citations.map((c) => c.articleId))];
      expect(await rows.count()).toBe(ids.length);
      for (let i = 0; i < ids.length; i += 1) {
        expect(await rows.nth(i).getAttribute("data-article-id")).toBe(ids[i]);
        const markers = (await rows.nth(i).getByTestId("source-marker").allTextContents()).map(Number);
        expect(markers).toEqual(body.citations.filter((c) => c.articleId === ids[i]).map((c) => c.n));
        expect((await rows.nth(i).locator(".source-title").textContent())!.trim()).not.toMatch(/…$/);
      }
    }
    expectClean(tp);
  });

  test("at 360 px every control is at least 24×24 px and the article header folds while reading", async () => {
    const tp = await page({ viewport: { width: 360, height: 740 } });
    const p = tp.page;
    await p.goto(`${base}/`);
    await p.getByTestId("suggestion").first().waitFor();
    await ask(p, UN_QUESTION);
    await ask(p, OFF_TOPIC);
    await p.getByTestId("answer-details").first().locator("summary").click();
    const tooSmall = () =>
      p.evaluate(() => {
        const out: string[] = [];
        for (const el of Array.from(document.querySelectorAll<HTMLElement>("button, a[href], summary, textarea, [role=tab], [tabindex='0']"))) {
          const r = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          if (!r.width || !r.height || style.visibility === "hidden" || el.closest("[hidden]")) continue;
          if (el.classList.contains("skip-link")) continue; // off-screen until focused
          if (r.width < 24 || r.height < 24) out.push(`${el.tagName} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}" ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
        }
        return out;
      });
    expect(await tooSmall()).toEqual([]);
    const chip = await p.getByTestId("citation").first().boundingBox();
    expect(chip!.width).toBeGreaterThanOrEqual(24);
    expect(chip!.height).toBeGreaterThanOrEqual(24);

    await p.getByTestId("citation").first().click();
    await panel(p).locator("mark").first().waitFor({ state: "visible" });
    expect(await tooSmall()).toEqual([]);
    // The header folds once the reader scrolls on (not when the page scrolls to the quote), and unfolds
    // on scrolling back up.
    const isCompact = () => p.evaluate(() => document.getElementById("panel")!.classList.contains("is-compact"));
    await p.waitForTimeout(200);
    expect(await isCompact()).toBe(false);
    const headHeight = () => p.evaluate(() => document.querySelector(".panel-body")!.getBoundingClientRect().top);
    await p.locator(".panel-body").evaluate((el) => el.scrollTo({ top: 0 }));
    await p.waitForTimeout(100);
    const open = await headHeight();
    await p.locator(".panel-body").evaluate((el) => el.scrollTo({ top: 400 }));
    await p.waitForFunction(() => document.getElementById("panel")!.classList.contains("is-compact"));
    const folded = await headHeight();
    expect(folded).toBeLessThan(open);
    expect(folded).toBeLessThanOrEqual(110);
    expect(await p.getByTestId("close-panel").isVisible()).toBe(true);
    expect(await p.getByTestId("jump-to-quote").isVisible()).toBe(true);
    await p.locator(".panel-body").evaluate((el) => el.scrollTo({ top: 380 }));
    await p.waitForTimeout(100);
    expect(await isCompact()).toBe(true);
    await p.locator(".panel-body").evaluate((el) => el.scrollTo({ top: 300 }));
    await p.waitForFunction(() => !document.getElementById("panel")!.classList.contains("is-compact"));
    await p.locator(".panel-body").evaluate((el) => el.scrollTo({ top: 600 }));
    await p.waitForFunction(() => document.getElementById("panel")!.classList.contains("is-compact"));
    await p.locator(".panel-body").evaluate((el) => el.scrollTo({ top: 0 }));
    await p.waitForFunction(() => !document.getElementById("panel")!.classList.contains("is-compact"));
    expectClean(tp);
  });

  test("at 360 px a notice shows above the question box, even below a conversation", async () => {
    const tp = await page({ viewport: { width: 360, height: 740 } });
    const p = tp.page;
    await p.goto(`${base}/`);
    await ask(p, UN_QUESTION);
    await ask(p, FOLLOW_UP);
    await p.goto(`${base}/?c=no-such-citation-0-0`);
    const notice = p.getByTestId("error");
    await notice.waitFor({ state: "visible" });
    await p.waitForTimeout(300);
    const box = (await notice.boundingBox())!;
    const composer = (await p.locator("#composer .composer-box").boundingBox())!;
    const topbar = (await p.locator(".topbar").boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(topbar.y + topbar.height - 1);
    expect(box.y + box.height).toBeLessThanOrEqual(composer.y);
    expect(await p.getByTestId("answer").count()).toBe(2);
    expect(cParam(p)).toBeNull();
    await notice.getByTestId("dismiss").click();
    expect(await p.getByTestId("error").count()).toBe(0);
    expectClean(tp);
  });

  test("'browse the articles' under a refusal opens the Articles tab (keyboard and pointer)", async () => {
    const tp = await page();
    const p = tp.page;
    await p.goto(`${base}/`);
    const { index } = await ask(p, OFF_TOPIC);
    const link = p.getByTestId("answer").nth(index).getByTestId("browse-articles");
    expect(await link.evaluate((el) => el.tagName)).toBe("BUTTON");
    await link.focus();
    await p.keyboard.press("Enter");
    expect(await p.getByTestId("articles-tab").getAttribute("aria-selected")).toBe("true");
    await p.getByTestId("article").first().waitFor();
    expect(await activeTestId(p)).toBe("articles-tab");
    await p.getByTestId("chat-tab").click();
    await link.click();
    expect(await p.getByTestId("articles-tab").getAttribute("aria-selected")).toBe("true");
    expectClean(tp);
  });
});
