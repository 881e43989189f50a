/**
 * Raw article text → a clean Article record.
 *
 * Cleaning only ever drops whole lines (boilerplate) and normalises line
 * endings, so every sentence of the clean text is still a verbatim substring
 * of the file it came from. Metadata is taken only from what the text states.
 */
import { contentHash } from "./hash.js";

export interface Article {
  /** Content hash of the clean text: the same text always gets the same id. */
  id: string;
  title: string;
  /** Publisher or outlet, only where the text names it. */
  source: string | null;
  /** The date exactly as the text states it (never inferred, never reformatted). */
  date: string | null;
  /** Original location, only where the input provides one (never invented). */
  url: string | null;
  text: string;
}

export interface ParseOptions {
  /** Metadata given by a structured input (e.g. JSON Lines); wins over what the text states. */
  title?: string | null;
  source?: string | null;
  date?: string | null;
  url?: string | null;
}

/** Largest article we accept: real news stories are far below this. */
export const MAX_ARTICLE_BYTES = 1_000_000;

export class IngestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IngestError";
  }
}

const MONTHS =
  "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";

/** A line that is only a date: "November 2, 2024", "2 November 2024", "2024-11-02". */
const DATE_LINE = new RegExp(
  `^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\\s+)?(?:(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\.?,?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2})$`,
  "i",
);
/** "Published: 2 March 2023", "Updated 2023-03-02". */
const LABELLED_DATE_LINE = /^(?:published|updated|posted|date)\s*:?\s+(.{6,40})$/i;

