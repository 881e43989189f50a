// The embeddable "Ask about this story" box: the <verbatim-ask> element, rendered in a
// shadow root with the chat's own answer modules. It talks to the Verbatim origin it was
// loaded from (this module's URL), cross-origin, which the server allows through
// CORS_ORIGINS (docs/widget.md).
import { createClient } from "./api.js";
import { describeArticles, renderAnswer, renderError, renderQuestion, renderThinking, spokenAnswer } from "./answer.js";
import { withExchange } from "./conversation.js";
import { announcer, h, safeHttpUrl, uniqueId } from "./dom.js";
import { emphasised } from "./emphasis.js";
import { metaLine } from "./format.js";

export const ORIGIN = new URL(import.meta.url).origin;
const STYLESHEETS = ["/styles.css", "/widget.css"];
const UNREACHABLE =
  "Couldn’t reach Verbatim from this page. Try again later. (Site owners: this site’s origin must be listed in the Verbatim server’s CORS_ORIGINS.)";

/** @type {Promise<CSSStyleSheet[]> | null} */
let sheets = null;

/** The widget's styles, fetched once for every box; constructed sheets need no style-src from the host page. */
function styleSheets() {
  sheets ??= Promise.all(
    STYLESHEETS.map(async (path) => {
      const res = await fetch(ORIGIN + path);
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      const sheet = new CSSStyleSheet();
      await sheet.replace(await res.text());
      return sheet;
    }),
  ).catch(() => []); // unstyled but usable
  return sheets;
}

class VerbatimAsk extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: "open" });
    void styleSheets().then((list) => (root.adoptedStyleSheets = list));
    const article = this.getAttribute("article") || "";
    const client = createClient(ORIGIN, { unreachable: UNREACHABLE });
    /** @type {{history: import("./conversation.js").HistoryTurn[], pending: boolean}} */
    const state = { history: [], pending: false };

    const titleId = uniqueId("vw-title");
    const inputId = uniqueId("vw-question");
    const input = /** @type {HTMLInputElement} */ (
      h("input", {
        class: "vw-input",
        attrs: { id: inputId, type: "text", maxlength: 1000, autocomplete: "off", enterkeyhint: "send", "data-testid": "question" },
      })
    );
    const form = h(
      "form",
      { class: "vw-form", attrs: { novalidate: true } },
      h("label", { class: "visually-hidden", text: article ? "Your question about this story" : "Your question", attrs: { for: inputId } }),
      h(
        "div",
        { class: "vw-box" },
        input,
        h("button", { class: "vw-send", text: "Ask", attrs: { type: "submit", "data-testid": "ask" } }),
      ),
    );
    const conversation = h("ol", { class: "conversation", attrs: { "aria-label": "Answers" } });
    const live = h("div", { class: "visually-hidden", attrs: { "aria-live": "polite", "aria-atomic": "true", "data-testid": "announcer" } });
    const announce = announcer(live);
    const home = h("a", { text: "Verbatim", attrs: { target: "_blank", rel: "noopener" } });
    /** @type {HTMLAnchorElement} */ (home).href = `${ORIGIN}/`;
    root.append(
      h(
        "section",
        { class: "vw", attrs: { "aria-labelledby": titleId, "data-testid": "verbatim-widget" } },
        h("h2", { class: "vw-title", text: article ? "Ask about this story" : "Ask the news archive", attrs: { id: titleId } }),
        h("p", {
          class: "vw-lede",
          text: `Answers are sentences quoted word for word from ${article ? "this story" : "the archive"}, each with its source.`,
        }),
        form,
        conversation,
        h("p", { class: "vw-foot" }, "Answers by ", home, ". It says so when the articles don’t answer."),
        live,
      ),
    );

    /** @type {import("./answer.js").AnswerActions} */
    const actions = {
      openCitation: (cit, trigger) => void openCitation(client, cit, trigger),
      openCitationById: (id, trigger, hint) => void openCitation(client, { id, ...hint }, trigger),
      ask: (question) => void ask(question),
      feedback: client.feedback,
    };

    /** @param {string} raw */
    const ask = async (raw) => {
      const question = String(raw || "").trim();
      if (!question || state.pending) return;
      state.pending = true;
      form.classList.add("is-busy");
      const asked = renderQuestion(question);
      const thinking = renderThinking();
      conversation.append(asked, thinking);
      announce("Searching the articles…");
      /** @type {Record<string, unknown>} */
      const body = { question: question.slice(0, 1000) };
      if (state.history.length) body.history = state.history;
      if (article) body.articleIds = [article];
      try {
        const data = await client.answer(body);
        const articles = await describeArticles(data, new Map(), client.loadArticle);
        thinking.replaceWith(renderAnswer(data, articles, actions));
        state.history = withExchange(state.history, question, String(data.answer || ""));
        announce(spokenAnswer(data));
      } catch (err) {
        const failed = renderError(/** @type {Error} */ (err), () => {
          failed.remove();
          asked.remove();
          input.focus();
          void ask(question);
        });
        thinking.replaceWith(failed);
        announce(`Error: ${/** @type {Error} */ (err).message}`);
      } finally {
        state.pending = false;
        form.classList.remove("is-busy");
      }
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!input.value.trim() || state.pending) return;
      const question = input.value;
      input.value = "";
      void ask(question);
    });
  }
}

