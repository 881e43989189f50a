/**
 * Opposites, for seeing a question contradicted by the sentence that shares
 * its words: "What is the *smallest* stadium…" against "…is the *largest*
 * stadium…", "Who *lost*…" against "…*won*…". Static word vectors put such
 * pairs close together, so alignment alone reads them as a match.
 * The pairs are WordNet's (antonyms.json, written by `npm run build:lexicon`),
 * as index terms; bundled into the Worker as plain JSON.
 */
import table from "./antonyms.json";
import { termPairLookup } from "./term-pairs.js";

/** The index terms WordNet gives as opposites of this one. */
export const antonymsOf = termPairLookup((table as { pairs: string[] }).pairs);

/**
 * Opposite comparisons made of stopwords, which have no index term: "more
 * than k" against "less than k". WordNet pairs them too; these are the ones
 * that compare (not "in"/"out", "up"/"down": too common to contradict).
 */
const COMPARISONS: readonly [string, string][] = [
  ["more", "less"],
  ["more", "fewer"],
  ["most", "least"],
  ["most", "fewest"],
  ["above", "below"],
  ["over", "under"],
];

const words = (text: string) => new Set(text.toLowerCase().split(/[^\p{L}]+/u));

/**
 * For one question, a test of each candidate sentence: 1 when a question term
 * is missing from the sentence and one of its opposites stands there instead
 * (and the question does not use that opposite itself: "larger or smaller?"
 * contradicts nothing).
 */
export function contradiction(questionTerms: readonly string[], questionText: string): (sentenceTerms: ReadonlySet<string>, sentenceText: string) => number {
  const askedTerms = new Set(questionTerms);
  const askedWords = words(questionText);
  const opposed = (have: ReadonlySet<string>, asked: ReadonlySet<string>, opposites: (w: string) => readonly string[]) =>
    [...asked].some((t) => !have.has(t) && opposites(t).some((a) => have.has(a) && !asked.has(a)));
  const comparisons = (w: string) => COMPARISONS.flatMap(([a, b]) => (w === a ? [b] : w === b ? [a] : []));
  return (sentenceTerms, sentenceText) =>
    opposed(sentenceTerms, askedTerms, antonymsOf) || opposed(words(sentenceText), askedWords, comparisons) ? 1 : 0;
}
