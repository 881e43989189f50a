/**
 * The BBC sample for the question generator (Node, reads ../shared/corpora/bbc in place; nothing is copied).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { corpusPaths, PROJECT_ROOT, stableJson, type CorpusPaths } from "../corpus-files.js";
import { readCurrent } from "../generations.js";
import { rebuildIndexQuietly, rebuildIndexWithProgress } from "../index-with-progress.js";
import { ingestFiles, readArticleFile } from "../ingest-files.js";
import { shown } from "../paths.js";
import { DEFAULT_SEED, storyOrder, type Story } from "./generate.js";

export const BBC_DIR = join(PROJECT_ROOT, "../shared/corpora/bbc");
export const OUT_DIR = join(PROJECT_ROOT, ".cache/bbc-questions");
/** Not valid UTF-8: ingest refuses it (see docs/scale.md). */
export const SKIP = ["sport/199.txt"];

/** Every story file of the corpus, as sorted relative paths ("business/001.txt"). */
export function listStories(dir = BBC_DIR): string[] {
  const out: string[] = [];
  for (const folder of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort())
    for (const name of readdirSync(join(dir, folder)).filter((n) => n.endsWith(".txt")).sort()) out.push(`${folder}/${name}`);
  return out;
}

/** The first N stories of the deterministic order that ingest accepts (refused files and duplicates skipped). */
export async function pickStories(n: number, seed = DEFAULT_SEED, dir = BBC_DIR): Promise<Story[]> {
  const picked: Story[] = [];
  const ids = new Set<string>();
  for (const path of storyOrder(listStories(dir), seed, SKIP)) {
    if (picked.length >= n) break;
    const { articles, refusals } = await readArticleFile(join(dir, path));
    if (refusals.length || articles.length !== 1) continue;
    const { article } = articles[0];
    if (ids.has(article.id)) continue;
    ids.add(article.id);
    picked.push({ path, title: article.title, text: article.text });
  }
  return picked;
}


/**
 * A corpus of exactly these stories at `root`, ingested afresh only when the
 * list changed (recorded in stories.json there), its index rebuilt every time:
 * what the generated questions are asked against.
 */
export async function storyCorpus(root: string, stories: Story[], seed: number, log: (line: string) => void): Promise<CorpusPaths> {
  const paths = corpusPaths(root);
  const listFile = join(paths.root, "stories.json");
  const list = { seed, stories: stories.map((s) => s.path) };
  const built = existsSync(listFile) && readFileSync(listFile, "utf8") === stableJson(list) && readCurrent(paths).generation !== null;
  if (built) {
    // The same stories, but the index is rebuilt so it always matches today's tokenizer and chunker (from the
    // embedding cache and the previous index, so nothing is embedded again; an unchanged rebuild writes nothing).
    await rebuildIndexQuietly(paths, log);
    return paths;
  }
  await rm(paths.root, { recursive: true, force: true });
  await mkdir(paths.root, { recursive: true });
  const outcome = await ingestFiles(paths, stories.map((s) => join(BBC_DIR, s.path)));
  if (outcome.refusals.length) throw new Error(`ingest refused: ${outcome.refusals.join("; ")}`);
  log(`corpus: ${outcome.added.length} BBC stories ingested into ${shown(paths.root)}`);
  await rebuildIndexWithProgress(paths, { log });
  await writeFile(listFile, stableJson(list));
  return paths;
}
