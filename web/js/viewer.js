// The chat's article panel: an article opened beside (wide screens) or over (narrow) the
// chat, with a cited quote marked, and the panel's place in the address and history.
import { els, announce, scrollBehavior } from "./chat-page.js";
import { knownCitation } from "./conversation.js";
import { h, safeHttpUrl } from "./dom.js";
import { emphasised } from "./emphasis.js";
import { formatDate, metaLine, readingTime } from "./format.js";

const ID_RE = /^[A-Za-z0-9_-]{1,200}$/;

/** Wide screens show the panel beside the chat; narrower ones over it, as a modal. */
const sideBySide = window.matchMedia("(min-width: 1180px)");
const background = [document.querySelector(".topbar"), document.getElementById("main"), els.form].filter(Boolean);

const state = {
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
};

/**
 * @type {{client: import("./api.js").Client, showNotice: (text: string) => void}}
 */
let deps;

export function panelIsOpen() {
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

export function closePanel(restoreFocus = true) {
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
 * @param {{start?: number, end?: number, quote?: string, emphasis?: unknown} | null} quote
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
      const mark = h("mark", { class: "quote-mark" }, ...emphasised(para.slice(a, b), quote));
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
 * @param {{citationId?: string, start?: number, end?: number, quote?: string, emphasis?: unknown, n?: number, title?: string}} opts
 * @param {HTMLElement | null} trigger
 */
export async function openArticle(articleId, opts, trigger) {
  const kicker = opts.citationId ? (opts.n ? `Source ${opts.n} · quote highlighted` : "Quote highlighted") : "Article";
  const token = showPanelShell({ title: opts.title, kicker }, trigger);
  state.panelKey = opts.citationId ? `c:${opts.citationId}` : `a:${articleId}`;
  let article;
  let articles;
  try {
    [article, articles] = await Promise.all([deps.client.loadArticle(articleId), deps.client.articleSummaries()]);
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
export function openCitation(cit, trigger, record = true) {
  if (record) recordPanel(`c:${cit.id}`);
  void openArticle(
    cit.articleId,
    { citationId: cit.id, start: cit.start, end: cit.end, quote: cit.quote, emphasis: cit.emphasis, n: cit.n, title: cit.title },
    trigger,
  );
}

/**
 * Open a citation known only by id (permalinks, "also in" links).
 * @param {string} id
 * @param {HTMLElement | null} trigger
 * @param {{articleId?: string, title?: string, quote?: string}} [hint]
 */
export async function openCitationById(id, trigger, hint = {}, record = true) {
  if (!ID_RE.test(id)) {
    leavePanelUrl();
    deps.showNotice("That citation link isn’t valid.");
    return;
  }
  if (record) recordPanel(`c:${id}`);
  const token = showPanelShell({ title: hint.title, kicker: "Quote highlighted" }, trigger);
  state.panelKey = `c:${id}`;
  try {
    const detail = await deps.client.citation(id);
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
    deps.showNotice(
      /** @type {import("./api.js").ApiError} */ (err).status === 404
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
export function keyFromUrl() {
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
export function onPanelEntry() {
  return Boolean(history.state && history.state.verbatimPanel);
}

/** Put an opened panel in the address: a new entry, or this one when a panel is already open. */
export function recordPanel(key) {
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
export function openFromKey(key) {
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

/**
 * Wire the panel's controls and Back/Forward.
 * @param {typeof deps} dependencies
 */
export function initViewer(dependencies) {
  deps = dependencies;
  window.addEventListener("popstate", () => {
    const key = keyFromUrl();
    if (!key) closePanel();
    else if (key !== state.panelKey || !panelIsOpen()) openFromKey(key);
  });
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
}
