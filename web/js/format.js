// Text formatting for answers, sources and articles: pure functions, no DOM.

/**
 * Dates are shown exactly as the article states them: a reformatted date
 * would be a claim the article never made.
 * @param {string | null | undefined} value
 */
export function formatDate(value) {
  return value || "";
}

/** "Source · Date" from whatever is known. */
export function metaLine(...parts) {
  return parts.filter((p) => typeof p === "string" && p.trim()).join(" · ");
}

export function readingTime(chars) {
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
export function shortTitle(title, article = {}) {
  return articleTitles(title, article).short;
}

/**
 * The short title, and the full one to show on hover and focus: the headline, or for an
 * article without one, its whole first sentence when known.
 * @param {string} title
 * @param {{text?: string, source?: string | null, date?: string | null}} [article]
 */
export function articleTitles(title, article = {}) {
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
export function plainAnswer(text) {
  return text.replace(/\s*\[\d+\]/g, "").replace(/\s+/g, " ").trim();
}

/**
 * Split "One. [1] Two. [2]" into sentences, each with the markers that follow it.
 * A line break also ends a sentence (an overview's lead-in line has no marker).
 * @param {string} text
 * @returns {{text: string, markers: number[]}[]}
 */
export function splitAnswer(text) {
  /** @type {{text: string, markers: number[]}[]} */
  const sentences = [];
  for (const line of text.split("\n")) {
    const parts = line.split(/\s*\[(\d+)\]/);
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
  }
  return sentences;
}

/** "Answered in 146 ms (reading the question 9 ms, searching the articles 12 ms)." */
export function describeTimings(timings) {
  if (!timings || typeof timings.totalMs !== "number") return "";
  const ms = (v) => `${Math.max(0, Math.round(v))} ms`;
  const parts = [];
  if (typeof timings.embedMs === "number") parts.push(`reading the question ${ms(timings.embedMs)}`);
  if (typeof timings.searchMs === "number") parts.push(`searching the articles ${ms(timings.searchMs)}`);
  return `Answered in ${ms(timings.totalMs)}${parts.length ? ` (${parts.join(", ")})` : ""}.`;
}
