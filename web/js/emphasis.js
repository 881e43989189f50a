// The part of a quoted sentence that answers the question (a citation's `emphasis`,
// offsets into its `quote`), shown in <strong> inside the sentence; the text is unchanged.
import { h } from "./dom.js";

/**
 * The spans that can be shown: whole numbers inside the quote, in order, not overlapping.
 * @param {string} quote @param {unknown} emphasis
 * @returns {{start: number, end: number}[]}
 */
export function usableSpans(quote, emphasis) {
  if (!Array.isArray(emphasis)) return [];
  const spans = [];
  let from = 0;
  for (const span of emphasis) {
    const start = span && span.start;
    const end = span && span.end;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < from || end <= start || end > quote.length) continue;
    spans.push({ start, end });
    from = end;
  }
  return spans;
}

/**
 * `text` as nodes, with the citation's emphasis marked where its quote occurs in the text.
 * Without emphasis (or when the quote is not in the text) the text comes back as it is.
 * @param {string} text
 * @param {{quote?: unknown, emphasis?: unknown} | null | undefined} cit
 * @returns {(string | Node)[]}
 */
export function emphasised(text, cit) {
  const quote = cit && typeof cit.quote === "string" ? cit.quote : "";
  const spans = quote ? usableSpans(quote, cit.emphasis) : [];
  const at = spans.length ? text.indexOf(quote) : -1;
  if (at < 0) return [text];
  /** @type {(string | Node)[]} */
  const out = [];
  let pos = 0;
  for (const { start, end } of spans) {
    if (at + start > pos) out.push(text.slice(pos, at + start));
    out.push(h("strong", { class: "emphasis", text: text.slice(at + start, at + end), attrs: { "data-testid": "emphasis" } }));
    pos = at + end;
  }
  if (pos < text.length) out.push(text.slice(pos));
  return out;
}
