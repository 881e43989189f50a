/**
 * npm run doctor: checks a corpus and says what is wrong and what fixes it.
 *   - CURRENT names an existing generation;
 *   - every generation's files match the sizes and SHA-256 in GENERATION.json,
 *     and its index opens;
 *   - every working-set article (corpus/articles) parses and hashes to its id;
 *   - articles written but not indexed yet (pending), the writer lock, and
 *     leftovers of killed writers.
 * Exit code 0 when the current generation is intact, 1 otherwise.
 */
import { existsSync, readdirSync } from "node:fs";
import { openIndex } from "../core/store.js";
import { corpusPaths, readArticles } from "../node/corpus-files.js";
import {
  generationName,
  isLegacyLayout,
  legacyLayoutMessage,
  listGenerations,
  openCorpus,
  pendingChanges,
  readCurrent,
  readGeneration,
  REPAIR_COMMAND,
} from "../node/generations.js";
import { shown } from "../node/paths.js";
import { lockStatus } from "../node/write-lock.js";

async function main(): Promise<number> {
  const paths = corpusPaths();
  const out = (line: string) => console.log(line);
  out(`corpus ${shown(paths.root)}`);
  if (isLegacyLayout(paths)) {
    out(`  ✗ ${legacyLayoutMessage(paths)}`);
    return 1;
  }
  let healthy = true;
  const { generation: current, problem } = readCurrent(paths);
  out(problem ? `  ✗ ${problem}` : `  CURRENT → generation ${generationName(current!)}`);
  if (problem) healthy = false;
  for (const n of listGenerations(paths).reverse()) {
    const t = performance.now();
    try {
      const g = readGeneration(paths, n);
      openIndex(g.files, g.articles);
      out(
        `  ✓ generation ${generationName(n)}${n === current ? " (current)" : ""}: ${g.articles.length} articles, ${g.files.manifest.passages} passages, ` +
          `${Object.keys(g.record.files).length} files verified in ${Math.round(performance.now() - t)} ms (hashing ${Math.round(g.verifyMs)} ms)`,
      );
    } catch (error) {
      out(`  ✗ generation ${generationName(n)}${n === current ? " (current)" : ""}: ${(error as Error).message}`);
      if (n === current) healthy = false;
    }
  }
  try {
    const served = openCorpus(paths);
    out(served.degraded ? `  ! a server would start degraded: ${served.degraded}` : `  a server starts on generation ${generationName(served.generation)}`);
    const pending = pendingChanges(paths, served.articles.map((a) => a.id));
    if (pending.added.length || pending.removed.length)
      out(`  ! pending: ${pending.added.length} article(s) added and ${pending.removed.length} removed in ${shown(paths.articles)}, not indexed yet: run \`${REPAIR_COMMAND}\``);
  } catch (error) {
    out(`  ✗ a server would refuse to start: ${(error as Error).message}`);
  }
  try {
    const articles = await readArticles(paths);
    out(`  ✓ working set ${shown(paths.articles)}: ${articles.length} articles intact`);
  } catch (error) {
    out(`  ✗ working set: ${(error as Error).message}`);
    healthy = false;
  }
  const lock = lockStatus(paths);
  if (lock) out(lock.stale ? `  ! stale lock ${shown(paths.lock)} (pid ${lock.pid} is gone); the next writer removes it` : `  writer running: pid ${lock.pid} (${lock.command}, since ${lock.since})`);
  const leftovers = [paths.generations, paths.articles, paths.root].flatMap((d) => (existsSync(d) ? readdirSync(d).filter((n) => /\.tmp-\d+-\d+$/.test(n)) : []));
  if (leftovers.length) out(`  ! ${leftovers.length} temporary file(s) of an interrupted writer; the next writer clears them`);
  if (!healthy) out(`  fix: \`${REPAIR_COMMAND}\` writes a new generation from ${shown(paths.articles)}`);
  return healthy ? 0 : 1;
}

main().then((code) => (process.exitCode = code));
