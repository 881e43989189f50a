/**
 * What an answer has to be about, and the names a question uses that the
 * corpus never mentions. The checks become features of the learned model
 * (features.ts) and the reasons an abstention gives.
 */
import type { Article } from "./article.js";
import type { Sentence } from "./chunk.js";
import { oneEditApart, sentenceTerms, wordTerms } from "./features.js";
import { capitalisedPhrases } from "./followup.js";
import { expectedAnswerType, matchesAnswerType, type AnswerType } from "./rank.js";
import type { SearchIndex } from "./store.js";
import { QUESTION_WORDS, terms } from "./text.js";
import { scopeWording, type ArticleScope, type ScopeWording } from "./scope.js";

export const TOPIC = {
  /**
   * A sentence this close in meaning to the question may name the asked-for
   * thing in other words; the closest sentences of unanswerable questions
   * stay near 0.5, paraphrased answers reach 0.7.
   */
  paraphraseCosine: 0.6,
} as const;

const metadataCache = new WeakMap<Article, Set<string>>();

/** Headline and outlet name: "according to the Washington Examiner article" is about every sentence of that article. */
export function articleTerms(article: Article): Set<string> {
  let found = metadataCache.get(article);
  if (!found) metadataCache.set(article, (found = new Set(terms(`${article.title} ${article.source ?? ""}`))));
  return found;
}

/**
 * The thing a question asks about: the noun counted in "how many soldiers",
 * the attribute in "what is the population of …". If the corpus never uses
 * that word, no sentence can answer, however close the rest of it looks.
 */
export function questionFocus(question: string): string | null {
  const m =
    /\bhow (?:many|much)\s+(?:of\s+the\s+)?([a-z][a-z-]+)/i.exec(question) ??
    /\b(?:what|which)\s+(?:is|was|are|were)\s+the\s+([a-z][a-z-]+)\s+of\b/i.exec(question);
  return m ? m[1].toLowerCase() : null;
}

/**
 * A question typed all in lower case names nothing by its capitals ("capital
 * of australia"), so every check that finds names by them would pass it by.
 * `nameForm` knows which words are names (a cased vocabulary's, see
 * word-similarity.ts); they get their capital back, everything else stays as
 * typed. A question with any capital letter is left alone: its writer cased it.
 */
export function recaseNames(question: string, nameForm: (word: string) => string | null): string {
  if (/\p{Lu}/u.test(question)) return question;
  return question.replace(/\p{L}+/gu, (word) => nameForm(word) ?? word);
}

/**
 * Names in a question; its first word is capitalised by grammar, not because
 * it is a name, unless it is a possessive ("Australia's capital?"): few common
 * words open a question that way.
 */
