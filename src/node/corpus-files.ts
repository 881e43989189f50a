/**
 * The corpus on disk (Node only); the layout is described in generations.ts:
 *   corpus/articles/<id>.json   the working set: clean article records written by ingest
 *   corpus/generations/<n>/     complete states (articles + index), verified on open
 *   corpus/CURRENT              the generation a server opens
 * Every write is durable (fsynced) and goes to a temporary sibling that is
 * renamed into place, so a crash never leaves a half-written file under a
 * real name.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Article } from "../core/article.js";
import { contentHash } from "../core/hash.js";
import type { IndexFiles } from "../core/store.js";
import { fsyncDir, replaceFileDurable, sha256 } from "./durable.js";
import { CorpusError, generationDir, listGenerations, openCorpus, readCurrent, writeGeneration, type GenerationRecord, type WriteGenerationOptions } from "./generations.js";
import { shown, stableJson, type CorpusPaths } from "./paths.js";

export { corpusPaths, DEFAULT_CORPUS_DIR, PROJECT_ROOT, stableJson, type CorpusPaths } from "./paths.js";

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  replaceFileDurable(path, data);
}

export interface ReadArticlesOptions {
  /** Put back a damaged article from a generation's verified copy (same id, so the same content), saying so. */
  repair?: boolean;
  log?: (line: string) => void;
}

/** A generation's verified copy of an article, if any generation has one. */
function goodCopy(paths: CorpusPaths, id: string): { bytes: Buffer; from: string } | null {
  const current = readCurrent(paths).generation;
  const order = listGenerations(paths).sort((a, b) => (a === current ? -1 : b === current ? 1 : b - a));
  for (const n of order) {
    try {
      const dir = generationDir(paths, n);
      const record = JSON.parse(readFileSync(join(dir, "GENERATION.json"), "utf8")) as GenerationRecord;
      const expected = record.files[`articles/${id}.json`];
      const file = join(dir, "articles", `${id}.json`);
      if (!expected || !existsSync(file)) continue;
      const bytes = readFileSync(file);
      if (bytes.byteLength === expected.bytes && sha256(bytes) === expected.sha256) return { bytes, from: file };
    } catch {}
  }
  return null;
}

/** Why an article file cannot be used, or null when it is fine. */
function articleProblem(name: string, text: string): { problem: string } | { article: Article } {
  let article: Article;
  try {
    article = JSON.parse(text) as Article;
  } catch (error) {
    return { problem: `is not valid JSON (${(error as Error).message})` };
  }
  if (typeof article?.text !== "string" || `${article.id}.json` !== name || contentHash(article.text) !== article.id)
    return { problem: "is damaged (its text does not hash to its id)" };
  return { article };
}

/**
 * The working set, checked: every record must parse and its text must hash
 * to its id. Synchronous reads on purpose: for thousands of small files they
 * are 3–5× faster than a promise per file.
 */
export async function readArticles(paths: CorpusPaths, options: ReadArticlesOptions = {}): Promise<Article[]> {
  if (!existsSync(paths.articles)) return [];
  const names = readdirSync(paths.articles)
    .filter((n) => n.endsWith(".json"))
    .sort();
  return names.map((name) => {
    const file = join(paths.articles, name);
    const checked = articleProblem(name, readFileSync(file, "utf8"));
    if ("article" in checked) return checked.article;
    const id = name.slice(0, -5);
    const copy = options.repair ? goodCopy(paths, id) : null;
    if (copy) {
      replaceFileDurable(file, copy.bytes);
      (options.log ?? console.error)(`verbatim: ${shown(file)} ${checked.problem}; restored it from ${shown(copy.from)}`);
      return JSON.parse(copy.bytes.toString("utf8")) as Article;
    }
    throw new CorpusError(
      `${shown(file)} ${checked.problem}, and no generation holds a good copy. ` +
        `Restore it from your source file (\`npm run ingest -- <file>\` after deleting it), or drop it: \`npm run ingest -- --remove ${id}\``,
      [shown(file)],
    );
  });
}

export function articlePath(paths: CorpusPaths, id: string): string {
  return join(paths.articles, `${id}.json`);
}

export async function writeArticle(paths: CorpusPaths, article: Article): Promise<void> {
  await writeFileAtomic(articlePath(paths, article.id), stableJson(article));
}

export async function removeArticle(paths: CorpusPaths, id: string): Promise<boolean> {
  const path = articlePath(paths, id);
  if (!existsSync(path)) return false;
  rmSync(path);
  fsyncDir(paths.articles);
  return true;
}

/**
 * Writes the index and its articles as the next generation and switches to
 * it (see generations.ts). Without `articles`, the working set's records for
 * the indexed ids are used. The caller should hold the write lock.
 */
export async function writeIndex(paths: CorpusPaths, files: IndexFiles, articles?: Article[], options: WriteGenerationOptions = {}): Promise<{ generation: number; dir: string }> {
  let chosen = articles;
  if (!chosen) {
    const indexed = new Set(Object.keys(files.chunks.sentences));
    chosen = (await readArticles(paths)).filter((a) => indexed.has(a.id));
    if (chosen.length !== indexed.size) throw new Error(`the index covers ${indexed.size} articles but ${shown(paths.articles)} holds ${chosen.length} of them`);
  }
  return writeGeneration(paths, files, chosen, options);
}

/** The index files of the generation a server would open (verified; see openCorpus). */
export async function readIndex(paths: CorpusPaths): Promise<IndexFiles> {
  return openCorpus(paths).files;
}

/** The index files and the articles of the generation a server would open. */
export async function readServed(paths: CorpusPaths): Promise<{ files: IndexFiles; articles: Article[]; generation: number; degraded?: string }> {
  const { files, articles, generation, degraded } = openCorpus(paths);
  return { files, articles, generation, ...(degraded ? { degraded } : {}) };
}
