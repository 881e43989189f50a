/**
 * Where a corpus lives on disk (see generations.ts for the layout).
 */
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_CORPUS_DIR = join(PROJECT_ROOT, "corpus");

export interface CorpusPaths {
  root: string;
  /** The working set: article records ingest writes; the next build indexes exactly these. */
  articles: string;
  /** Complete, immutable states: generations/<NNNNNN>/ (articles + index + GENERATION.json). */
  generations: string;
  /** The commit point: names the generation a server opens. */
  current: string;
  /** One writer at a time (write-lock.ts). */
  lock: string;
  /** Where versions before generations kept the index (read only to migrate it). */
  index: string;
}

export function corpusPaths(root = process.env.VERBATIM_CORPUS_DIR || DEFAULT_CORPUS_DIR): CorpusPaths {
  const abs = resolve(root);
  return {
    root: abs,
    articles: join(abs, "articles"),
    generations: join(abs, "generations"),
    current: join(abs, "CURRENT"),
    lock: join(abs, ".lock"),
    index: join(abs, "index"),
  };
}

/** Stable, human-diffable JSON: two-space indent, trailing newline. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/** A path as a person would type it: relative to the working folder when inside it. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