/**
 * Open a citation in place, under its answer: the quoted sentence (its answering part
 * emphasised) between the sentences around it, with links to the chat's permalink and
 * the original article. The same control closes it again.
 * @param {import("./api.js").Client} client
 * @param {{id: string, n?: number, title?: string, quote?: string, emphasis?: unknown}} cit
 * @param {HTMLElement} trigger
 */
async function openCitation(client, cit, trigger) {
  const answer = /** @type {HTMLElement} */ (trigger.closest("[data-testid=answer]"));
  const open = /** @type {HTMLElement | null} */ (answer.querySelector(".vw-citation"));
  const openTrigger = answer.querySelector("[aria-expanded=true]");
  if (openTrigger) openTrigger.setAttribute("aria-expanded", "false");
  if (open) open.remove();
  if (open && open.dataset.citationId === cit.id && openTrigger === trigger) return;

  const titleId = uniqueId("vw-cit");
  const heading = h("h3", { class: "vw-citation-title", text: cit.title || "Source", attrs: { id: titleId } });
  const meta = h("p", { class: "vw-citation-meta" });
  const context = h("p", { class: "vw-context", attrs: { "data-testid": "citation-context" } }, quoteMark(cit));
  const permalink = h("a", { text: "Open in Verbatim ↗", attrs: { target: "_blank", rel: "noopener", "data-testid": "permalink" } });
  /** @type {HTMLAnchorElement} */ (permalink).href = `${ORIGIN}/?c=${encodeURIComponent(cit.id)}`;
  const links = h("p", { class: "vw-links" }, permalink);
  const close = () => {
    view.remove();
    trigger.setAttribute("aria-expanded", "false");
    trigger.focus();
  };
  const view = h(
    "div",
    {
      class: "vw-citation",
      attrs: { role: "region", "aria-labelledby": titleId, tabindex: "-1", "data-testid": "citation-view", "data-citation-id": cit.id },
      on: {
        keydown: (event) => {
          if (/** @type {KeyboardEvent} */ (event).key === "Escape") close();
        },
      },
    },
    h(
      "div",
      { class: "vw-citation-head" },
      h("div", {}, heading, meta),
      h("button", { class: "btn btn-small", text: "Close", attrs: { type: "button", "aria-label": "Close the quote" }, on: { click: close } }),
    ),
    context,
    links,
  );
  view.dataset.citationId = cit.id;
  trigger.setAttribute("aria-expanded", "true");
  answer.querySelector(".bubble")?.append(view);
  view.focus();

  try {
    const detail = await client.citation(cit.id);
    if (!view.isConnected) return;
    heading.textContent = detail.title || cit.title || "Source";
    meta.textContent = metaLine(detail.source, detail.date);
    context.replaceChildren(
      h("span", { class: "context", text: tail(detail.before) }),
      quoteMark({ ...cit, quote: detail.quote }),
      h("span", { class: "context", text: head(detail.after) }),
    );
    const original = safeHttpUrl(cit.sourceUrl, ORIGIN);
    if (original) {
      const link = h("a", { text: "Original article ↗", attrs: { target: "_blank", rel: "noopener noreferrer" } });
      /** @type {HTMLAnchorElement} */ (link).href = original;
      links.append(link);
    }
  } catch {
    // The quote is already shown; the sentences around it are a bonus.
  }
}

/** @param {{quote?: string, emphasis?: unknown}} cit */
function quoteMark(cit) {
  const quote = String(cit.quote || "");
  return h("mark", { class: "quote-mark", attrs: { "data-testid": "quote" } }, ...emphasised(quote, cit));
}

/** The end of the text before a quote, from a sentence start where one is near. */
function tail(text, max = 280) {
  const t = String(text || "");
  if (t.length <= max) return t;
  const cut = t.slice(-max);
  const boundary = /[.!?]["”’)]?\s+(?=\S)/.exec(cut);
  return boundary ? cut.slice(boundary.index + boundary[0].length) : `…${cut}`;
}

/** The start of the text after a quote, to a sentence end where one is near. */
function head(text, max = 280) {
  const t = String(text || "");
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const end = cut.lastIndexOf(". ");
  return end > 0 ? cut.slice(0, end + 1) : `${cut}…`;
}

if (!customElements.get("verbatim-ask")) customElements.define("verbatim-ask", VerbatimAsk);
