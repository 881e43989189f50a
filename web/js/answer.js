// An answer as the reader sees it, in the chat and in the widget: the quoted sentences
// with their citation markers, one source row per article, abstentions, help answers
// with example questions, and feedback buttons when the answer has an id.
import { h, icon, uniqueId, ICON_ALERT, ICON_CHECK, ICON_INFO } from "./dom.js";
import { emphasised } from "./emphasis.js";
import { feedbackControls } from "./feedback.js";
import { articleTitles, describeTimings, formatDate, metaLine, plainAnswer, shortTitle, splitAnswer } from "./format.js";
import { suggestionItems } from "./suggestions.js";

/**
 * What the reader can do from an answer; each page supplies its own.
 * @typedef {{
 *   openCitation: (cit: any, trigger: HTMLElement) => void,
 *   openCitationById: (id: string, trigger: HTMLElement, hint: {articleId?: string, title?: string, quote?: string}) => void,
 *   ask: (question: string) => void,
 *   feedback: (answerId: string, helpful: boolean) => Promise<unknown>,
 *   browseArticles?: () => void,
 * }} AnswerActions
 */

/**
 * What is known about a cited article, by id (see describeArticles).
 * @typedef {Record<string, {title?: string, short?: string, full?: string, source?: string | null, date?: string | null}>} ArticleInfo
 */

/** @param {any} cit @param {{short?: string} | undefined} info @param {AnswerActions} actions */
function citationButton(cit, info, actions) {
  const label = (info && info.short) || shortTitle(cit.title);
  return h("button", {
    class: "cite",
    text: String(cit.n),
    attrs: {
      type: "button",
      "data-testid": "citation",
      "data-n": cit.n,
      "data-citation-id": cit.id,
      "aria-label": `Source ${cit.n}: ${label}`,
      title: cit.title,
    },
    on: { click: (e) => actions.openCitation(cit, /** @type {HTMLElement} */ (e.currentTarget)) },
  });
}

/**
 * @param {any} data AnswerResponse
 * @param {ArticleInfo} articles
 * @param {AnswerActions} actions
 */
export function renderAnswer(data, articles, actions) {
  const li = h("li", { class: "msg msg-assistant", attrs: { "data-testid": "answer", "data-kind": data.kind || null } });
  li.append(h("span", { class: "visually-hidden", text: "Verbatim answered: " }));
  if (data.abstained) li.append(renderAbstention(data, actions));
  else if (data.kind === "help") li.append(renderHelp(data, actions));
  else li.append(renderQuotedAnswer(data, articles, actions));
  if (data.abstained) li.classList.add("is-abstained");
  return li;
}

/** @param {any} data @param {AnswerActions} actions */
function renderAbstention(data, actions) {
  const body = withFeedback(
    h(
      "div",
      { class: "abstain-body" },
      h("p", { class: "abstain-title", text: data.answer || "I couldn’t find an answer in the articles." }),
      data.abstainReason && !String(data.answer || "").includes(data.abstainReason)
        ? h("p", { class: "abstain-reason", attrs: { "data-testid": "abstain-reason" } }, h("span", { class: "abstain-why", text: "Why: " }), data.abstainReason)
        : null,
      h(
        "p",
        { class: "abstain-hint" },
        "Verbatim only answers with sentences it can quote. Try rephrasing",
        ...(actions.browseArticles
          ? [
              ", or ",
              h("button", {
                class: "link-btn",
                text: "browse the articles",
                attrs: { type: "button", "data-testid": "browse-articles" },
                on: { click: () => actions.browseArticles && actions.browseArticles() },
              }),
            ]
          : []),
        ".",
      ),
    ),
    data,
    actions,
  );
  return h("div", { class: "bubble bubble-abstain", attrs: { "data-testid": "abstention" } }, icon(ICON_INFO, "icon abstain-icon"), body);
}

/** A greeting or "help": what Verbatim does, and example questions that ask themselves. */
function renderHelp(data, actions) {
  const bubble = h("div", { class: "bubble bubble-answer bubble-help", attrs: { "data-testid": "help" } });
  for (const para of String(data.answer || "").split(/\n+/)) {
    if (para.trim()) bubble.append(h("p", { class: "answer-text", text: para.trim() }));
  }
  const items = suggestionItems(data.suggestions, (q) => actions.ask(q), { testid: "help-suggestion" });
  if (items.length) {
    const headingId = uniqueId("examples");
    bubble.append(
      h("h3", { class: "sources-title", text: "Try asking", attrs: { id: headingId } }),
      h("ul", { class: "suggestions help-suggestions", attrs: { "aria-labelledby": headingId } }, ...items),
    );
  }
  return withFeedback(bubble, data, actions);
}

