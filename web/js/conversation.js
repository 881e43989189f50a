// A conversation's state: the history sent with follow-up questions, and (for the chat)
// the turns as shown, kept in sessionStorage so they survive reload and Back/Forward.

export const MAX_HISTORY_TURNS = 20; // the API accepts at most 20 history turns
const MAX_TURN_CHARS = 4000; // ... of at most 4000 characters each
const MAX_STORED_TURNS = 50; // answers kept in sessionStorage for reload / Back / Forward
const STORE_KEY = "verbatim.chat.v1";

/** @typedef {{role: "user" | "assistant", content: string}} HistoryTurn */
/** @typedef {{question: string, data: any, articles: Record<string, any>}} ShownTurn */

export const conversation = {
  /** @type {HistoryTurn[]} */
  history: [],
  /** @type {ShownTurn[]} */
  turns: [],
};

/**
 * Add a question and its answer to a history, keeping it within what the API accepts.
 * @param {HistoryTurn[]} history @param {string} question @param {string} answer
 * @returns {HistoryTurn[]}
 */
export function withExchange(history, question, answer) {
  return [
    ...history,
    { role: /** @type {const} */ ("user"), content: question.slice(0, MAX_TURN_CHARS) },
    { role: /** @type {const} */ ("assistant"), content: answer.slice(0, MAX_TURN_CHARS) },
  ].slice(-MAX_HISTORY_TURNS);
}

/** The parts of an answer the page shows again after a reload (no debug trace). */
export function keepable(data) {
  const { question, kind, answer, abstained, abstainReason, citations, suggestions, answerId, timings } = data;
  return { question, kind, answer, abstained, abstainReason, citations, suggestions, answerId, timings };
}

/** sessionStorage, or null where the browser refuses it (privacy modes, sandboxed frames). */
function tabStorage() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function saveChat() {
  const store = tabStorage();
  if (!store) return;
  conversation.turns = conversation.turns.slice(-MAX_STORED_TURNS);
  const value = JSON.stringify({ v: 1, turns: conversation.turns, history: conversation.history });
  try {
    store.setItem(STORE_KEY, value);
  } catch {
    // Full: keep the newer half, or nothing.
    try {
      conversation.turns = conversation.turns.slice(Math.floor(conversation.turns.length / 2));
      store.setItem(STORE_KEY, JSON.stringify({ v: 1, turns: conversation.turns, history: conversation.history }));
    } catch {
      store.removeItem(STORE_KEY);
    }
  }
}

export function clearSavedChat() {
  conversation.history = [];
  conversation.turns = [];
  const store = tabStorage();
  try {
    if (store) store.removeItem(STORE_KEY);
  } catch {
    /* nothing to clear */
  }
}

/**
 * The conversation this tab had before a reload or a Back/Forward into the page, now the
 * current one; its turns, to show again (none when there was nothing usable saved).
 * @returns {ShownTurn[]}
 */
export function restoreSavedChat() {
  const store = tabStorage();
  let saved = null;
  try {
    saved = store ? JSON.parse(store.getItem(STORE_KEY) || "null") : null;
  } catch {
    saved = null;
  }
  if (!saved || saved.v !== 1 || !Array.isArray(saved.turns) || !saved.turns.length) return [];
  const turns = saved.turns.filter(
    (t) => t && typeof t.question === "string" && t.data && typeof t.data === "object" && t.articles && typeof t.articles === "object",
  );
  if (!turns.length) return [];
  conversation.turns = turns;
  conversation.history = Array.isArray(saved.history)
    ? saved.history
        .filter((m) => m && (m.role === "user" || m.role === "assistant") && typeof m.content === "string")
        .map((m) => ({ role: m.role, content: m.content.slice(0, MAX_TURN_CHARS) }))
        .slice(-MAX_HISTORY_TURNS)
    : [];
  return turns;
}

/** A citation of the conversation by id, so a reopened permalink keeps its number. */
export function knownCitation(id) {
  for (let i = conversation.turns.length - 1; i >= 0; i -= 1) {
    const cits = conversation.turns[i].data.citations;
    const found = Array.isArray(cits) ? cits.find((c) => c && c.id === id) : null;
    if (found) return found;
  }
  return null;
}
