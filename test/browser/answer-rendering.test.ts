/**
 * The shared answer-rendering module (web/js/answer.js) with response fields the API is
 * gaining: `kind` ("help" with example questions, "overview"), citation `emphasis`, and
 * `answerId` with 👍/👎 feedback. The module is imported in real Chromium on the real
 * server's chat page and given responses in those shapes; today's responses (none of the
 * fields) are covered by chat.test.ts and widget.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { openPage, skipBrowserSuite, startServerAndBrowser, type RunningServer, type TestPage } from "./helpers.js";

const QUOTE = "The resolution passed on a 141-7 vote on Wednesday.";
const citation = (n: number, quote: string, extra: Record<string, unknown> = {}) => ({
  n,
  id: `a${n}-0-${quote.length}`,
  articleId: `a${n}`,
  title: `Article ${n}`,
  quote,
  start: 0,
  end: quote.length,
  score: 0.9,
  url: `/api/citations/a${n}-0-${quote.length}`,
  ...extra,
});

describe.skipIf(skipBrowserSuite)("answer rendering with help, overview, emphasis and feedback", { timeout: 60_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let tp: TestPage;
  let p: Page;

  beforeAll(async () => {
    ({ server, browser } = await startServerAndBrowser());
    tp = await openPage(browser);
    p = tp.page;
    await p.goto(`${server.baseUrl}/`);
    await p.getByTestId("question").waitFor();
    // The page's own modules, as window.__modules (a string, so the test runner leaves import() alone).
    await p.evaluate(
      `Promise.all(["answer", "api", "viewer"].map((m) => import("/js/" + m + ".js"))).then(([answer, api, viewer]) => { window.__modules = { ...answer, ...api, ...viewer }; })`,
    );
  }, 150_000);

  afterAll(async () => {
    await tp?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  }, 30_000);

  /**
   * Render `data` with answer.js into a fresh #probe list on the page. Actions record what
   * they were asked to do in window.__did; feedback goes to `feedback` ("ok", "fail", or
   * "server" for the real POST /api/feedback of this server).
   */
  async function render(data: Record<string, unknown>, feedback: "ok" | "fail" | "server" = "ok") {
    await p.evaluate(
      ({ data, feedback }) => {
        const { renderAnswer, createClient } = (window as any).__modules;
        const did: unknown[] = [];
        (window as any).__did = did;
        const actions = {
          openCitation: (cit: any) => did.push(["open", cit.id]),
          openCitationById: (id: string) => did.push(["openById", id]),
          ask: (q: string) => did.push(["ask", q]),
          feedback:
            feedback === "server"
              ? createClient("").feedback
              : async (answerId: string, helpful: boolean) => {
                  did.push(["feedback", answerId, helpful]);
                  if (feedback === "fail") throw new Error("refused");
                },
        };
        document.getElementById("probe")?.remove();
        const list = document.createElement("ol");
        list.id = "probe";
        list.className = "conversation";
        list.append(renderAnswer(data, {}, actions));
        document.getElementById("conversation")!.before(list);
      },
      { data, feedback },
    );
    return p.locator("#probe [data-testid=answer]");
  }
  const did = () => p.evaluate(() => (window as any).__did as unknown[]);

  test("a help answer shows the explanation and example questions that ask themselves, without sources", async () => {
    const answer = await render({
      question: "hi",
      kind: "help",
      answer: "Verbatim answers questions about the news with sentences quoted from the articles.\nEach answer names its source.",
      abstained: false,
      citations: [],
      suggestions: ["How many countries abstained in the UN vote?", "Who is the mayor of Khmelnitskyi?"],
      timings: { totalMs: 1 },
    });
    expect(await answer.getAttribute("data-kind")).toBe("help");
    expect(await answer.getByTestId("help").locator("p").allTextContents()).toEqual([
      "Verbatim answers questions about the news with sentences quoted from the articles.",
      "Each answer names its source.",
    ]);
    const chips = answer.getByTestId("help-suggestion");
    expect(await chips.allTextContents()).toEqual(["How many countries abstained in the UN vote?", "Who is the mayor of Khmelnitskyi?"]);
    expect(await answer.getByRole("list", { name: "Try asking" }).count()).toBe(1);
    await chips.nth(1).focus();
    await p.keyboard.press("Enter");
    expect(await did()).toEqual([["ask", "Who is the mayor of Khmelnitskyi?"]]);
    expect(await answer.getByTestId("source").count()).toBe(0);
    expect(await answer.getByTestId("abstention").count()).toBe(0);
    expect(await answer.getByTestId("feedback").count()).toBe(0); // no answerId, no rating
  });

  test("an overview shows its lead-in and one cited line per article", async () => {
    const second = citation(2, "Xi invited Putin to visit China later this year.", { emphasis: [] });
    const answer = await render({
      question: "What are these articles about?",
      kind: "overview",
      answer: `Here are the key sentences of 2 of 2 articles.\n${QUOTE} [1]\nXi invited Putin to visit China later this year. [2]`,
      abstained: false,
      citations: [citation(1, QUOTE, { emphasis: [] }), second],
      timings: { totalMs: 1 },
    });
    const sentences = answer.locator(".sentence");
    expect(await sentences.count()).toBe(3);
    expect(await sentences.nth(0).textContent()).toBe("Here are the key sentences of 2 of 2 articles.");
    expect(await sentences.nth(0).getAttribute("data-cites")).toBeNull();
    expect(await sentences.nth(1).getAttribute("data-cites")).toBe("1");
    expect(await sentences.nth(2).getAttribute("data-cites")).toBe("2");
    expect(await sentences.evaluateAll((els) => els.map((el) => getComputedStyle(el).display))).toEqual(["block", "block", "block"]);
    expect(await answer.getByTestId("source").count()).toBe(2);
    await answer.getByTestId("citation").nth(1).click();
    expect(await did()).toEqual([["open", second.id]]);
  });

  test("emphasis marks the answering part inside the verbatim sentence, the text unchanged; unusable spans are ignored", async () => {
    const start = QUOTE.indexOf("141-7");
    const answer = await render({
      question: "What was the vote?",
      kind: "answer",
      answer: `${QUOTE} [1] Xi invited Putin to visit China later this year. [2]`,
      abstained: false,
      citations: [
        citation(1, QUOTE, { emphasis: [{ start, end: start + 5 }, { start: start + 2, end: start + 9 }, { start: 40, end: 999 }] }),
        citation(2, "Xi invited Putin to visit China later this year.", { emphasis: [{ start: 5, end: 2 }] }),
      ],
      timings: { totalMs: 1 },
    });
    const emphasised = answer.getByTestId("emphasis");
    expect(await emphasised.allTextContents()).toEqual(["141-7"]);
    expect(await emphasised.evaluate((el) => el.localName)).toBe("strong");
    const sentences = answer.locator(".sentence");
    expect(((await sentences.nth(0).textContent()) ?? "").startsWith(QUOTE)).toBe(true);
    expect(((await sentences.nth(1).textContent()) ?? "").startsWith("Xi invited Putin to visit China later this year.")).toBe(true);
  });

  test("a context sentence (what the answer's \"it\" means) leads, muted, and the answer sentence follows", async () => {
    // A real answer from this server: the best sentence opens "It stressed…"; the one before names the ministry.
    const res = await fetch(`${server.baseUrl}/api/answer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "What did the ministry stress about nuclear weapons?" }),
    });
    const data = await res.json();
    expect(data.citations.map((c: { context?: boolean }) => c.context ?? false)).toEqual([true, false]);
    expect(data.citations[1].quote).toMatch(/^It stressed that/);
    const sentences = (await render(data)).locator(".sentence");
    expect(await sentences.evaluateAll((els) => els.map((el) => el.classList.contains("is-context")))).toEqual([true, false]);
    expect(await sentences.nth(0).getAttribute("title")).toBe("Context: what the next sentence refers to");
    const [muted, answer] = await sentences.evaluateAll((els) => els.map((el) => getComputedStyle(el).color));
    expect(muted).not.toBe(answer);
  });

  test("emphasis shows in the article the chat opens, inside the marked quote", async () => {
    const res = await fetch(`${server.baseUrl}/api/answer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "How many countries abstained in the UN vote?" }),
    });
    const real = (await res.json()).citations[0];
    const word = real.quote.match(/\d+/)[0] as string;
    const at = real.quote.indexOf(word);
    await p.evaluate(
      (cit) => {
        const { openCitation } = (window as any).__modules;
        openCitation(cit, document.getElementById("question"));
      },
      { ...real, emphasis: [{ start: at, end: at + word.length }] },
    );
    const mark = p.getByTestId("quote");
    await expect.poll(() => mark.textContent()).toBe(real.quote);
    expect(await mark.getByTestId("emphasis").textContent()).toBe(word);
    await p.keyboard.press("Escape");
    await p.getByTestId("passage").waitFor({ state: "hidden" });
  });

  test("with an answerId, 👍/👎 send feedback and say thanks; without one, nothing changes", async () => {
    const base = { question: "q", kind: "answer", answer: `${QUOTE} [1]`, abstained: false, citations: [citation(1, QUOTE)], timings: { totalMs: 1 } };
    let answer = await render({ ...base, answerId: "ans-1" });
    const group = answer.getByRole("group", { name: "Was this answer helpful?" });
    const up = group.getByRole("button", { name: "Helpful", exact: true });
    const down = group.getByRole("button", { name: "Not helpful", exact: true });
    expect(await up.textContent()).toBe("👍");
    expect(await down.textContent()).toBe("👎");
    await down.click();
    await expect.poll(() => group.getByTestId("feedback-status").textContent()).toBe("Thanks");
    expect(await did()).toEqual([["feedback", "ans-1", false]]);
    expect(await down.getAttribute("aria-pressed")).toBe("true");
    expect(await up.isDisabled()).toBe(true);

    // A failed send says so in the status line, quietly, and the buttons work again.
    answer = await render({ ...base, answerId: "ans-2" }, "fail");
    await answer.getByRole("button", { name: "Helpful", exact: true }).click();
    await expect.poll(() => answer.getByTestId("feedback-status").textContent()).toBe("Your rating couldn’t be sent.");
    expect(await answer.getByTestId("feedback-status").getAttribute("role")).toBe("status");
    expect(await answer.getByRole("alert").count()).toBe(0);
    expect(await answer.getByRole("button", { name: "Helpful", exact: true }).isEnabled()).toBe(true);

    // Through the real client and server: a real answer's id, POST /api/feedback, 202, "Thanks".
    const real = await (
      await fetch(`${server.baseUrl}/api/answer`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question: "Who is the mayor of Khmelnitskyi?" }),
      })
    ).json();
    answer = await render(real, "server");
    const sent = p.waitForRequest((r) => new URL(r.url()).pathname === "/api/feedback");
    await answer.getByRole("button", { name: "Helpful", exact: true }).click();
    const request = await sent;
    expect(request.method()).toBe("POST");
    expect(request.postDataJSON()).toEqual({ answerId: real.answerId, helpful: true });
    expect((await request.response())!.status()).toBe(202);
    await expect.poll(() => answer.getByTestId("feedback-status").textContent()).toBe("Thanks");

    answer = await render(base);
    expect(await answer.getByTestId("feedback").count()).toBe(0);
    expect(tp.problems).toEqual([]);
    expect(tp.dialogs).toEqual([]);
  });
});
