/**
 * Antonym pairs from WordNet, as index terms: what `npm run build:lexicon`
 * writes to src/core/antonyms.json.
 *
 * WordNet's antonymy is lexical (between word senses), so a pair is read
 * from a synset's "!" pointer with its source/target word numbers. Adjectives
 * get their comparative and superlative forms paired in step ("largest" /
 * "smallest", never "largest" / "small"); other inflections are the stemmer's.
 */
import { terms } from "../../core/text.js";
import { PARTS_OF_SPEECH, readSynsets, TermPairs, wordnetDictDir } from "./wordnet.js";

/** "large" → larger, largest; "early" → earlier, earliest; "big" → bigger, biggest. */
function degrees(adjective: string): string[] {
  const stem = adjective.endsWith("e")
    ? adjective.slice(0, -1)
    : /[^aeiou]y$/.test(adjective)
      ? adjective.slice(0, -1) + "i"
      : /^[^aeiou]*[aeiou][bdgmnpt]$/.test(adjective)
        ? adjective + adjective.slice(-1)
        : adjective;
  return [stem + "er", stem + "est"];
}

/** Every antonym pair as two index terms ("decreas increas"), each pair once, sorted. */
export function wordnetAntonymTerms(dictDir = wordnetDictDir()): string[] {
  const pairs = new TermPairs(terms);
  for (const pos of PARTS_OF_SPEECH) {
    const synsets = readSynsets(pos, dictDir);
    for (const synset of synsets.values())
      for (const { symbol, offset, source, target } of synset.pointers) {
        if (symbol !== "!") continue;
        const a = synset.words[source - 1];
        const b = synsets.get(offset)?.words[target - 1];
        if (!a || !b || /[^a-z]/.test(a + b)) continue;
        pairs.add(a, b);
        // Only short adjectives compare by suffix ("larger", never "beautifuler").
        if (pos === "adj" && Math.max(a.length, b.length) <= 6) degrees(a).forEach((da, i) => pairs.add(da, degrees(b)[i]));
      }
  }
  return pairs.sorted();
}