/** Lines that are page furniture, not article content. Each has a unit test. */
export const BOILERPLATE_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: "social embed", pattern: /^(?:tweet|post|video|image|embed|instagram post|facebook post) (?:from|by) @?\S+.*$/i },
  { name: "read-more link", pattern: /^click here to read more\b.*$/i },
  { name: "read-more link", pattern: /^(?:read more|related|see also|recommended|watch)\s*[:|]\s*.*$/i },
  { name: "comment prompt", pattern: /^(?:leave a reply|leave a comment|post a comment|\d+ comments?)$/i },
  { name: "cross-link", pattern: /^(?:additionally learn|also read|additionally read|also learn)\s*[|:]\s*.*$/i },
  { name: "cross-link", pattern: /^(?:learn|read)\s*:\s+.*$/i },
  { name: "agency tag", pattern: /^[-–—]\s*(?:with|additional reporting by|reporting by)\s+[A-Z][\w.&' ]{1,40}$/ },
  { name: "agency tag", pattern: /^\((?:AAP|AP|AFP|Reuters|PA|Bloomberg)\)$/ },
  { name: "share buttons", pattern: /^(?:share(?: this)?(?: article)?|share on (?:facebook|twitter|x)|follow us on \w+)$/i },
  { name: "advertisement", pattern: /^(?:advertisement|sponsored|sponsored content)$/i },
];

/** An all-capitals line of several words is a promoted headline of another story. */
function isShoutedPromo(line: string): boolean {
  const letters = line.replace(/[^A-Za-z]/g, "");
  const words = line.split(/\s+/).filter((w) => /[A-Za-z]/.test(w));
  return words.length >= 4 && letters.length >= 12 && letters === letters.toUpperCase();
}

export function boilerplateKind(line: string): string | null {
  const trimmed = line.trim();
  if (!trimmed) return null;
  for (const { name, pattern } of BOILERPLATE_PATTERNS) if (pattern.test(trimmed)) return name;
  if (isShoutedPromo(trimmed)) return "promoted headline";
  return null;
}

/** "CLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER" names the outlet. */
function statedSource(lines: string[]): string | null {
  for (const line of lines) {
    const readMore = /^click here to read more (?:from|at) (?:the )?(.{2,60})$/i.exec(line.trim());
    if (readMore) return titleCase(readMore[1].replace(/[.!]+$/, ""));
    const labelled = /^(?:source|publisher)\s*:\s*(.{2,60})$/i.exec(line.trim());
    if (labelled) return labelled[1].trim();
  }
  return null;
}

function titleCase(s: string): string {
  if (s !== s.toUpperCase()) return s.trim();
  return s
    .trim()
    .toLowerCase()
    .replace(/\b([a-z])/g, (m) => m.toUpperCase());
}

/** Headlines are short, stand alone on their first line, and do not end like a sentence. */
function isHeadline(line: string, next: string | undefined): boolean {
  const words = line.trim().split(/\s+/);
  return (
    next !== undefined &&
    next.trim() === "" &&
    words.length >= 2 &&
    words.length <= 25 &&
    line.length <= 200 &&
    !/[.!?]["”’)]?$/.test(line.trim())
  );
}

/** Normalisation for comparing paragraphs: quote style and spacing differ between copies. */
function comparable(s: string): string {
  return s.replace(/[“”"]/g, '"').replace(/[‘’']/g, "'").replace(/\s+/g, " ").trim();
}

/** Decode bytes as UTF-8, refusing binary data and invalid encodings instead of storing mojibake. */
export function decodeArticleBytes(bytes: Uint8Array, name = "input", maxBytes = MAX_ARTICLE_BYTES): string {
  if (bytes.length === 0) throw new IngestError(`${name}: file is empty`);
  if (bytes.length > maxBytes) throw new IngestError(`${name}: file is ${bytes.length} bytes, larger than the ${maxBytes}-byte limit`);
  if (bytes.includes(0)) throw new IngestError(`${name}: looks like a binary file (contains NUL bytes)`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new IngestError(`${name}: not valid UTF-8 text; convert it to UTF-8 first (e.g. iconv -f latin1 -t utf-8)`);
  }
  const controls = text.match(/[\u0001-\u0008\u000E-\u001F\u007F]/g)?.length ?? 0;
  if (controls > 0 && controls / text.length > 0.001)
    throw new IngestError(`${name}: looks like a binary file (${controls} control characters)`);
  return text.replace(/^\uFEFF/, "");
}

export function parseArticle(raw: string, options: ParseOptions = {}, name = "input"): Article {
  const lines = raw.replace(/\r\n?/g, "\n").split("\n").map((l) => l.replace(/[ \t]+$/, ""));
  const source = options.source ?? statedSource(lines);

  // Leading metadata lines: a stated date, then possibly a headline.
  let i = 0;
  while (i < lines.length && lines[i].trim() === "") i++;
  let date: string | null = null;
  const dateMatch = lines[i] !== undefined ? lines[i].trim().match(DATE_LINE) ?? lines[i].trim().match(LABELLED_DATE_LINE) : null;
  if (dateMatch) {
    date = (dateMatch[1] ?? dateMatch[0]).trim();
    i++;
    while (i < lines.length && lines[i].trim() === "") i++;
  }
  let headline: string | null = null;
  if (lines[i] !== undefined && isHeadline(lines[i], lines[i + 1])) {
    headline = lines[i].trim();
    i++;
  }

  // Paragraphs without boilerplate; a lede repeated verbatim as the next paragraph is kept once.
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) paragraphs.push(current.join("\n"));
    current = [];
  };
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "") {
      flush();
      continue;
    }
    if (boilerplateKind(line)) continue;
    current.push(line.trim());
  }
  flush();
  const deduped = paragraphs.filter((p, k) => k + 1 >= paragraphs.length || comparable(p) !== comparable(paragraphs[k + 1]));
  const separator = raw.includes("\n\n") ? "\n\n" : "\n";
  const text = deduped.join(separator).trim();
  if (!text) throw new IngestError(`${name}: no article text left after removing boilerplate`);

  return {
    id: contentHash(text),
    title: options.title?.trim() || headline || deriveTitle(text),
    source: source ?? null,
    date: options.date ?? date,
    url: options.url ?? null,
    text,
  };
}

/** A label for articles without a headline: the start of the first sentence, cut at a word boundary. */
export function deriveTitle(text: string): string {
  const first = text.split(/(?<=[.!?])\s/)[0] ?? text;
  if (first.length <= 90) return first.replace(/[.!?]$/, "");
  const cut = first.slice(0, 90);
  return cut.slice(0, cut.lastIndexOf(" ")).replace(/[,;:–—-]$/, "") + "…";
}
