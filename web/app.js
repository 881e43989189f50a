// Verbatim web chat. Plain ES module, no framework, no build step.
//
// Security rule for this file: text that comes from the user or the server is
// only ever put into the page with createElement / textContent / text nodes.
// Nothing here uses innerHTML, insertAdjacentHTML, document.write, inline
// styles or inline event handlers (the page runs under `script-src 'self'`).

const MAX_HISTORY_TURNS = 20; // the API accepts at most 20 history turns
const MAX_TURN_CHARS = 4000; // ... of at most 4000 characters each
const MAX_SUGGESTIONS = 6;
const MAX_STORED_TURNS = 50; // answers kept in sessionStorage for reload / Back / Forward
const STORE_KEY = "verbatim.chat.v1";
const ID_RE = /^[A-Za-z0-9_-]{1,200}$/;

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const els = {
  form: /** @type {HTMLFormElement} */ ($("composer")),
  question: /** @type {HTMLTextAreaElement} */ ($("question")),
  ask: /** @type {HTMLButtonElement} */ ($("ask")),
  conversation: $("conversation"),
  notices: $("notices"),
  empty: $("empty"),
  suggestionsBlock: $("suggestions-block"),
  suggestions: $("suggestions"),
  corpusNote: $("corpus-note"),
  newChat: $("new-chat"),
  tabChat: $("tab-chat"),
  tabArticles: $("tab-articles"),
  viewChat: $("view-chat"),
  viewArticles: $("view-articles"),
  articleList: $("article-list"),
  articlesStatus: $("articles-status"),
  panel: $("panel"),
  backdrop: $("panel-backdrop"),
  panelKicker: $("panel-kicker"),
  panelTitle: $("panel-title"),
  panelMeta: $("panel-meta"),
  panelBody: $("panel-body"),
  panelClose: $("panel-close"),
  panelJump: $("panel-jump"),
  panelOriginal: /** @type {HTMLAnchorElement} */ ($("panel-original")),
  copyLink: $("copy-link"),
  copyStatus: $("copy-status"),
  announcer: $("announcer"),
};

const state = {
  /** @type {{role: "user" | "assistant", content: string}[]} */
  history: [],
  /** @type {AbortController | null} */
  pending: null,
  /** bumped by "New chat" so late answers of an old chat are dropped */
  generation: 0,
  /** @type {Promise<Map<string, any>> | null} */
  articlesPromise: null,
  /** @type {Map<string, Promise<any>>} */
  articleCache: new Map(),
  /** @type {HTMLElement | null} */
  panelReturnFocus: null,
  panelToken: 0,
  /** @type {string} */
  panelLink: "",
  /** what the panel shows, "c:<citation id>" or "a:<article id>"; "" when closed */
  panelKey: "",
  /** the panel body is being scrolled by the page, not the reader */
  panelAutoScroll: false,
  panelLastTop: 0,
  /**
   * The conversation as shown, kept in sessionStorage so it survives reload and Back/Forward.
   * @type {{question: string, data: any, articles: Record<string, any>}[]}
   */
  turns: [],
};

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
/** Wide screens show the panel beside the chat; narrower ones over it, as a modal. */
const sideBySide = window.matchMedia("(min-width: 1180px)");
const background = [document.querySelector(".topbar"), $("main"), els.form].filter(Boolean);

// ---------------------------------------------------------------- DOM helpers