/** @param {any} data @param {ArticleInfo} articles @param {AnswerActions} actions */
function renderQuotedAnswer(data, articles, actions) {
  const citations = Array.isArray(data.citations) ? [...data.citations].sort((a, b) => a.n - b.n) : [];
  const byN = new Map(citations.map((c) => [c.n, c]));
  const bubble = h("div", { class: "bubble bubble-answer" });
  // An overview is one quoted line per article: each sentence on its own line.
  const p = h("p", { class: data.kind === "overview" ? "answer-text is-overview" : "answer-text" });
  for (const sentence of splitAnswer(String(data.answer || ""))) {
    // A context sentence says what the answer's opening "he" or "it" means; it is not itself the answer.
    const context = byN.get(sentence.markers[0])?.context === true;
    const span = h("span", {
      class: context ? "sentence is-context" : "sentence",
      attrs: { "data-cites": sentence.markers.join(" ") || null, title: context ? "Context: what the next sentence refers to" : null },
    });
    if (sentence.text) span.append(...emphasised(sentence.text, byN.get(sentence.markers[0])));
    for (const n of sentence.markers) {
      const cit = byN.get(n);
      span.append(" ");
      span.append(cit ? citationButton(cit, articles[cit.articleId], actions) : `[${n}]`);
    }
    p.append(span, " ");
  }
  bubble.append(p);

  // One source row per article, listing the markers it supports.
  /** @type {Map<string, any[]>} */
  const byArticle = new Map();
  for (const cit of citations) {
    const group = byArticle.get(cit.articleId);
    if (group) group.push(cit);
    else byArticle.set(cit.articleId, [cit]);
  }
  if (byArticle.size) {
    const headingId = uniqueId("sources");
    const list = h("ul", { class: "sources", attrs: { "aria-labelledby": headingId } });
    for (const group of byArticle.values()) {
      const item = renderSource(group, articles[group[0].articleId], actions);
      const numbers = group.map((c) => String(c.n));
      // Pointing at a source lights up the sentence(s) it supports.
      const link = (on) => {
        for (const el of p.querySelectorAll(".sentence")) {
          if ((el.getAttribute("data-cites") || "").split(" ").some((n) => numbers.includes(n))) el.classList.toggle("is-linked", on);
        }
      };
      item.addEventListener("mouseenter", () => link(true));
      item.addEventListener("mouseleave", () => link(false));
      item.addEventListener("focusin", () => link(true));
      item.addEventListener("focusout", () => link(false));
      list.append(item);
    }
    bubble.append(h("h3", { class: "sources-title", text: "Sources", attrs: { id: headingId } }), list);
  }

  const foot = h("div", { class: "answer-foot" });
  if (byArticle.size) foot.append(h("span", { text: `Quoted from ${byArticle.size} article${byArticle.size === 1 ? "" : "s"}` }));
  const timings = describeTimings(data.timings);
  if (timings) {
    foot.append(
      h(
        "details",
        { class: "answer-details", attrs: { "data-testid": "answer-details" } },
        h("summary", { text: "Details" }),
        h("p", { text: timings }),
      ),
    );
  }
  if (foot.childNodes.length) bubble.append(foot);
  return withFeedback(bubble, data, actions);
}

/** Feedback buttons at the end of the bubble, when the answer has an id to rate. */
function withFeedback(bubble, data, actions) {
  if (typeof data.answerId === "string" && data.answerId) bubble.append(feedbackControls(data.answerId, actions.feedback));
  return bubble;
}

/**
 * One source row: the article's markers, then its short title; the full title on hover and focus.
 * @param {any[]} group the citations of one article, by n
 * @param {{title?: string, short?: string, full?: string, source?: string | null, date?: string | null} | undefined} info
 * @param {AnswerActions} actions
 */
function renderSource(group, info = {}, actions) {
  const first = group[0];
  const title = (info && info.title) || first.title || "Untitled article";
  const fallback = articleTitles(title, info || {});
  const short = (info && info.short) || fallback.short;
  const full = (info && info.full) || fallback.full;
  const meta = metaLine(info && info.source, info && formatDate(info.date));
  const markers = group.map((c) => c.n);
  const li = h("li", {
    class: "source",
    attrs: { "data-testid": "source", "data-article-id": first.articleId, "data-n": markers.join(" ") },
  });
  const chips = h("span", { class: "source-marks" });
  for (const cit of group) {
    chips.append(
      h("button", {
        class: "cite source-cite",
        text: String(cit.n),
        attrs: { type: "button", "data-testid": "source-marker", "data-n": cit.n, "aria-label": `Quote ${cit.n}` },
        on: { click: (e) => actions.openCitation(cit, /** @type {HTMLElement} */ (e.currentTarget)) },
      }),
    );
  }
  const tipId = uniqueId("tip");
  const numbers = markers.length === 1 ? `quote ${markers[0]}` : `quotes ${markers.slice(0, -1).join(", ")} and ${markers[markers.length - 1]}`;
  const button = h(
    "button",
    {
      class: "source-btn",
      attrs: {
        type: "button",
        "data-testid": "source-open",
        "aria-label": `${short}${meta ? ` (${meta})` : ""}: ${numbers}`,
        "aria-describedby": short !== full ? tipId : null,
      },
      on: { click: (e) => actions.openCitation(first, /** @type {HTMLElement} */ (e.currentTarget)) },
    },
    h("span", { class: "source-title", text: short }),
    meta ? h("span", { class: "source-meta", text: meta }) : null,
  );
  li.append(chips, button);
  if (short !== full) li.append(h("span", { class: "source-tip", text: full, attrs: { id: tipId, role: "tooltip", "data-testid": "source-full-title" } }));

  const also = group.flatMap((c) => (Array.isArray(c.alsoIn) ? c.alsoIn : []));
  if (also.length) {
    const agree = h(
      "div",
      { class: "agree", attrs: { "data-testid": "agree" } },
      icon(ICON_CHECK, "icon agree-icon"),
      h("span", { class: "agree-count", text: `${also.length + 1} sources agree` }),
      h("span", { class: "agree-sep", text: " — also in ", attrs: { "aria-hidden": "true" } }),
    );
    also.forEach((other, i) => {
      if (i > 0) agree.append(", ");
      const otherTitle = shortTitle(other.title || "another article");
      agree.append(
        h("button", {
          class: "link-btn",
          text: otherTitle,
          attrs: { type: "button", "aria-label": `Also in: ${other.title}`, title: other.title !== otherTitle ? other.title : null },
          on: {
            click: (e) =>
              actions.openCitationById(other.id, /** @type {HTMLElement} */ (e.currentTarget), {
                articleId: other.articleId,
                title: other.title,
                quote: other.quote,
              }),
          },
        }),
      );
    });
    li.append(agree);
  }
  return li;
}

