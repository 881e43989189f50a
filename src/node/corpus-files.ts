/**
 * The corpus on disk (Node only):
 *   corpus/articles/<id>.json   clean article records written by ingest
 *   corpus/index/…              the built search index (see core/store.ts)
 * Writes go to a temporary sibling and are renamed into place, so a crash
 * mid-write never leaves a half-written index or article behind.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Article } from "../core/article.js";
import type { Chunks, IndexFiles, Manifest } from "../core/store.js";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_CORPUS_DIR = join(PROJECT_ROOT, "corpus");

export interface CorpusPaths {
  root: string;
  articles: string;
  index: string;
}

export function corpusPaths(root = process.env.VERBATIM_CORPUS_DIR || DEFAULT_CORPUS_DIR): CorpusPaths {
  const abs = resolve(root);
  return { root: abs, articles: join(abs, "articles"), index: join(abs, "index") };
}

/** Stable, human-diffable JSON: two-space indent, trailing newline. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/**
 * Synchronous reads on purpose: for thousands of small files they are 3–5×
 * faster than a promise per file, and the index is parsed synchronously
 * right after anyway.
 */
export async function readArticles(paths: CorpusPaths): Promise<Article[]> {
  if (!existsSync(paths.articles)) return [];
  const names = readdirSync(paths.articles)
    .filter((n) => n.endsWith(".json"))
    .sort();
  return names.map((n) => JSON.parse(readFileSync(join(paths.articles, n), "utf8")) as Article);
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
  await rm(path);
  return true;
}

const INDEX_FILES = ["manifest.json", "chunks.json", "orama.json", "vectors.bin"] as const;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Repairs what a writer killed mid-swap leaves behind: with no index folder,
 * the newest index.old-* (the last complete index) goes back in place;
 * staging folders of dead writers are deleted.
 */
export async function recoverIndex(paths: CorpusPaths): Promise<void> {
  const parent = dirname(paths.index);
  if (!existsSync(parent)) return;
  const base = basename(paths.index);
  const leftovers = (await readdir(parent))
    .map((name) => ({ name, m: new RegExp(`^${base}\\.(old|tmp)-(\\d+)-(\\d+)$`).exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .filter(({ m }) => !isAlive(Number(m[2])) || Number(m[2]) === process.pid);
  const olds = leftovers.filter(({ m }) => m[1] === "old").sort((a, b) => Number(b.m[3]) - Number(a.m[3]));
  if (!existsSync(paths.index) && olds.length) await rename(join(parent, olds.shift()!.name), paths.index);
  for (const { name } of [...olds, ...leftovers.filter(({ m }) => m[1] === "tmp")]) await rm(join(parent, name), { recursive: true, force: true });
}

/**
 * The index is written into a fresh folder that then replaces the old one by
 * rename, so readers see either the whole old index or the whole new one.
 */
export async function writeIndex(paths: CorpusPaths, files: IndexFiles): Promise<void> {
  await recoverIndex(paths);
  const staging = `${paths.index}.tmp-${process.pid}-${Date.now()}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const v = files.vectors;
  await Promise.all([
    writeFile(join(staging, "manifest.json"), stableJson(files.manifest)),
    writeFile(join(staging, "chunks.json"), JSON.stringify(files.chunks) + "\n"),
    writeFile(join(staging, "orama.json"), JSON.stringify(files.orama) + "\n"),
    writeFile(join(staging, "vectors.bin"), new Uint8Array(v.buffer, v.byteOffset, v.byteLength)),
  ]);
  const old = `${paths.index}.old-${process.pid}-${Date.now()}`;
  if (existsSync(paths.index)) await rename(paths.index, old);
  await rename(staging, paths.index);
  await rm(old, { recursive: true, force: true });
}

export async function readIndex(paths: CorpusPaths): Promise<IndexFiles> {
  if (!existsSync(paths.index)) await recoverIndex(paths);
  for (const name of INDEX_FILES)
    if (!existsSync(join(paths.index, name)))
      throw new Error(`index file ${join(paths.index, name)} is missing; run \`npm run build:index\``);
  const [manifest, chunks, orama, bytes] = await Promise.all([
    readFile(join(paths.index, "manifest.json"), "utf8").then((s) => JSON.parse(s) as Manifest),
    readFile(join(paths.index, "chunks.json"), "utf8").then((s) => JSON.parse(s) as Chunks),
    readFile(join(paths.index, "orama.json"), "utf8").then((s) => JSON.parse(s)),
    readFile(join(paths.index, "vectors.bin")),
  ]);
  // A view when the bytes are 4-byte aligned; otherwise a copy (Buffer slices may start anywhere).
  const vectors =
    bytes.byteOffset % 4 === 0
      ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
      : new Float32Array(new Uint8Array(bytes).buffer);
  return { manifest, chunks, orama, vectors };
}
