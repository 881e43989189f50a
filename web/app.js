// Verbatim web chat: the page's wiring. Plain ES modules from web/js/, no framework, no
// build step; the answer rendering is shared with the embeddable widget (web/embed.js).
import { createClient } from "./js/api.js";
import { describeArticles, renderAnswer, renderError, renderQuestion, renderThinking, spokenAnswer } from "./js/answer.js";
import { els, announce, scrollBehavior } from "./js/chat-page.js";
import { clearSavedChat, conversation, keepable, MAX_HISTORY_TURNS, restoreSavedChat, saveChat, withExchange } from "./js/conversation.js";
import { h, icon, ICON_ALERT } from "./js/dom.js";
import { formatDate, metaLine, readingTime } from "./js/format.js";
import { suggestionItems } from "./js/suggestions.js";
import {
  closePanel,
  initViewer,
  keyFromUrl,
  onPanelEntry,
  openArticle,
  openCitation,
  openCitationById,
  openFromKey,
  recordPanel,
} from "./js/viewer.js";

const client = createClient();

const state = {
  /** @type {AbortController | null} */
  pending: null,
  /** bumped by "New chat" so late answers of an old chat are dropped */
  generation: 0,
};

/** @type {import("./js/answer.js").AnswerActions} */
const actions = {
  openCitation,
  openCitationById,
  ask: (question) => {
    els.question.focus();
    void ask(question);
  },
  feedback: client.feedback,
  browseArticles: () => showView("articles"),
};

// ---------------------------------------------------------------- conversation

function hideEmpty() {
  els.empty.hidden = true;
}

function scrollToEl(el, block = "end") {
  el.scrollIntoView({ block, behavior: scrollBehavior() });
}

function setBusy(busy) {
  els.form.classList.toggle("is-busy", busy);
  els.ask.setAttribute("aria-disabled", busy ? "true" : "false");
  els.conversation.setAttribute("aria-busy", busy ? "true" : "false");
}

/** Show the conversation this tab had before a reload or a Back/Forward into the page. */
function restoreChat() {
  const turns = restoreSavedChat();
  if (!turns.length) return;
  hideEmpty();
  for (const turn of turns) els.conversation.append(renderQuestion(turn.question), renderAnswer(turn.data, turn.articles, actions));
}

/** @param {string} raw */
async function ask(raw) {
  const question = String(raw || "").trim();
  if (!question || state.pending) return;
  showView("chat", false);
  hideEmpty();
  const userLi = renderQuestion(question);
  const thinking = renderThinking();
  els.conversation.append(userLi, thinking);
  scrollToEl(thinking);
  announce("Searching the articles…");

  const controller = new AbortController();
  state.pending = controller;
  setBusy(true);
  const generation = state.generation;
  const history = conversation.history.slice(-MAX_HISTORY_TURNS);
  /** @type {Record<string, unknown>} */
  const body = { question: question.slice(0, 1000) };
  if (history.length) body.history = history;

  try {
    const [data, summaries] = await Promise.all([client.answer(body, controller.signal), client.articleSummaries()]);
    if (generation !== state.generation) return;
    const articles = await describeArticles(data, summaries, client.loadArticle);
    if (generation !== state.generation) return;
    thinking.replaceWith(renderAnswer(data, articles, actions));
    conversation.history = withExchange(conversation.history, question, String(data.answer || ""));
    conversation.turns.push({ question, data: keepable(data), articles });
    saveChat();
    // Show the question with its answer below it.
    scrollToEl(userLi, "start");
    announce(spokenAnswer(data));
  } catch (err) {
    if (generation !== state.generation) return;
    if (err instanceof DOMException && err.name === "AbortError") {
      thinking.remove();
      return;
    }
    const li = renderError(/** @type {Error} */ (err), () => {
      li.remove();
      userLi.remove();
      void ask(question);
    });
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
    articles = await client.loadArticles();
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
    const data = await client.suggestions();
    const items = suggestionItems(data.questions, actions.ask);
    if (!items.length) return;
    els.suggestions.replaceChildren(...items);
    els.suggestionsBlock.hidden = false;
  } catch {
    // No suggestions endpoint (yet): the empty state simply shows none.
  }
}

async function loadCorpusNote() {
  try {
    const articles = await client.loadArticles();
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

initViewer({ client, showNotice });

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
