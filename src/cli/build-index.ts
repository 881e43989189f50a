/**
 * npm run build:index [-- --fresh]
 * Chunk every article in corpus/articles and write the search index to
 * corpus/index. Vectors come from the embedding cache (.cache/embeddings) or
 * the index being replaced where the exact text was embedded before by the
 * same model; only new texts are embedded. Same articles in, same bytes out.
 * --fresh ignores both and embeds everything again.
 */
import { corpusPaths } from "../node/corpus-files.js";
import { rebuildIndexWithProgress } from "../node/index-with-progress.js";

async function main(argv: string[]) {
  const unknown = argv.filter((a) => a !== "--fresh");
  if (unknown.length) throw new Error(`unknown argument ${unknown[0]}; usage: npm run build:index [-- --fresh]`);
  await rebuildIndexWithProgress(corpusPaths(), { fresh: argv.includes("--fresh") });
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`build:index failed: ${error.message}`);
  process.exit(1);
});
