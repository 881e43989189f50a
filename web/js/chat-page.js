// The chat page's elements (web/index.html) and its screen-reader announcer.
import { announcer } from "./dom.js";

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

export const els = {
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

export const announce = announcer(els.announcer);

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

export function scrollBehavior() {
  return reducedMotion.matches ? "auto" : "smooth";
}