/**
 * A failed question, with a way to ask it again.
 * @param {Error} err @param {(() => void) | null} onRetry
 */
export function renderError(err, onRetry) {
  const li = h("li", { class: "msg msg-assistant", attrs: { "data-testid": "error" } });
  const retry = onRetry
    ? h("button", { class: "btn btn-small", text: "Try again", attrs: { type: "button" }, on: { click: onRetry } })
    : null;
  li.append(
    h(
      "div",
      { class: "bubble bubble-error", attrs: { role: "alert" } },
      icon(ICON_ALERT, "icon error-icon"),
      h("div", { class: "error-body" }, h("p", { class: "error-text", text: err.message || "Something went wrong." }), retry),
    ),
  );
  return li;
}

/** What a screen reader hears when the answer arrives. */
export function spokenAnswer(data) {
  const plain = plainAnswer(String(data.answer || ""));
  if (data.abstained) return `No answer found. ${data.answer || ""} ${data.abstainReason ? `Reason: ${data.abstainReason}` : ""}`;
  if (data.kind === "help") return `${plain} Example questions follow.`;
  const n = Array.isArray(data.citations) ? data.citations.length : 0;
  return `Answer: ${plain} ${n} source${n === 1 ? "" : "s"}.`;
}

/**
 * What the answer's source rows show about each cited article: full title, short title,
 * stated source and date. Short titles of articles without a headline need the article's
 * first sentence; those articles are fetched now (the article view would fetch them anyway).
 * @param {any} data @param {Map<string, any>} summaries @param {(id: string) => Promise<any>} loadArticle
 * @returns {Promise<ArticleInfo>}
 */
export async function describeArticles(data, summaries, loadArticle) {
  const citations = Array.isArray(data.citations) ? data.citations : [];
  const ids = [...new Set(citations.map((c) => c.articleId).filter((id) => typeof id === "string"))];
  /** @type {ArticleInfo} */
  const out = {};
  await Promise.all(
    ids.map(async (id) => {
      const summary = summaries.get(id) || {};
      const title = String(summary.title || citations.find((c) => c.articleId === id).title || "");
      let text = "";
      if (title.endsWith("…")) {
        const article = await withTimeout(loadArticle(id), 1500).catch(() => null);
        text = article && typeof article.text === "string" ? article.text : "";
      }
      const titles = articleTitles(title, { text, source: summary.source, date: summary.date });
      out[id] = {
        title,
        short: titles.short,
        full: titles.full,
        source: summary.source || null,
        date: summary.date || null,
      };
    }),
  );
  return out;
}

/** @template T @param {Promise<T>} promise @param {number} ms @returns {Promise<T>} */
function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (v) => {
        window.clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        window.clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** The reader's question as shown in the conversation. @param {string} question */
export function renderQuestion(question) {
  return h(
    "li",
    { class: "msg msg-user", attrs: { "data-testid": "user-message" } },
    h("span", { class: "visually-hidden", text: "You asked: " }),
    h("p", { class: "bubble bubble-user", text: question }),
  );
}

/** The placeholder while an answer is on its way. */
export function renderThinking() {
  return h(
    "li",
    { class: "msg msg-assistant", attrs: { "data-testid": "thinking", "aria-busy": "true" } },
    h(
      "div",
      { class: "thinking" },
      h("span", { class: "dots", attrs: { "aria-hidden": "true" } }, h("span"), h("span"), h("span")),
      h("span", { class: "thinking-text", text: "Searching the articles…" }),
    ),
  );
}
