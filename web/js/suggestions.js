// Example questions as buttons that ask them: the chat's "Try asking" list and the
// examples a help answer carries.
import { h } from "./dom.js";

export const MAX_SUGGESTIONS = 6;

/**
 * @param {unknown} questions
 * @param {(question: string) => void} onPick
 * @param {{testid?: string}} [options]
 * @returns {HTMLLIElement[]} one list item per usable question
 */
export function suggestionItems(questions, onPick, { testid = "suggestion" } = {}) {
  const usable = Array.isArray(questions) ? questions.filter((q) => typeof q === "string" && q.trim()) : [];
  return usable.slice(0, MAX_SUGGESTIONS).map((q) =>
    /** @type {HTMLLIElement} */ (
      h(
        "li",
        {},
        h("button", {
          class: "suggestion",
          text: q,
          attrs: { type: "button", "data-testid": testid },
          on: { click: () => onPick(q) },
        }),
      )
    ),
  );
}
