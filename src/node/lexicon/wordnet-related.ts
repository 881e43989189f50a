/**
 * Words WordNet relates in meaning, as index terms: what `npm run
 * build:lexicon` writes to src/core/related.json, so that a question's
 * "victory" meets a sentence's "won", "French" meets "France" and "purchase"
 * meets "buy".
 *
 * Three relations, each between word senses: synonyms (two words of one
 * synset), derivationally related forms ("+": *win* / *winner*) and
 * pertainyms ("\": *French* / *France*). Only a word's commonest senses
 * take part (rank ≤ COMMON_SENSES in WordNet's sense-tagged corpus), so a
 * rare sense cannot tie everyday words together ("buy" / "bribe"). The rank
 * is per part of speech: "a buy" and "a steal" are both a bargain first.
 */
import { terms } from "../../core/text.js";
import { PARTS_OF_SPEECH, readSenseRanks, readSynsets, senseKey, TermPairs, wordnetDictDir, type PartOfSpeech, type Synset } from "./wordnet.js";

export const COMMON_SENSES = 1;

const RELATIONS = new Set(["+", "\\"]);

export function wordnetRelatedTerms(dictDir = wordnetDictDir(), commonSenses = COMMON_SENSES): string[] {
  const ranks = readSenseRanks(dictDir);
  const synsets = new Map(PARTS_OF_SPEECH.map((pos) => [pos, readSynsets(pos, dictDir)] as const));
  const common = (word: string, pos: PartOfSpeech, offset: string) =>
    /^[a-z]+$/.test(word) && (ranks.get(senseKey(word, pos, offset)) ?? Infinity) <= commonSenses;
  const pairs = new TermPairs(terms);
  const visit = (synset: Synset) => {
    const words = synset.words.filter((w) => common(w, synset.pos, synset.offset));
    for (let i = 0; i < words.length; i++) for (let j = i + 1; j < words.length; j++) pairs.add(words[i], words[j]);
    for (const { symbol, offset, pos, source, target } of synset.pointers) {
      if (!RELATIONS.has(symbol) || source === 0) continue;
      const a = synset.words[source - 1];
      const b = synsets.get(pos)!.get(offset)?.words[target - 1];
      if (a && b && common(a, synset.pos, synset.offset) && common(b, pos, offset)) pairs.add(a, b);
    }
  };
  for (const byOffset of synsets.values()) for (const synset of byOffset.values()) visit(synset);
  return pairs.sorted();
}
