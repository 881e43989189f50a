/**
 * Ingest as a library (the CLI, the benchmark and the tests share it): read
 * article files in any supported format, refuse what cannot be stored
 * faithfully, and write the new article records. An article already in the
 * corpus (same content hash) is left untouched, so its id, and every citation
 * id into it, stays the same.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { decodeArticleBytes, IngestError, parseArticle, type Article } from "../core/article.js";
import { decodeBulkBytes, formatOf, parseJsonLines, parseMarkdownArticle, SUPPORTED_EXTENSIONS } from "../core/article-formats.js";
import { articlePath, removeArticle, writeArticle, type CorpusPaths } from "./corpus-files.js";

/** An article and where it came from: a file, or `file:line` for JSON Lines. */
export interface ParsedArticle {
  origin: string;
  article: Article;
}

export interface IngestOutcome {
  added: ParsedArticle[];
  /** Already in the corpus with the same content: nothing written, ids unchanged. */
  unchanged: ParsedArticle[];
  removed: string[];
  /** One message per refused file, line or removal; nothing was written for them. */
  refusals: string[];
}

export const ARTICLE_ID = /^[0-9a-f]{16}$/;

/** Files a folder of articles often carries that are not articles (still read when named explicitly). */
const NOT_ARTICLES = /^(?:readme|license|licence|changelog|notice|copying)(?:\.[^.]*)?$/i;

/**
 * Files named on the command line, with folders searched recursively for
 * supported extensions (hidden entries and README/LICENSE-style files
 * skipped), in a stable order. A file named explicitly is read whatever its
 * extension (as plain text unless .md/.jsonl).
 */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  async function walk(dir: string) {
    const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith(".")).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && formatOf(entry.name) && !NOT_ARTICLES.test(entry.name)) files.push(path);
    }
  }
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (!info) throw new IngestError(`${input}: no such file or directory`);
    if (info.isDirectory()) {
      const before = files.length;
      await walk(input);
      if (files.length === before) throw new IngestError(`${input}: no article files (${SUPPORTED_EXTENSIONS.join(", ")}) in this folder`);
    } else files.push(input);
  }
  return files;
}

/** The articles of one file, or the reasons they were refused. */
export async function readArticleFile(file: string): Promise<{ articles: ParsedArticle[]; refusals: string[] }> {
  const bytes = await readFile(file);
  const format = formatOf(file) ?? "text";
  try {
    if (format === "jsonl") {
      const articles: ParsedArticle[] = [];
      const refusals: string[] = [];
      for (const r of parseJsonLines(decodeBulkBytes(bytes, file), file)) {
        if ("error" in r) refusals.push(r.error.message);
        else articles.push({ origin: `${file}:${r.line}`, article: r.article });
      }
      return { articles, refusals };
    }
    const raw = decodeArticleBytes(bytes, file);
    const article = format === "markdown" ? parseMarkdownArticle(raw, {}, file) : parseArticle(raw, {}, file);
    return { articles: [{ origin: file, article }], refusals: [] };
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
    return { articles: [], refusals: [error.message] };
  }
}

/** Every article of the inputs, once: a second copy of the same content is refused, naming the first. */
export async function parseInputs(inputs: string[], log: (line: string) => void = () => {}): Promise<{ parsed: ParsedArticle[]; refusals: string[] }> {
  const parsed: ParsedArticle[] = [];
  const refusals: string[] = [];
  const byId = new Map<string, string>();
  const files = await expandInputs(inputs);
  if (files.length) log(`reading ${files.length} file${files.length === 1 ? "" : "s"}`);
  for (const file of files) {
    const read = await readArticleFile(file);
    refusals.push(...read.refusals);
    for (const p of read.articles) {
      const twin = byId.get(p.article.id);
      if (twin) {
        refusals.push(`${p.origin}: same content as ${twin} (id ${p.article.id})`);
        continue;
      }
      byId.set(p.article.id, p.origin);
      parsed.push(p);
    }
  }
  return { parsed, refusals };
}

/** Why `--remove <id>` cannot name an article, or null when it can. */
export function removalIdRefusal(id: string): string | null {
  return ARTICLE_ID.test(id) ? null : `--remove ${id || "(missing)"}: not an article id (16 hex digits, see \`GET /api/articles\`)`;
}

/** Parse every input, then remove and add records. Nothing is written for a refused input. */
export async function ingestFiles(paths: CorpusPaths, inputs: string[], remove: string[] = [], options: { log?: (line: string) => void } = {}): Promise<IngestOutcome> {
  const log = options.log ?? (() => {});
  const { parsed, refusals } = await parseInputs(inputs, log);
  const outcome: IngestOutcome = { added: [], unchanged: [], removed: [], refusals };

  for (const id of remove) {
    const refusal = removalIdRefusal(id);
    if (refusal) outcome.refusals.push(refusal);
    else if (await removeArticle(paths, id)) outcome.removed.push(id);
    else outcome.refusals.push(`--remove ${id}: no article with that id in ${paths.articles}`);
  }

  if (parsed.length) log(`writing article records to ${paths.articles}`);
  for (const p of parsed) {
    if (existsSync(articlePath(paths, p.article.id))) {
      outcome.unchanged.push(p);
      continue;
    }
    await writeArticle(paths, p.article);
    outcome.added.push(p);
  }
  return outcome;
}
