/**
 * Links to a sentence on the original page with a URL text fragment
 * (`#:~:text=`, WICG "Text Fragments"), so the browser scrolls to the quoted
 * sentence and highlights it there as well.
 *
 * Syntax: `#:~:text=[prefix-,]textStart[,textEnd][,-suffix]`. Each part is
 * percent-encoded; "-", "," and "&" are the directive's own syntax, so they
 * must be encoded inside a part (encodeURIComponent leaves "-" alone).
 * Long quotes use the range form `textStart,textEnd` — the first and last
 * few words — which keeps the URL short and still highlights the whole
 * sentence; short quotes are matched exactly.
 */

/** Quotes longer than this are linked as a range (Chromium's link generator uses the same cut-off). */
export const EXACT_MATCH_MAX_CHARS = 300;
/** Words taken from each end of a long quote. */
export const RANGE_WORDS = 5;

/** Percent-encode one part of a text directive. */
export function encodeTextDirectivePart(text: string): string {
  return encodeURIComponent(text).replace(/[-!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** The directive for a quote: `text=<exact>` or `text=<start>,<end>`. */
export function textDirective(quote: string): string | null {
  const clean = quote.replace(/\s+/g, " ").trim();
  if (!clean) return null;
  const words = clean.split(" ");
  if (clean.length <= EXACT_MATCH_MAX_CHARS || words.length < 2 * RANGE_WORDS + 1)
    return `text=${encodeTextDirectivePart(clean)}`;
  const start = words.slice(0, RANGE_WORDS).join(" ");
  const end = words.slice(-RANGE_WORDS).join(" ");
  return `text=${encodeTextDirectivePart(start)},${encodeTextDirectivePart(end)}`;
}

/**
 * `url` with a text fragment that highlights `quote`, or null when the URL is
 * not an absolute http(s) URL (a citation never links anywhere unexpected).
 * An existing fragment is kept (`#section:~:text=…`); an existing fragment
 * directive is replaced.
 */
export function textFragmentUrl(url: string, quote: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  const directive = textDirective(quote);
  const hashAt = url.indexOf("#");
  const base = hashAt < 0 ? url : url.slice(0, hashAt);
  const fragment = hashAt < 0 ? "" : url.slice(hashAt + 1).split(":~:")[0];
  if (!directive) return fragment ? `${base}#${fragment}` : base;
  return `${base}#${fragment}:~:${directive}`;
}
