/**
 * Words related in meaning, for seeing a question answered in other words:
 * a question's "victory" against a sentence's "won", "French" against
 * "France", "purchase" against "buy". Static word vectors see some of these;
 * WordNet's synonyms, derived forms and pertainyms (related.json, written by
 * `npm run build:lexicon`) name them, between each word's commonest senses.
 * Index terms; bundled into the Worker as plain JSON.
 */
import table from "./related.json";
import { termPairLookup } from "./term-pairs.js";

/** The index terms WordNet relates to this one. */
export const relatedTerms = termPairLookup((table as { pairs: string[] }).pairs);
