/** The WordNet tables `npm run build:lexicon` writes (src/core/antonyms.json, related.json) against a rebuild. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { wordnetAntonymTerms } from "../../src/node/lexicon/wordnet-antonyms.js";
import { wordnetRelatedTerms } from "../../src/node/lexicon/wordnet-related.js";

describe("lexicon tables", () => {
  it.each([
    ["antonyms.json", wordnetAntonymTerms],
    ["related.json", wordnetRelatedTerms],
  ])("%s is what `npm run build:lexicon` makes from WordNet with today's stemmer", (file, rebuild) => {
    const committed = JSON.parse(readFileSync(new URL(`../../src/core/${file}`, import.meta.url), "utf8"));
    expect(committed.pairs).toEqual(rebuild());
    expect(committed.license).toContain("Princeton University");
  });
});
