// 👍/👎 under an answer that has an answerId: POST /api/feedback, "Thanks" once it is in.
// A failed send is said quietly in a status line, never as an alert.
import { h } from "./dom.js";

/**
 * @param {string} answerId
 * @param {(answerId: string, helpful: boolean) => Promise<unknown>} send
 */
export function feedbackControls(answerId, send) {
  const status = h("span", { class: "feedback-status", attrs: { role: "status", "data-testid": "feedback-status" } });
  /** @param {boolean} helpful */
  const vote = async (helpful) => {
    for (const b of buttons) b.disabled = true;
    (helpful ? up : down).setAttribute("aria-pressed", "true");
    status.textContent = "Sending…";
    try {
      await send(answerId, helpful);
      status.textContent = "Thanks";
      box.classList.add("is-sent");
    } catch {
      status.textContent = "Your rating couldn’t be sent.";
      for (const b of buttons) {
        b.disabled = false;
        b.setAttribute("aria-pressed", "false");
      }
    }
  };
  const button = (helpful) =>
    /** @type {HTMLButtonElement} */ (
      h("button", {
        class: "feedback-btn",
        text: helpful ? "👍" : "👎",
        attrs: {
          type: "button",
          "aria-label": helpful ? "Helpful" : "Not helpful",
          "aria-pressed": "false",
          "data-testid": helpful ? "feedback-helpful" : "feedback-unhelpful",
        },
        on: { click: () => void vote(helpful) },
      })
    );
  const up = button(true);
  const down = button(false);
  const buttons = [up, down];
  const box = h(
    "div",
    { class: "feedback", attrs: { role: "group", "aria-label": "Was this answer helpful?", "data-testid": "feedback" } },
    up,
    down,
    status,
  );
  return box;
}