/**
 * Tiny element builder. `props` keys: class, text, attrs (object of attribute
 * values), on (object of event listeners). Children: nodes or strings (strings
 * become text nodes, never markup).
 * @param {string} tag
 * @param {{class?: string, text?: string, attrs?: Record<string, string | number | boolean | null | undefined>, on?: Record<string, EventListener>}} [props]
 * @param {...(Node | string | null | undefined | false)} children
 */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.attrs) {
    for (const [name, value] of Object.entries(props.attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (/^on/i.test(name) || name === "style" || name === "href" || name === "src") {
        throw new Error(`h(): refusing to set attribute ${name}`);
      }
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  if (props.on) for (const [type, fn] of Object.entries(props.on)) el.addEventListener(type, fn);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";
/** @param {string} d one or more path data strings separated by "|" */
function icon(d, cls = "icon") {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", cls);
  for (const part of d.split("|")) {
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", part);
    svg.append(path);
  }
  return svg;
}
const ICON_INFO = "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z|M12 11v5|M12 7.5v.5";
const ICON_ALERT = "M12 4 2.8 19.5h18.4z|M12 10v4.5|M12 17v.3";
const ICON_CHECK = "M5 12.5l4.5 4.5L19 7.5";

/** Only http(s) links from the data may become hrefs. */
function safeHttpUrl(value) {
  if (typeof value !== "string" || !value) return null;
  try {
    const url = new URL(value, location.origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function announce(text) {
  els.announcer.textContent = "";
  // A fresh text node after a tick makes screen readers announce repeats too.
  window.setTimeout(() => {
    els.announcer.textContent = text;
  }, 50);
}

function scrollBehavior() {
  return reducedMotion.matches ? "auto" : "smooth";
}

// ---------------------------------------------------------------- formatting

/**
 * Dates are shown exactly as the article states them: a reformatted date
 * would be a claim the article never made.
 * @param {string | null | undefined} value
 */
function formatDate(value) {
  return value || "";
}

/** "Source · Date" from whatever is known. */
function metaLine(...parts) {
  return parts.filter((p) => typeof p === "string" && p.trim()).join(" · ");
}

function readingTime(chars) {
  if (typeof chars !== "number" || chars <= 0) return "";
  const minutes = Math.max(1, Math.round(chars / 5 / 220));
  return `${minutes} min read`;
}

/** Words a clause should not end on. */
const DANGLING = /\s+(?:a|an|the|of|for|to|in|on|at|by|from|with|and|or|but|as|that|which|who|its|his|her|their|our|this|these)$/i;

/**
 * A readable short title. A headline is kept as it is; a title the server cut from the
 * article's first sentence ("… with a call for a…") becomes that sentence's first clause,
 * ended at a natural break (a comma, a dash, "and", "between", …), never a bare "…".
 * @param {string} title
 * @param {{text?: string, source?: string | null, date?: string | null}} [article]
 */
function shortTitle(title, article = {}) {
  return articleTitles(title, article).short;
}

/**
 * The short title, and the full one to show on hover and focus: the headline, or for an
 * article without one, its whole first sentence when known.
 * @param {string} title
 * @param {{text?: string, source?: string | null, date?: string | null}} [article]
 */
function articleTitles(title, article = {}) {
  const full = String(title || "").trim();
  if (!full) return { short: "Untitled article", full: "Untitled article" };
  if (!full.endsWith("…")) return { short: full, full };
  const stem = full.slice(0, -1).trim();
  let sentence = stem;
  let whole = false; // the whole first sentence, not the server's cut
  const text = typeof article.text === "string" ? article.text.trim() : "";
  if (text.startsWith(stem.slice(0, 40))) {
    const line = text.split("\n")[0];
    const end = /[.!?]["”’)]*(?=\s|$)/g;
    end.lastIndex = Math.min(20, line.length);
    const m = end.exec(line);
    sentence = (m ? line.slice(0, m.index) : line).trim();
    whole = true;
  }
  const long = whole ? sentence : full;
  const clause = firstClause(sentence, whole);
  if (clause) return { short: clause, full: long };
  const stated = [article.source, article.date].filter((x) => typeof x === "string" && x.trim());
  if (stated.length) return { short: stated.join(" — "), full: long };
  const cut = stem.replace(DANGLING, "").replace(DANGLING, "");
  return { short: `${cut}…`, full: long };
}

/** @param {string} sentence @param {boolean} whole false when the sentence was cut off */
function firstClause(sentence, whole, max = 120) {
  const s = sentence.replace(/[.!?]+$/, "").trim();
  if (whole && s.length <= 100) return s;
  const tidy = (t) => {
    let out = t.trim().replace(/[,;:]+$/, "");
    out = out.replace(/[,;:]+(["”’])$/, "$1"); // “for now,” → “for now”
    while (DANGLING.test(out)) out = out.replace(DANGLING, "");
    return out.length >= 24 ? out : "";
  };
  /** @param {RegExp} re */
  const lastBreak = (re) => {
    let best = "";
    for (const m of s.matchAll(re)) {
      let at = /** @type {number} */ (m.index);
      if (at > max) break;
      const closing = /^[,;:]["”’]/.test(m[0]) ? 2 : 0; // keep a closing quote after the comma
      const t = tidy(s.slice(0, at + closing));
      if (t) best = t;
    }
    return best;
  };
  return (
    lastBreak(/[,;:]["”’]?\s|\s[—–-]\s|\s\(/g) ||
    lastBreak(/\s(?:and|but|as|after|before|while|despite|with|between|because|which|amid|when|where|according)\s/g) ||
    ""
  );
}

/** The answer text without citation markers, for screen readers. */
function plainAnswer(text) {
  return text.replace(/\s*\[\d+\]/g, "").replace(/\s+/g, " ").trim();
}

// ---------------------------------------------------------------- API

class ApiError extends Error {
  /** @param {string} message @param {string} code @param {number} status */
  constructor(message, code, status) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
  }
}

/**
 * @param {string} path
 * @param {{method?: string, body?: unknown, signal?: AbortSignal}} [options]
 */
async function api(path, { method = "GET", body, signal } = {}) {
  /** @type {Response} */
  let res;
  try {
    res = await fetch(path, {
      method,
      signal,
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError("Couldn’t reach the Verbatim server. Check your connection and try again.", "network", 0);
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const serverMessage = data && data.error && typeof data.error.message === "string" ? data.error.message : "";
    const code = data && data.error && typeof data.error.code === "string" ? data.error.code : `http_${res.status}`;
    let message = serverMessage || `The server answered with status ${res.status}.`;
    if (res.status === 429) message = "Too many questions in a short time. Wait a moment, then try again.";
    else if (res.status >= 500) message = "Something went wrong on the server. Please try again.";
    throw new ApiError(message, code, res.status);
  }
  if (data === null) throw new ApiError("The server sent a response that couldn’t be read.", "bad_response", res.status);
  return data;
}

/** Article summaries by id; never rejects (an empty map when unavailable). */
function loadArticles() {
  if (!state.articlesPromise) {
    state.articlesPromise = api("/api/articles")
      .then((list) => new Map((Array.isArray(list) ? list : []).map((a) => [a.id, a])))
      .catch((err) => {
        state.articlesPromise = null; // let a later call retry
        throw err;
      });
  }
  return state.articlesPromise;
}

function articleSummaries() {
  return loadArticles().catch(() => new Map());
}

/** @param {string} id */
function loadArticle(id) {
  let p = state.articleCache.get(id);
  if (!p) {
    p = api(`/api/articles/${encodeURIComponent(id)}`);
    p.catch(() => state.articleCache.delete(id));
    state.articleCache.set(id, p);
  }
  return p;
}

// ---------------------------------------------------------------- conversation

function hideEmpty() {
  els.empty.hidden = true;
}

function scrollToEl(el, block = "end") {
  el.scrollIntoView({ block, behavior: scrollBehavior() });
}

/** @param {string} question */
function appendUser(question) {
  const li = h(
    "li",
    { class: "msg msg-user", attrs: { "data-testid": "user-message" } },
    h("span", { class: "visually-hidden", text: "You asked: " }),
    h("p", { class: "bubble bubble-user", text: question }),
  );
  els.conversation.append(li);
  return li;
}

function appendThinking() {
  const li = h(
    "li",
    { class: "msg msg-assistant", attrs: { "data-testid": "thinking", "aria-busy": "true" } },
    h(
      "div",
      { class: "thinking" },
      h("span", { class: "dots", attrs: { "aria-hidden": "true" } }, h("span"), h("span"), h("span")),
      h("span", { class: "thinking-text", text: "Searching the articles…" }),
    ),
  );
  els.conversation.append(li);
  return li;
}

/**
 * Split "One. [1] Two. [2]" into sentences, each with the markers that follow it.
 * @param {string} text
 * @returns {{text: string, markers: number[]}[]}
 */
function splitAnswer(text) {
  const parts = text.split(/\s*\[(\d+)\]/);
  /** @type {{text: string, markers: number[]}[]} */
  const sentences = [];
  for (let i = 0; i < parts.length; i += 1) {
    if (i % 2 === 1) {
      const n = Number(parts[i]);
      if (sentences.length === 0) sentences.push({ text: "", markers: [] });
      sentences[sentences.length - 1].markers.push(n);
    } else {
      const t = parts[i].trim();
      if (t) sentences.push({ text: t, markers: [] });
    }
  }
  return sentences;
}

/** @param {any} cit @param {{short?: string} | undefined} info */
function citationButton(cit, info) {
  const label = (info && info.short) || shortTitle(cit.title);
  return h(
    "button",
    {
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
      on: { click: (e) => openCitation(cit, /** @type {HTMLElement} */ (e.currentTarget)) },
    },
  );
}

/**
 * @param {any} data AnswerResponse
 * @param {Record<string, {title?: string, short?: string, source?: string | null, date?: string | null}>} articles
 *   what is known about the cited articles, by id (see describeArticles)
 */
function renderAnswer(data, articles) {
  const citations = Array.isArray(data.citations) ? [...data.citations].sort((a, b) => a.n - b.n) : [];
  const byN = new Map(citations.map((c) => [c.n, c]));
  const li = h("li", { class: "msg msg-assistant", attrs: { "data-testid": "answer" } });
  li.append(h("span", { class: "visually-hidden", text: "Verbatim answered: " }));

  if (data.abstained) {
    li.classList.add("is-abstained");
    const card = h(
      "div",
      { class: "bubble bubble-abstain", attrs: { "data-testid": "abstention" } },
      icon(ICON_INFO, "icon abstain-icon"),
      h(
        "div",
        { class: "abstain-body" },
        h("p", { class: "abstain-title", text: data.answer || "I couldn’t find an answer in the articles." }),
        data.abstainReason && !String(data.answer || "").includes(data.abstainReason) ? h("p", { class: "abstain-reason", attrs: { "data-testid": "abstain-reason" } }, h("span", { class: "abstain-why", text: "Why: " }), data.abstainReason) : null,
        h(
          "p",
          { class: "abstain-hint" },
          "Verbatim only answers with sentences it can quote. Try rephrasing, or ",
          h("button", {
            class: "link-btn",
            text: "browse the articles",
            attrs: { type: "button", "data-testid": "browse-articles" },
            on: { click: () => showView("articles") },
          }),
          ".",
        ),
      ),
    );
    li.append(card);
    return li;
  }

  const bubble = h("div", { class: "bubble bubble-answer" });
  const p = h("p", { class: "answer-text" });
  for (const sentence of splitAnswer(String(data.answer || ""))) {
    const span = h("span", { class: "sentence", attrs: { "data-cites": sentence.markers.join(" ") || null } });
    if (sentence.text) span.append(sentence.text);
    for (const n of sentence.markers) {
      const cit = byN.get(n);
      span.append(" ");
      span.append(cit ? citationButton(cit, articles[cit.articleId]) : `[${n}]`);
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
    const headingId = `sources-${Math.random().toString(36).slice(2, 10)}`;
    const list = h("ul", { class: "sources", attrs: { "aria-labelledby": headingId } });
    for (const group of byArticle.values()) {
      const item = renderSource(group, articles[group[0].articleId]);
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

  li.append(bubble);
  return li;
}

/** "Answered in 146 ms: understanding the question 9 ms, searching 12 ms." */
function describeTimings(timings) {
  if (!timings || typeof timings.totalMs !== "number") return "";
  const ms = (v) => `${Math.max(0, Math.round(v))} ms`;
  const parts = [];
  if (typeof timings.embedMs === "number") parts.push(`reading the question ${ms(timings.embedMs)}`);
  if (typeof timings.searchMs === "number") parts.push(`searching the articles ${ms(timings.searchMs)}`);
  return `Answered in ${ms(timings.totalMs)}${parts.length ? ` (${parts.join(", ")})` : ""}.`;
}

/**
 * One source row: the article's markers, then its short title; the full title on hover and focus.
 * @param {any[]} group the citations of one article, by n
 * @param {{title?: string, short?: string, full?: string, source?: string | null, date?: string | null} | undefined} info
 */
function renderSource(group, info = {}) {
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
        on: { click: (e) => openCitation(cit, /** @type {HTMLElement} */ (e.currentTarget)) },
      }),
    );
  }
  const tipId = `tip-${Math.random().toString(36).slice(2, 10)}`;
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
      on: { click: (e) => openCitation(first, /** @type {HTMLElement} */ (e.currentTarget)) },
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
              openCitationById(other.id, /** @type {HTMLElement} */ (e.currentTarget), {
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

/** @param {ApiError | Error} err @param {string} question */
function renderError(err, question, userLi) {
  const li = h("li", { class: "msg msg-assistant", attrs: { "data-testid": "error" } });
  const retry = h("button", {
    class: "btn btn-small",
    text: "Try again",
    attrs: { type: "button" },
    on: {
      click: () => {
        li.remove();
        if (userLi) userLi.remove();
        void ask(question);
      },
    },
  });
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

function setBusy(busy) {
  els.form.classList.toggle("is-busy", busy);
  els.ask.setAttribute("aria-disabled", busy ? "true" : "false");
  els.conversation.setAttribute("aria-busy", busy ? "true" : "false");
}

/**
 * What the answer's source rows show about each cited article: full title, short title,
 * stated source and date. Short titles of articles without a headline need the article's
 * first sentence; those articles are fetched now (the panel would fetch them anyway).
 * @param {any} data @param {Map<string, any>} summaries
 */
async function describeArticles(data, summaries) {
  const citations = Array.isArray(data.citations) ? data.citations : [];
  const ids = [...new Set(citations.map((c) => c.articleId).filter((id) => typeof id === "string"))];
  /** @type {Record<string, {title: string, short: string, full: string, source: string | null, date: string | null}>} */
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

/** The parts of an answer the page shows again after a reload (no debug trace). */
function keepable(data) {
  const { question, answer, abstained, abstainReason, citations, timings } = data;
  return { question, answer, abstained, abstainReason, citations, timings };
}

// ---------------------------------------------------------------- this tab's conversation

/** sessionStorage, or null where the browser refuses it (privacy modes, sandboxed frames). */
function tabStorage() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function saveChat() {
  const store = tabStorage();
  if (!store) return;
  state.turns = state.turns.slice(-MAX_STORED_TURNS);
  const value = JSON.stringify({ v: 1, turns: state.turns, history: state.history });
  try {
    store.setItem(STORE_KEY, value);
  } catch {
    // Full: keep the newer half, or nothing.
    try {
      state.turns = state.turns.slice(Math.floor(state.turns.length / 2));
      store.setItem(STORE_KEY, JSON.stringify({ v: 1, turns: state.turns, history: state.history }));
    } catch {
      store.removeItem(STORE_KEY);
    }
  }
}

function clearSavedChat() {
  const store = tabStorage();
  try {
    if (store) store.removeItem(STORE_KEY);
  } catch {
    /* nothing to clear */
  }
}

/** Show the conversation this tab had before a reload or a Back/Forward into the page. */
function restoreChat() {
  const store = tabStorage();
  let saved = null;
  try {
    saved = store ? JSON.parse(store.getItem(STORE_KEY) || "null") : null;
  } catch {
    saved = null;
  }
  if (!saved || saved.v !== 1 || !Array.isArray(saved.turns) || !saved.turns.length) return false;
  const turns = saved.turns.filter(
    (t) => t && typeof t.question === "string" && t.data && typeof t.data === "object" && t.articles && typeof t.articles === "object",
  );
  if (!turns.length) return false;
  hideEmpty();
  for (const turn of turns) {
    appendUser(turn.question);
    els.conversation.append(renderAnswer(turn.data, turn.articles));
  }
  state.turns = turns;
  state.history = Array.isArray(saved.history)
    ? saved.history
        .filter((m) => m && (m.role === "user" || m.role === "assistant") && typeof m.content === "string")
        .map((m) => ({ role: m.role, content: m.content.slice(0, MAX_TURN_CHARS) }))
        .slice(-MAX_HISTORY_TURNS)
    : [];
  return true;
}

/** A citation of the conversation by id, so a reopened permalink keeps its number. */
function knownCitation(id) {
  for (let i = state.turns.length - 1; i >= 0; i -= 1) {
    const cits = state.turns[i].data.citations;
    const found = Array.isArray(cits) ? cits.find((c) => c && c.id === id) : null;
    if (found) return found;
  }
  return null;
}

/** @param {string} raw */
async function ask(raw) {
  const question = String(raw || "").trim();
  if (!question || state.pending) return;
  showView("chat", false);
  hideEmpty();
  const userLi = appendUser(question);
  const thinking = appendThinking();
  scrollToEl(thinking);
  announce("Searching the articles…");

  const controller = new AbortController();
  state.pending = controller;
  setBusy(true);
  const generation = state.generation;
  const history = state.history.slice(-MAX_HISTORY_TURNS);
  /** @type {Record<string, unknown>} */
  const body = { question: question.slice(0, 1000) };
  if (history.length) body.history = history;

  try {
    const [data, summaries] = await Promise.all([
      api("/api/answer", { method: "POST", body, signal: controller.signal }),
      articleSummaries(),
    ]);
    if (generation !== state.generation) return;
    const articles = await describeArticles(data, summaries);
    if (generation !== state.generation) return;
    const li = renderAnswer(data, articles);
    thinking.replaceWith(li);
    state.history.push(
      { role: "user", content: question.slice(0, MAX_TURN_CHARS) },
      { role: "assistant", content: String(data.answer || "").slice(0, MAX_TURN_CHARS) },
    );
    if (state.history.length > MAX_HISTORY_TURNS) state.history = state.history.slice(-MAX_HISTORY_TURNS);
    state.turns.push({ question, data: keepable(data), articles });
    saveChat();
    // Show the question with its answer below it.
    scrollToEl(userLi, "start");
    if (data.abstained) {
      announce(`No answer found. ${data.answer || ""} ${data.abstainReason ? `Reason: ${data.abstainReason}` : ""}`);
    } else {
      const n = Array.isArray(data.citations) ? data.citations.length : 0;
      announce(`Answer: ${plainAnswer(String(data.answer || ""))} ${n} source${n === 1 ? "" : "s"}.`);
    }
  } catch (err) {
    if (generation !== state.generation) return;
    if (err instanceof DOMException && err.name === "AbortError") {
      thinking.remove();
      return;
    }
    const li = renderError(/** @type {Error} */ (err), question, userLi);
    thinking.replaceWith(li);
    scrollToEl(li);
    announce(`Error: ${/** @type {Error} */ (err).message}`);
  } finally {
    if (state.pending === controller) {
      state.pending = null;
      setBusy(false);
    }
  }
}

function newChat() {
  state.generation += 1;
  if (state.pending) state.pending.abort();
  state.pending = null;
  setBusy(false);
  state.history = [];
  state.turns = [];
  clearSavedChat();
  els.conversation.replaceChildren();
  els.notices.replaceChildren();
  els.empty.hidden = false;
  els.question.value = "";
  closePanel(false);
  if (location.search) history.replaceState(null, "", location.pathname);
  showView("chat", false);
  window.scrollTo({ top: 0 });
  els.question.focus();
  announce("Started a new chat.");
}

// ---------------------------------------------------------------- article panel

function panelIsOpen() {
  return !els.panel.hidden;
}

/** In overlay mode the page behind the panel is inert, so focus stays in the panel. */
function syncPanelModality() {
  const modal = panelIsOpen() && !sideBySide.matches;
  for (const el of background) /** @type {HTMLElement} */ (el).inert = modal;
  els.panel.setAttribute("aria-modal", String(modal));
}

/**
 * Show the panel shell right away; the body is filled in when the article loads.
 * @param {{title?: string, kicker: string}} head
 * @param {HTMLElement | null} trigger
 */
function showPanelShell(head, trigger) {
  state.panelToken += 1;
  if (!panelIsOpen()) state.panelReturnFocus = trigger || /** @type {HTMLElement | null} */ (document.activeElement);
  else if (trigger) state.panelReturnFocus = trigger;
  els.panelKicker.textContent = head.kicker;
  els.panelTitle.textContent = head.title || "Loading article…";
  els.panelMeta.textContent = "";
  els.panelJump.hidden = true;
  els.copyLink.hidden = true;
  els.panelOriginal.hidden = true;
  els.panelOriginal.removeAttribute("href");
  els.copyStatus.textContent = "";
  els.panelBody.replaceChildren(h("p", { class: "panel-loading", text: "Loading article…" }));
  els.panelBody.scrollTop = 0;
  els.panel.classList.remove("is-compact");
  state.panelLastTop = 0;
  els.panel.hidden = false;
  els.backdrop.hidden = false;
  document.body.classList.add("panel-open");
  syncPanelModality();
  els.panelTitle.focus({ preventScroll: true });
  return state.panelToken;
}

function closePanel(restoreFocus = true) {
  if (!panelIsOpen()) return;
  state.panelToken += 1;
  state.panelKey = "";
  els.panel.hidden = true;
  els.backdrop.hidden = true;
  document.body.classList.remove("panel-open");
  syncPanelModality();
  const target = state.panelReturnFocus;
  state.panelReturnFocus = null;
  if (restoreFocus) {
    if (target && target.isConnected && target !== document.body) target.focus();
    else els.question.focus();
  }
}

/**
 * Build the article text as paragraphs, wrapping text.slice(start, end) in <mark>.
 * @param {string} text
 * @param {{start?: number, end?: number, quote?: string} | null} quote
 */
function renderArticleText(text, quote) {
  let start = -1;
  let end = -1;
  if (quote) {
    const s = quote.start;
    const e = quote.end;
    const valid = typeof s === "number" && typeof e === "number" && s >= 0 && e > s && e <= text.length;
    if (valid && (typeof quote.quote !== "string" || text.slice(s, e) === quote.quote)) {
      start = s;
      end = e;
    } else if (typeof quote.quote === "string" && quote.quote) {
      const i = text.indexOf(quote.quote);
      if (i >= 0) {
        start = i;
        end = i + quote.quote.length;
      }
    }
  }
  const container = h("div", { class: "article-text" });
  /** @type {HTMLElement | null} */
  let firstMark = null;
  const re = /[^\n]+/g;
  let m;
  while ((m = re.exec(text)) !== null) {
    const para = m[0];
    if (!para.trim()) continue;
    const ps = m.index;
    const pe = ps + para.length;
    const p = h("p");
    if (start >= 0 && start < pe && end > ps) {
      const a = Math.max(start, ps) - ps;
      const b = Math.min(end, pe) - ps;
      const mark = h("mark", { class: "quote-mark", text: para.slice(a, b) });
      if (!firstMark) {
        firstMark = mark;
        mark.setAttribute("tabindex", "-1");
        mark.setAttribute("data-testid", "quote");
      }
      p.append(para.slice(0, a), mark, para.slice(b));
      p.classList.add("has-mark");
    } else {
      p.append(para);
    }
    container.append(p);
  }
  if (!container.childNodes.length) container.append(h("p", { class: "muted", text: "This article has no text." }));
  return { container, mark: firstMark };
}

/**
 * @param {string} articleId
 * @param {{citationId?: string, start?: number, end?: number, quote?: string, n?: number, title?: string}} opts
 * @param {HTMLElement | null} trigger
 */
async function openArticle(articleId, opts, trigger) {
  const kicker = opts.citationId ? (opts.n ? `Source ${opts.n} · quote highlighted` : "Quote highlighted") : "Article";
  const token = showPanelShell({ title: opts.title, kicker }, trigger);
  state.panelKey = opts.citationId ? `c:${opts.citationId}` : `a:${articleId}`;
  let article;
  let articles;
  try {
    [article, articles] = await Promise.all([loadArticle(articleId), articleSummaries()]);
  } catch (err) {
    if (token !== state.panelToken) return;
    els.panelTitle.textContent = opts.title || "Article unavailable";
    els.panelBody.replaceChildren(
      h("p", { class: "panel-error", attrs: { role: "alert" }, text: `Couldn’t open the article: ${/** @type {Error} */ (err).message}` }),
    );
    return;
  }
  if (token !== state.panelToken) return;
  const summary = articles.get(articleId);
  els.panelTitle.textContent = article.title || opts.title || "Untitled article";
  els.panelMeta.textContent = metaLine(
    article.source || (summary && summary.source),
    formatDate(article.date || (summary && summary.date)),
    readingTime(typeof article.text === "string" ? article.text.length : 0),
  );
  const original = safeHttpUrl(article.url);
  if (original) {
    els.panelOriginal.href = original;
    els.panelOriginal.hidden = false;
  }
  state.panelLink = opts.citationId
    ? `${location.origin}/?c=${encodeURIComponent(opts.citationId)}`
    : `${location.origin}/?a=${encodeURIComponent(articleId)}`;
  els.copyLink.setAttribute("aria-label", opts.citationId ? "Copy link to this quote" : "Copy link to this article");
  els.copyLink.setAttribute("data-link", state.panelLink);
  els.copyLink.hidden = false;

  const { container, mark } = renderArticleText(String(article.text || ""), opts.citationId ? opts : null);
  els.panelBody.replaceChildren(container);
  if (mark) {
    els.panelJump.hidden = false;
    // Let layout settle, then bring the quote to the middle of the panel.
    requestAnimationFrame(() => {
      if (token !== state.panelToken) return;
      state.panelAutoScroll = true;
      mark.scrollIntoView({ block: "center", behavior: "auto" });
      // Scroll events of this scroll arrive before the next frames.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          state.panelAutoScroll = false;
          state.panelLastTop = els.panelBody.scrollTop;
        }),
      );
    });
  } else if (opts.citationId) {
    els.panelBody.prepend(h("p", { class: "panel-note", text: "The quoted sentence couldn’t be located in this version of the article." }));
  }
  announce(`Opened article: ${els.panelTitle.textContent}.`);
}

/** @param {any} cit @param {HTMLElement | null} trigger */
function openCitation(cit, trigger, record = true) {
  if (record) recordPanel(`c:${cit.id}`);
  void openArticle(
    cit.articleId,
    { citationId: cit.id, start: cit.start, end: cit.end, quote: cit.quote, n: cit.n, title: cit.title },
    trigger,
  );
}

/**
 * Open a citation known only by id (permalinks, "also in" links).
 * @param {string} id
 * @param {HTMLElement | null} trigger
 * @param {{articleId?: string, title?: string, quote?: string}} [hint]
 */
async function openCitationById(id, trigger, hint = {}, record = true) {
  if (!ID_RE.test(id)) {
    leavePanelUrl();
    showNotice("That citation link isn’t valid.");
    return;
  }
  if (record) recordPanel(`c:${id}`);
  const token = showPanelShell({ title: hint.title, kicker: "Quote highlighted" }, trigger);
  state.panelKey = `c:${id}`;
  try {
    const detail = await api(`/api/citations/${encodeURIComponent(id)}`);
    if (token !== state.panelToken) return;
    await openArticle(
      detail.articleId,
      { citationId: detail.id || id, start: detail.start, end: detail.end, quote: detail.quote, title: detail.title },
      trigger,
    );
  } catch (err) {
    if (token !== state.panelToken) return;
    if (hint.articleId) {
      // Fall back to locating the quote text in the article.
      await openArticle(hint.articleId, { citationId: id, quote: hint.quote, title: hint.title }, trigger);
      return;
    }
    closePanel(false);
    leavePanelUrl();
    showNotice(
      /** @type {ApiError} */ (err).status === 404
        ? "That citation link doesn’t point to a quote that exists any more."
        : `Couldn’t open the citation: ${/** @type {Error} */ (err).message}`,
    );
  }
}

// ---------------------------------------------------------------- address and history
//
// The open panel lives in the address (?c=<citation id> or ?a=<article id>) as its own
// history entry: Back closes the panel, Forward opens it again, and closing it goes back
// to the address without it, so a reload does not reopen it.

/** "c:<id>" / "a:<id>" from the address, or "". */
function keyFromUrl() {
  const params = new URLSearchParams(location.search);
  const c = params.get("c");
  if (c) return `c:${c}`;
  const a = params.get("a");
  if (a) return `a:${a}`;
  return "";
}

/** @param {string} key */
function urlForKey(key) {
  return `${location.pathname}?${key[0]}=${encodeURIComponent(key.slice(2))}`;
}

/** Is the current history entry one this page made for an open panel? */
function onPanelEntry() {
  return Boolean(history.state && history.state.verbatimPanel);
}

/** Put an opened panel in the address: a new entry, or this one when a panel is already open. */
function recordPanel(key) {
  if (onPanelEntry() && panelIsOpen()) history.replaceState({ verbatimPanel: key }, "", urlForKey(key));
  else if (!onPanelEntry() || keyFromUrl() !== key) history.pushState({ verbatimPanel: key }, "", urlForKey(key));
}

/** Take the panel out of the address: back to the entry before it, or drop the parameter. */
function leavePanelUrl() {
  if (onPanelEntry()) history.back();
  else if (keyFromUrl()) history.replaceState(null, "", location.pathname);
}

/** Close button, Escape, backdrop: like Back, so the address and history agree. */
function requestClosePanel() {
  if (!panelIsOpen()) return;
  if (onPanelEntry()) history.back(); // popstate closes the panel and returns focus
  else {
    closePanel();
    leavePanelUrl();
  }
}

/** The control that opens this panel, to return focus to when it closes. */
function triggerFor(key) {
  if (key.startsWith("c:")) {
    const id = key.slice(2);
    const chip = [...document.querySelectorAll("[data-citation-id]")].find((el) => el.getAttribute("data-citation-id") === id);
    if (chip) return /** @type {HTMLElement} */ (chip);
  }
  return els.question;
}

/** Open what the address names (boot, Forward), without adding history. */
function openFromKey(key) {
  const id = key.slice(2);
  const trigger = triggerFor(key);
  if (key.startsWith("c:")) {
    const known = ID_RE.test(id) ? knownCitation(id) : null;
    if (known) openCitation(known, trigger, false);
    else void openCitationById(id, trigger, {}, false);
  } else if (ID_RE.test(id)) {
    void openArticle(id, {}, trigger);
  } else {
    leavePanelUrl();
  }
}

window.addEventListener("popstate", () => {
  const key = keyFromUrl();
  if (!key) closePanel();
  else if (key !== state.panelKey || !panelIsOpen()) openFromKey(key);
});

/** A notice at the top of the chat (bad permalinks), scrolled into view above the question box. */
function showNotice(text) {
  showView("chat", false);
  const note = h(
    "div",
    { class: "msg notice", attrs: { "data-testid": "error" } },
    h(
      "div",
      { class: "bubble bubble-error", attrs: { role: "alert" } },
      icon(ICON_ALERT, "icon error-icon"),
      h(
        "div",
        { class: "error-body" },
        h("p", { class: "error-text", text }),
        h("button", {
          class: "btn btn-small",
          text: "Dismiss",
          attrs: { type: "button", "data-testid": "dismiss" },
          on: {
            click: () => {
              note.remove();
              els.question.focus();
            },
          },
        }),
      ),
    ),
  );
  els.notices.replaceChildren(note);
  requestAnimationFrame(() => note.scrollIntoView({ block: "nearest", behavior: scrollBehavior() }));
}

async function copyLink() {
  const link = state.panelLink;
  if (!link) return;
  let ok = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(link);
      ok = true;
    }
  } catch {
    ok = false;
  }
  if (!ok) {
    // Fallback for insecure contexts or denied clipboard permission.
    const tmp = h("textarea", { class: "offscreen", attrs: { readonly: true, "aria-hidden": "true", tabindex: "-1" } });
    tmp.textContent = link;
    document.body.append(tmp);
    /** @type {HTMLTextAreaElement} */ (tmp).select();
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    tmp.remove();
    els.copyLink.focus();
  }
  els.copyStatus.textContent = ok ? "Link copied" : `Copy this link: ${link}`;
  els.copyStatus.classList.toggle("is-ok", ok);
  window.setTimeout(() => {
    if (els.copyStatus.textContent === "Link copied") els.copyStatus.textContent = "";
  }, 2500);
}

// ---------------------------------------------------------------- views

/** @param {"chat" | "articles"} view */
function showView(view, focusTab = true) {
  const chat = view === "chat";
  els.viewChat.hidden = !chat;
  els.viewArticles.hidden = chat;
  els.tabChat.setAttribute("aria-selected", String(chat));
  els.tabArticles.setAttribute("aria-selected", String(!chat));
  els.tabChat.tabIndex = chat ? 0 : -1;
  els.tabArticles.tabIndex = chat ? -1 : 0;
  document.body.dataset.view = view;
  if (focusTab) (chat ? els.tabChat : els.tabArticles).focus();
  if (!chat) void renderArticleList();
}

let articleListRendered = false;
async function renderArticleList() {
  if (articleListRendered) return;
  els.articlesStatus.textContent = "Loading articles…";
  let articles;
  try {
    articles = await loadArticles();
  } catch (err) {
    els.articlesStatus.textContent = `Couldn’t load the articles: ${/** @type {Error} */ (err).message}`;
    els.articlesStatus.classList.add("is-error");
    return;
  }
  if (articleListRendered) return;
  articleListRendered = true;
  els.articlesStatus.classList.remove("is-error");
  const list = [...articles.values()];
  els.articlesStatus.textContent = list.length ? `${list.length} article${list.length === 1 ? "" : "s"}` : "No articles yet.";
  const items = list.map((a) =>
    h(
      "li",
      { class: "article-item" },
      h(
        "button",
        {
          class: "article-btn",
          attrs: { type: "button", "data-testid": "article", "data-article-id": a.id },
          on: {
            click: (e) => {
              recordPanel(`a:${a.id}`);
              void openArticle(a.id, { title: a.title }, /** @type {HTMLElement} */ (e.currentTarget));
            },
          },
        },
        h("span", { class: "article-title", text: a.title || "Untitled article" }),
        h("span", { class: "article-meta", text: metaLine(a.source, formatDate(a.date), readingTime(a.chars)) || "Source unknown" }),
      ),
    ),
  );
  els.articleList.replaceChildren(...items);
}

async function loadSuggestions() {
  try {
    const data = await api("/api/suggestions");
    const questions = Array.isArray(data.questions) ? data.questions.filter((q) => typeof q === "string" && q.trim()) : [];
    if (!questions.length) return;
    els.suggestions.replaceChildren(
      ...questions.slice(0, MAX_SUGGESTIONS).map((q) =>
        h(
          "li",
          {},
          h("button", {
            class: "suggestion",
            text: q,
            attrs: { type: "button", "data-testid": "suggestion" },
            on: {
              click: () => {
                els.question.focus();
                void ask(q);
              },
            },
          }),
        ),
      ),
    );
    els.suggestionsBlock.hidden = false;
  } catch {
    // No suggestions endpoint (yet): the empty state simply shows none.
  }
}

async function loadCorpusNote() {
  try {
    const articles = await loadArticles();
    const n = articles.size;
    if (!n) return;
    const sources = new Set([...articles.values()].map((a) => a.source).filter(Boolean)).size;
    els.corpusNote.replaceChildren(
      `Answers come from ${n} article${n === 1 ? "" : "s"}${sources > 1 ? ` by ${sources} publishers` : ""}. `,
      h("button", {
        class: "link-btn",
        text: "Browse the articles",
        attrs: { type: "button" },
        on: { click: () => showView("articles") },
      }),
    );
  } catch {
    // The chat still works without the article list.
  }
}

// ---------------------------------------------------------------- wiring

els.form.addEventListener("submit", (event) => {
  event.preventDefault();
  const value = els.question.value;
  if (!value.trim()) {
    els.question.focus();
    return;
  }
  if (state.pending) return; // keep the text; it can be sent when the answer is in
  els.question.value = "";
  els.question.focus();
  void ask(value);
});

els.question.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || event.shiftKey || event.altKey || event.isComposing || event.keyCode === 229) return;
  event.preventDefault();
  els.form.requestSubmit();
});

// Browsers without `field-sizing: content` grow the box through classes (no inline styles).
if (!(window.CSS && CSS.supports("field-sizing", "content"))) {
  const fit = () => {
    const box = els.question;
    for (let rows = 1; rows <= 6; rows += 1) box.classList.remove(`rows-${rows}`);
    for (let rows = 1; rows <= 6; rows += 1) {
      if (rows > 1) box.classList.remove(`rows-${rows - 1}`);
      box.classList.add(`rows-${rows}`);
      if (box.scrollHeight <= box.clientHeight + 1) break;
    }
  };
  els.question.addEventListener("input", fit);
  els.form.addEventListener("submit", () => window.setTimeout(fit, 0));
}

els.newChat.addEventListener("click", newChat);
els.tabChat.addEventListener("click", () => showView("chat"));
els.tabArticles.addEventListener("click", () => showView("articles"));
for (const tab of [els.tabChat, els.tabArticles]) {
  tab.addEventListener("keydown", (event) => {
    if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
    event.preventDefault();
    const toArticles = event.key === "End" || ((event.key === "ArrowRight" || event.key === "ArrowLeft") && tab === els.tabChat);
    showView(toArticles ? "articles" : "chat");
  });
}

sideBySide.addEventListener("change", syncPanelModality);
// The panel's header folds to one line while you read on (scrolling down), and unfolds
// when you scroll back up or reach the top. Scrolling done by the page (to the quote) does not count.
els.panelBody.addEventListener(
  "scroll",
  () => {
    const top = els.panelBody.scrollTop;
    if (state.panelAutoScroll) {
      state.panelLastTop = top;
      return;
    }
    // panelLastTop is the turning point: the lowest point while unfolded, the highest while folded.
    const compact = els.panel.classList.contains("is-compact");
    if (!compact && top > 48 && top - state.panelLastTop > 16) els.panel.classList.add("is-compact");
    else if (compact && (top < 8 || state.panelLastTop - top > 32)) els.panel.classList.remove("is-compact");
    const nowCompact = els.panel.classList.contains("is-compact");
    if (nowCompact !== compact || (nowCompact ? top > state.panelLastTop : top < state.panelLastTop)) state.panelLastTop = top;
  },
  { passive: true },
);
els.panelClose.addEventListener("click", requestClosePanel);
els.backdrop.addEventListener("click", requestClosePanel);
els.copyLink.addEventListener("click", () => void copyLink());
els.panelJump.addEventListener("click", () => {
  const mark = els.panelBody.querySelector("mark");
  if (mark) {
    mark.scrollIntoView({ block: "center", behavior: scrollBehavior() });
    /** @type {HTMLElement} */ (mark).focus({ preventScroll: true });
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && panelIsOpen()) {
    event.preventDefault();
    requestClosePanel();
  }
});

function boot() {
  document.body.dataset.view = "chat";
  void loadSuggestions();
  void loadCorpusNote();
  restoreChat();
  const key = keyFromUrl();
  if (key) {
    if (!onPanelEntry()) {
      // A permalink from elsewhere: put the chat behind it, so Back closes the article.
      const url = location.pathname + location.search;
      history.replaceState(null, "", location.pathname);
      history.pushState({ verbatimPanel: key }, "", url);
    }
    openFromKey(key);
  } else {
    els.question.focus({ preventScroll: true });
  }
}

boot();
