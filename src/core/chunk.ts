/**
 * Sentences with character offsets into the clean article text, and the
 * overlapping passages that retrieval ranks.
 *
 * Splitting uses ICU's sentence rules (Intl.Segmenter, available on Node and
 * Workers alike), then repairs the two cases ICU gets wrong in news text:
 * abbreviations ("U.S. Secretary", "Mr. Smith") and quotations broken at
 * their inner "!" or "?". A list item is quoted without its bullet.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Sentence extends Span {
  articleId: string;
  /** Position of the sentence within its article. */
  index: number;
}

export interface Passage extends Span {
  id: string;
  articleId: string;
  /** Indexes of the sentences the passage covers, [first, last]. */
  sentences: [number, number];
}

export interface ChunkOptions {
  /** Sentences per passage. */
  passageSize: number;
  /** Sentences shared by consecutive passages. */
  overlap: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { passageSize: 3, overlap: 1 };

const ABBREVIATIONS = new Set(
  [
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "maj", "adm",
    "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "no", "nos", "fig", "approx", "dept", "est", "rev", "hon",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "pres",
  ],
);

/** Words that usually open a new sentence; after an initialism like "U.S." they mean the sentence did end. */
const SENTENCE_OPENERS = new Set(
  "the a an he she it they we i you his her its their our this that these those there but and or so yet in on at for with after before when while if as by from to of not no".split(
    " ",
  ),
);

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

function endsWithAbbreviation(segment: string, next: string): boolean {
  const lastWord = /(\S+)\s*$/.exec(segment)?.[1] ?? "";
  if (!lastWord.endsWith(".")) return false;
  const bare = lastWord.replace(/^[("“‘']+/, "").slice(0, -1);
  if (ABBREVIATIONS.has(bare.toLowerCase())) return true;
  // Initialisms (U.S., U.N., E.U.) and single initials (John F. Kennedy).
  if (/^(?:[A-Za-z]\.)*[A-Za-z]$/.test(bare)) {
    const firstWord = (/^\s*["“‘']?([A-Za-z]+)/.exec(next)?.[1] ?? "").toLowerCase();
    return firstWord !== "" && !SENTENCE_OPENERS.has(firstWord);
  }
  return false;
}

const OPENS_QUOTE = /^\s*["“][\p{L}\p{N}‘']/u;

function unbalancedQuote(segment: string): boolean {
  const open = (segment.match(/“/g) ?? []).length;
  const close = (segment.match(/”/g) ?? []).length;
  if (open !== close) return open > close;
  return (segment.match(/"/g) ?? []).length % 2 === 1;
}

/** Split one line (no newlines inside) into sentence spans relative to `base`. */
function splitLine(line: string, base: number): Span[] {
  const raw: Span[] = [];
  for (const s of segmenter.segment(line)) raw.push({ start: s.index, end: s.index + s.segment.length });
  // A quotation the segmenter broke at an inner "." "!" or "?" is mended, up to the segment that closes it. News copy
  // opens each sentence or paragraph of a long quote with a quote mark and closes only the last ("We have nothing to
  // fear. "It is our right…"), and sometimes never closes one: a quote that no later segment closes (or that another
  // opens first, or only after 600 characters) is left as the segmenter split it, so it cannot swallow a paragraph.
  const closesAt = (start: number, from: number): number => {
    for (let j = from; j < raw.length && raw[j].end - start < 600; j++) {
      if (OPENS_QUOTE.test(line.slice(raw[j].start, raw[j].end))) return -1;
      if (!unbalancedQuote(line.slice(start, raw[j].end))) return j;
    }
    return -1;
  };
  const merged: Span[] = [];
  for (let i = 0; i < raw.length; i++) {
    const prev = merged[merged.length - 1];
    if (prev) {
      const prevText = line.slice(prev.start, prev.end);
      if (endsWithAbbreviation(prevText, line.slice(raw[i].start, raw[i].end))) {
        prev.end = raw[i].end;
        continue;
      }
      const closed = unbalancedQuote(prevText) ? closesAt(prev.start, i) : -1;
      if (closed >= 0) {
        prev.end = raw[closed].end;
        i = closed;
        continue;
      }
    }
    merged.push({ ...raw[i] });
  }
  return merged
    .map((s) => trimSpan(line, s))
    .filter((s) => s.end > s.start && /[\p{L}\p{N}]/u.test(line.slice(s.start, s.end)))
    .map((s) => ({ start: s.start + base, end: s.end + base }));
}

/** A bullet opening a list item ("- ", "* ", "• "): layout, not part of what the item says. */
const LIST_MARKER = /^[-*•▪‣]\s+/u;

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  // Only at the start of a line: elsewhere a dash is punctuation inside the sentence.
  const marker = !text.slice(0, start).trim() && LIST_MARKER.exec(text.slice(start, end));
  if (marker) start += marker[0].length;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** Sentences never cross a line break: in news text a line is a paragraph or a heading. */
export function splitSentences(text: string, articleId = ""): Sentence[] {
  const spans: Span[] = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    if (line.trim()) spans.push(...splitLine(line, offset));
    offset += line.length + 1;
  }
  return spans.map((s, index) => ({ ...s, articleId, index }));
}

export function passageId(articleId: string, span: Span): string {
  return `${articleId}-${span.start}-${span.end}`;
}

/** Overlapping windows of sentences, so an answer spanning a window edge is still retrieved whole. */
export function groupPassages(sentences: Sentence[], options: ChunkOptions = DEFAULT_CHUNKING): Passage[] {
  const { passageSize, overlap } = options;
  if (passageSize < 1 || overlap < 0 || overlap >= passageSize) throw new Error("invalid chunking options");
  const stride = passageSize - overlap;
  const passages: Passage[] = [];
  for (let first = 0; first < sentences.length; first += stride) {
    const last = Math.min(first + passageSize, sentences.length) - 1;
    const span = { start: sentences[first].start, end: sentences[last].end };
    const articleId = sentences[first].articleId;
    passages.push({ id: passageId(articleId, span), articleId, ...span, sentences: [first, last] });
    if (last === sentences.length - 1) break;
  }
  return passages;
}
