/**
 * Article input formats besides plain text:
 *
 *   .md / .markdown  one article; YAML-style front matter (title, source, date,
 *                    url) and a leading `# Title` give metadata. The body is kept
 *                    as written — inline markup such as **bold** or [links](…)
 *                    stays in the text — because every quote must remain a
 *                    verbatim substring of the file. Only whole lines that are
 *                    pure markup (front matter, the title heading, section
 *                    headings, rules, image-only lines, HTML comments, code
 *                    fences) are dropped, the same rule plain-text cleaning follows.
 *   .jsonl           many articles, one JSON object a line:
 *                    {"title", "source", "date", "url", "text"} (only text is required).
 *
 * Everything ends in parseArticle, so ids, cleaning and titles work the same
 * for every format.
 */
import { decodeArticleBytes, IngestError, MAX_ARTICLE_BYTES, parseArticle, type Article, type ParseOptions } from "./article.js";

export type ArticleFormat = "text" | "markdown" | "jsonl";

/** Largest JSON Lines file accepted: a bulk import, not one article. */
export const MAX_JSONL_BYTES = 512 * 1024 * 1024;

const EXTENSIONS: Record<string, ArticleFormat> = { ".txt": "text", ".md": "markdown", ".markdown": "markdown", ".jsonl": "jsonl" };

export const SUPPORTED_EXTENSIONS = Object.keys(EXTENSIONS);

/** The format a file name implies, or null for a file ingest does not read. */
export function formatOf(name: string): ArticleFormat | null {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? null : (EXTENSIONS[name.slice(dot).toLowerCase()] ?? null);
}

/**
 * UTF-8 decoding for bulk files: the same refusals as decodeArticleBytes
 * (empty, binary, invalid UTF-8), with a limit sized for many articles.
 */
export function decodeBulkBytes(bytes: Uint8Array, name = "input", maxBytes = MAX_JSONL_BYTES): string {
  return decodeArticleBytes(bytes, name, maxBytes);
}

const META_KEYS = ["title", "source", "date", "url"] as const;
type Meta = Partial<Record<(typeof META_KEYS)[number], string>>;

/** Only absolute http(s) URLs are kept: a citation must never link somewhere unexpected. */
export function checkUrl(url: string, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new IngestError(`${name}: url "${url}" is not an absolute URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new IngestError(`${name}: url "${url}" is not an http(s) URL`);
  return url;
}

/** `key: value` lines of simple front matter; anything else in it is ignored. */
function frontMatter(lines: string[]): { meta: Meta; end: number } {
  if (lines[0]?.trim() !== "---") return { meta: {}, end: 0 };
  const close = lines.findIndex((l, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(l));
  if (close < 0) return { meta: {}, end: 0 };
  const meta: Meta = {};
  for (const line of lines.slice(1, close)) {
    const m = /^([A-Za-z_]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase() === "publisher" ? "source" : m[1].toLowerCase();
    const value = m[2].replace(/^(["'])(.*)\1$/, "$2").trim();
    if ((META_KEYS as readonly string[]).includes(key) && value) meta[key as keyof Meta] = value;
  }
  return { meta, end: close + 1 };
}

/** Whole lines of markup that carry no article sentence. */
const MARKUP_LINES: RegExp[] = [
  /^#{1,6}\s+\S.*$/, // section heading
  /^(?:[-*_]\s*){3,}$/, // horizontal rule
  /^!\[[^\]]*\]\([^)]*\)$/, // image on its own line
  /^<!--.*-->$/, // HTML comment
  /^(?:```|~~~).*$/, // code fence marker
  /^=+$/, // setext underline (title handled separately)
];

export function isMarkupLine(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== "" && MARKUP_LINES.some((p) => p.test(trimmed));
}

/** One Markdown article. The title comes from front matter, else the first `# Heading` (or setext heading). */
export function parseMarkdownArticle(raw: string, options: ParseOptions = {}, name = "input"): Article {
  const lines = raw.replace(/\r\n?/g, "\n").split("\n");
  const { meta, end } = frontMatter(lines);
  const body = lines.slice(end);

  let title: string | undefined = meta.title;
  let first = 0;
  while (first < body.length && body[first].trim() === "") first++;
  const atx = /^#\s+(.+?)\s*#*\s*$/.exec(body[first] ?? "");
  const setext = body[first] !== undefined && /^=+\s*$/.test(body[first + 1] ?? "") && body[first].trim() !== "";
  if (atx || setext) {
    title ??= atx ? atx[1].trim() : body[first].trim();
    body[first] = "";
    if (setext) body[first + 1] = "";
  }
  // Dropped lines become blank lines, so paragraphs around them stay separate.
  const kept = body.map((line) => (isMarkupLine(line) ? "" : line)).join("\n");

  const url = options.url ?? (meta.url ? checkUrl(meta.url, name) : undefined);
  return parseArticle(
    kept,
    {
      title: options.title ?? title,
      source: options.source ?? meta.source,
      date: options.date ?? meta.date,
      url,
    },
    name,
  );
}

export type JsonLinesResult = { line: number; article: Article } | { line: number; error: IngestError };

function optionalString(record: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new IngestError(`${where}: "${key}" must be a string`);
  return value.trim() || undefined;
}

/**
 * Articles from JSON Lines, one result per non-blank line: a bad line is
 * refused with its line number and does not stop the others.
 */
export function parseJsonLines(raw: string, name = "input"): JsonLinesResult[] {
  const results: JsonLinesResult[] = [];
  raw.split("\n").forEach((text, i) => {
    if (!text.trim()) return;
    const line = i + 1;
    const where = `${name}:${line}`;
    try {
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        throw new IngestError(`${where}: not valid JSON (${(error as Error).message})`);
      }
      if (typeof record !== "object" || record === null || Array.isArray(record))
        throw new IngestError(`${where}: expected an object {title, source, date, url, text}`);
      const r = record as Record<string, unknown>;
      if (typeof r.text !== "string" || !r.text.trim()) throw new IngestError(`${where}: "text" is missing or empty`);
      const bytes = new TextEncoder().encode(r.text).length;
      if (bytes > MAX_ARTICLE_BYTES) throw new IngestError(`${where}: text is ${bytes} bytes, larger than the ${MAX_ARTICLE_BYTES}-byte limit`);
      // The same rule as decodeArticleBytes: NUL or more than a stray control character means binary data.
      const controls = r.text.match(/[\u0001-\u0008\u000E-\u001F\u007F]/g)?.length ?? 0;
      if (r.text.includes("\u0000") || (controls > 0 && controls / r.text.length > 0.001))
        throw new IngestError(`${where}: text looks like binary data (control characters)`);
      const url = optionalString(r, "url", where);
      const article = parseArticle(
        r.text,
        {
          title: optionalString(r, "title", where),
          source: optionalString(r, "source", where),
          date: optionalString(r, "date", where),
          url: url ? checkUrl(url, where) : undefined,
        },
        where,
      );
      results.push({ line, article });
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      results.push({ line, error });
    }
  });
  if (results.length === 0) results.push({ line: 0, error: new IngestError(`${name}: no JSON lines in the file`) });
  return results;
}
