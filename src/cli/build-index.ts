/**
 * npm run build:index [-- --fresh]
 * Chunk every article in corpus/articles (the working set) and write the
 * search index with them as the next generation (corpus/generations/<n>),
 * then switch corpus/CURRENT to it. Vectors come from the embedding cache
 * (.cache/embeddings) or the current index where the exact text was embedded
 * before by the same model; only new texts are embedded. Same articles in,
 * same bytes out. --fresh ignores both and embeds everything again.
 *
 * Also the repair command: it rebuilds from the working set whatever a
 * damaged generation held, and moves a corpus of the layout before
 * generations (corpus/index/) to generations, reusing its vectors.
 * One writer at a time: waits for a running ingest (corpus/.lock).
 */
import { corpusPaths } from "../node/corpus-files.js";
import { rebuildIndexWithProgress } from "../node/index-with-progress.js";
import { withWriteLock } from "../node/write-lock.js";

async function main(argv: string[]) {
  const unknown = argv.filter((a) => a !== "--fresh");
  if (unknown.length) throw new Error(`unknown argument ${unknown[0]}; usage: npm run build:index [-- --fresh]`);
  const paths = corpusPaths();
  await withWriteLock(paths, () => rebuildIndexWithProgress(paths, { fresh: argv.includes("--fresh") }), { command: "npm run build:index" });
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`build:index failed: ${error.message}`);
  process.exit(1);
});