function questionNames(question: string): string[] {
  const firstUncapitalised = question.replace(/^\s*\S+/, (w) => (/^[A-Z]/.test(w) && !/^[A-Z][\p{L}-]+['’]s$/u.test(w) ? w.toLowerCase() : w));
  return capitalisedPhrases(firstUncapitalised).map((n) => n.replace(/['’]s$/, ""));
}

/** The names and the focus of a question, each with its terms: what unknownTopics looks up. */
function topicNames(question: string): { name: string; terms: string[] }[] {
  const names = questionNames(question);
  const focus = questionFocus(question);
  if (focus) names.push(focus);
  return names.map((name) => ({ name, terms: terms(name) }));
}

/** The question's content words as written, each with its term. */
function contentWords(question: string): { name: string; terms: string[] }[] {
  const written = question.split(/[^\p{L}\p{N}'’-]+/u);
  return wordTerms(question)
    .filter((w) => !QUESTION_WORDS.has(w.word))
    .map((w) => ({ name: written.find((x) => terms(x)[0] === w.term) ?? w.word, terms: [w.term] }));
}

/** Every term unknownTopics asks corpusKnows about (a database store fetches what it needs for them beforehand). */
export function topicTerms(question: string): string[] {
  return [...new Set(topicNames(question).flatMap((n) => n.terms))];
}

/**
 * Question terms the corpus (or, for a scoped question, the selected
 * articles) never uses at all: a question about them cannot be answered from it.
 */
export function unknownTopics(index: SearchIndex, question: string, scope: ArticleScope | null = null): string[] {
  const selected = scope && scopeTerms(index, scope);
  const knows = selected ? (t: string) => termKnown(selected, t) : (t: string) => corpusKnows(index, t);
  const missing: string[] = [];
  for (const { name, terms: nameTerms } of topicNames(question))
    if (nameTerms.length && nameTerms.every((t) => !knows(t))) missing.push(name);
  if (missing.length) return missing;
  // No name, but not one word the articles use either ("Who won the football match on Saturday?"): nothing here is
  // about it. Spelled exactly: allowing a typo, as for names, would let common words pass ("match" for "march").
  // (A database store looks up every question term's document frequency, so the slice's df answers this.)
  const uses = selected ? (t: string) => selected.has(t) : (t: string) => index.df.has(t);
  const words = contentWords(question);
  return words.length && words.every((w) => !uses(w.terms[0])) ? words.map((w) => w.name) : [];
}

/** Every term the selected articles use. */
function scopeTerms(index: SearchIndex, scope: ArticleScope): Set<string> {
  return new Set(scope.ids.flatMap((id) => [...articleAllTerms(index, index.articleById.get(id)!)]));
}

const vocabularyCache = new WeakMap<SearchIndex, Map<number, string[]>>();

/** The corpus's terms by length, for looking up near spellings without scanning every term. */
function termsByLength(index: SearchIndex): Map<number, string[]> {
  let found = vocabularyCache.get(index);
  if (!found) {
    found = new Map();
    for (const t of index.df.keys()) {
      const list = found.get(t.length);
      if (list) list.push(t);
      else found.set(t.length, [t]);
    }
    vocabularyCache.set(index, found);
  }
  return found;
}

/**
 * Vocabulary terms corpusKnows may accept for `term` beyond its demonyms: one
 * edit apart or the same name (below) share the term's first or last `affix`
 * characters and differ in length by at most two, so a database can fetch
 * this superset by prefix and suffix instead of reading the vocabulary.
 */
export function nearSpellingAffix(term: string): number {
  return term.length >= 5 ? Math.floor((term.length - 1) / 2) : 4;
}

/**
 * Whether the corpus uses a term, allowing what a reader would: one typo
 * ("Scotish"), a country for its people ("Italian" → Italy, "French" →
 * France), a transliteration's last letter ("Zelenskiy").
 */
export function corpusKnows(index: SearchIndex, term: string): boolean {
  if (index.df.has(term)) return true;
  if (demonymForms(term).some((t) => index.df.has(t))) return true;
  const byLength = termsByLength(index);
  for (let length = term.length - 2; length <= term.length + 2; length++)
    for (const t of byLength.get(length) ?? []) if (oneEditApart(term, t) || sameName(term, t)) return true;
  return false;
}

/**
 * Countries whose people's name is not the country's name plus an ending
 * (those are caught by sameName): each stem with the stems of the other forms.
 */
const DEMONYMS: string[][] = [
  ["franc", "french", "frenchman", "frenchmen"],
  ["netherland", "dutch", "holland"],
  ["britain", "british", "briton", "uk"],
  ["england", "english", "englishman"],
  ["scotland", "scottish", "scot"],
  ["wale", "welsh"],
  ["ireland", "irish"],
  ["switzerland", "swiss"],
  ["spain", "spanish", "spaniard"],
  ["denmark", "danish", "dane"],
  ["sweden", "swedish", "swede"],
  ["finland", "finnish", "finn"],
  ["norwai", "norwegian"],
  ["poland", "polish", "pole"],
  ["turkei", "turkish", "turk"],
  ["greec", "greek"],
  ["portug", "portugues"],
  ["philippin", "filipino"],
  ["thailand", "thai"],
  ["iceland", "icelandic"],
  ["afghanistan", "afghan"],
  ["cypru", "cypriot"],
  ["croatia", "croat", "croatian"],
  ["serbia", "serb", "serbian"],
  ["usa", "american", "america"],
];

const demonymIndex = new Map<string, string[]>();
for (const group of DEMONYMS) for (const t of group) demonymIndex.set(t, group.filter((u) => u !== t));

export function demonymForms(term: string): string[] {
  return demonymIndex.get(term) ?? [];
}

/**
 * What an answer has to be about. In a large corpus every name and every
 * word of an unanswerable question occurs somewhere ("How many tanks did
 * Germany send?" meets a sentence about Germany, tanks and the EU), so
 * knowing the words is not enough: they must occur together. The names must
 * all be in the answer's article (one mention anywhere, since later
 * sentences say "he" or "the ministry"), the asked-for thing in the answer
 * sentence or next to it, and a "how many"/"when" answer must hold a number
 * or a date (in the sentence or the one that completes it).
 */
export interface QuestionTopic {
  /** Each name with its terms ("UN" and "U.N." have the same terms). */
  names: { name: string; terms: string[] }[];
  focus: { word: string; terms: string[] } | null;
  type: AnswerType;
}

/** Nationality adjectives describe rather than name: an article about "American rockets" may only say "US-made". */
const DEMONYM = /(?:ian|ean|can|ese|ish)$/;

export function questionTopic(question: string): QuestionTopic {
  const names = questionNames(question)
    .filter((name) => name.includes(" ") || !DEMONYM.test(name))
    .map((name) => ({ name, terms: terms(name) }))
    .filter((n) => n.terms.length > 0);
  const focus = questionFocus(question);
  const focusTerms = focus ? terms(focus) : [];
  return { names, focus: focusTerms.length ? { word: focus!, terms: focusTerms } : null, type: expectedAnswerType(question) };
}

const articleTermCache = new WeakMap<Article, Set<string>>();

/** Every term of an article, headline and outlet included. */
function articleAllTerms(index: SearchIndex, article: Article): Set<string> {
  let found = articleTermCache.get(article);
  if (!found) {
    found = new Set(articleTerms(article));
    for (const s of index.sentencesByArticle.get(article.id) ?? []) for (const t of sentenceTerms(index, article.id, s.index)) found.add(t);
    articleTermCache.set(article, found);
  }
  return found;
}

/** The sentences right before and after, when no paragraph break separates them. */
export function paragraphNeighbours(index: SearchIndex, article: Article, sentence: Sentence): Sentence[] {
  const sentences = index.sentencesByArticle.get(article.id)!;
  return [sentences[sentence.index + 1], sentences[sentence.index - 1]].filter(
    (n): n is Sentence =>
      n !== undefined &&
      !article.text.slice(Math.min(n.end, sentence.end), Math.max(n.start, sentence.start)).includes("\n\n"),
  );
}

/** A term in a set of terms, allowing a demonym, a transliteration or one typo (as corpusKnows does). */
function termKnown(all: Set<string>, term: string): boolean {
  return all.has(term) || demonymForms(term).some((u) => all.has(u)) || [...all].some((u) => sameName(term, u) || oneEditApart(term, u));
}

/**
 * Transliterations differ by a letter at the end ("Zelensky", "Zelenskiy"),
 * as do a country and its adjective's stem ("china", "chines"): two stems
 * name the same when they agree up to the last letter of the shorter (at
 * least four letters) and differ in length by at most two.
 */
function sameName(a: string, b: string): boolean {
  const shorter = Math.min(a.length, b.length);
  if (shorter < 4 || Math.abs(a.length - b.length) > 2) return false;
  let common = 0;
  while (common < shorter && a[common] === b[common]) common++;
  return common >= shorter - 1 && common >= 4;
}

/**
 * Whether a sentence can answer the question (see QuestionTopic). Built once
 * per question: the names are looked up once per article, not per sentence.
 */
export function topicCheck(
  index: SearchIndex,
  topic: QuestionTopic,
  question: string,
): (article: Article, sentence: Sentence, cosine: number | null) => { names: boolean; focus: boolean; type: boolean } {
  const namesFound = new Map<string, boolean>();
  const mentionsNames = (article: Article): boolean => {
    let found = namesFound.get(article.id);
    if (found === undefined) {
      const all = articleAllTerms(index, article);
      const has = (t: string) => termKnown(all, t);
      // Half of a longer name will do: reworded copies of a story turn "White House" into "White Home".
      found = topic.names.every((n) => n.terms.filter(has).length >= Math.ceil(n.terms.length / 2));
      namesFound.set(article.id, found);
    }
    return found;
  };
  return (article, sentence, cosine) => {
    const names = !topic.names.length || mentionsNames(article);
    let focus = true;
    // A sentence that says what the question asks in other words ("civilians" for "people") names the thing its own way.
    if (topic.focus && !(cosine !== null && cosine >= TOPIC.paraphraseCosine)) {
      const near = [sentence.index - 1, sentence.index, sentence.index + 1].map((i) => sentenceTerms(index, article.id, i));
      focus = topic.focus.terms.every((t) => near.some((terms) => terms.has(t)));
    }
    let type = true;
    if (topic.type === "number" || topic.type === "date") {
      const texts = [sentence, ...paragraphNeighbours(index, article, sentence)].map((s) => article.text.slice(s.start, s.end));
      type = texts.some((text) => matchesAnswerType(topic.type, text, question));
    }
    return { names, focus, type };
  };
}

/** "a", "a and b", "a, b and c" (or "or"). */
export function listed(items: string[], conjunction: "and" | "or"): string {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}` : (items[0] ?? "");
}

/** Why no sentence is on topic, in the words of the question and of where it looked. */
export function offTopicReason(topic: QuestionTopic, where: ScopeWording = scopeWording(null)): string {
  const things = [...topic.names.map((n) => n.name), ...(topic.focus ? [topic.focus.word] : [])];
  const list = listed(things, "and");
  if (topic.type === "number" || topic.type === "date") return `${where.noPassage} gives a ${topic.type}${list ? ` about ${list}` : ""}`;
  return things.length > 1 ? `${where.noneMentions} ${list} together` : `${where.noPassageFound} is about ${list}`;
}

