/**
 * One tokenizer for everything lexical: the BM25 index, question terms and
 * sentence coverage all see the same stemmed, stopword-free tokens.
 */
import { components } from "@orama/orama";

/**
 * Common English function words. Words that carry a question's meaning in
 * news ("against", "no", "not", "before", "after", "first", "only") are kept.
 */
export const STOP_WORDS = new Set(
  `a about above again all am an and any are as at be because been being below between both but by
can could did do does doing down during each for from further had has have having he her here hers herself him himself
his how i if in into is it its itself just me more most my myself nor of off on once or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves then there these they this
those through to too under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves s t also us mr mrs ms`.split(/\s+/),
);

/** Words that make a question but say nothing about its topic. */
export const QUESTION_WORDS = new Set(
  "what which who whom whose when where why how many much say said says tell told according article articles report reported".split(" "),
);

/**
 * Irregular English verb forms the stemmer cannot join to their base form
 * ("met" and "meet", "said" and "say"): ordinary lemmatization, not a synonym list.
 */
const IRREGULAR = new Map<string, string>(
  `met:meet said:say says:say told:tell shot:shoot went:go gone:go took:take taken:take made:make gave:give given:give
came:come saw:see seen:see sent:send fought:fight won:win lost:lose led:lead held:hold began:begin begun:begin
thought:think brought:bring left:leave kept:keep spoke:speak spoken:speak wrote:write written:write chose:choose
chosen:choose sought:seek struck:strike stood:stand bought:buy sold:sell paid:pay fell:fall fallen:fall flew:fly
flown:fly ran:run knew:know known:know grew:grow grown:grow drew:draw drawn:draw threw:throw thrown:throw hit:hit
built:build felt:feel found:find heard:hear meant:mean rose:rise risen:rise broke:break broken:break stole:steal
stolen:steal wore:wear driven:drive drove:drive forgave:forgive froze:freeze frozen:freeze hid:hide hidden:hide
spent:spend lent:lend bent:bend swore:swear sworn:swear shook:shake shaken:shake woke:wake undertook:undertake
withdrew:withdraw withdrawn:withdraw overtook:overtake`
    .split(/\s+/)
    .map((pair) => pair.split(":") as [string, string]),
);

function lemmatizeIrregular(text: string): string {
  // A Map, not an object: words like "constructor" must not find Object.prototype members.
  return text.replace(/\b[A-Za-z]+\b/g, (w) => IRREGULAR.get(w.toLowerCase()) ?? w);
}

/**
 * Typography differs between sources (’ vs ', “ vs ", cease-fire vs ceasefire);
 * normalise it away before tokenizing, and drop possessive endings.
 */
export function normalizeForTerms(text: string): string {
  return lemmatizeIrregular(text)
    // Acronyms: "U.N." must meet "UN", and the country "US" is not the stopword "us".
    .replace(/\b((?:[A-Z]\.){2,})/g, (m) => m.replace(/\./g, ""))
    .replace(/\bUS\b/g, "USA")
    .replace(/[’‘`´]/g, "'")
    .replace(/(\w)'s\b/gi, "$1")
    // Quotation marks are not part of a word: 'to the last soldier' is "to", "soldier", not "'to", "soldier'".
    .replace(/(^|[^\p{L}\p{N}])'+(?=\p{L})/gu, "$1")
    .replace(/(\p{L})'+(?![\p{L}\p{N}])/gu, "$1")
    // "cease-fire" must meet "ceasefire", and "third-term" must meet "third term": index both forms.
    .replace(/\b(\w+)-(\w+)(?:-(\w+))?\b/g, (_m, a, b, c = "") => `${a}${b}${c} ${a} ${b}${c ? ` ${c}` : ""}`);
}

const orama = components.tokenizer.createTokenizer({
  language: "english",
  stemming: true,
  stopWords: [...STOP_WORDS],
});

/** The tokenizer handed to Orama, so index terms and question terms agree. */
export function createTokenizer() {
  const tokenizer = components.tokenizer.createTokenizer({
    language: "english",
    stemming: true,
    stopWords: [...STOP_WORDS],
  });
  const tokenize = tokenizer.tokenize;
  // Orama caches every token it ever normalises; cap it so arbitrary queries cannot grow memory without bound.
  tokenizer.tokenize = (input: string, language?: string, prop?: string, withCache?: boolean) => {
    if (tokenizer.normalizationCache.size > 50_000) tokenizer.normalizationCache.clear();
    return tokenize(typeof input === "string" ? normalizeForTerms(input) : input, language, prop, withCache);
  };
  return tokenizer;
}

/** Stemmed content terms of a text, without stopwords, in order of first appearance. */
export function terms(text: string): string[] {
  if (orama.normalizationCache.size > 50_000) orama.normalizationCache.clear();
  return orama.tokenize(normalizeForTerms(text), "english", "", true);
}

/** Content terms of a question, without question scaffolding. */
export function questionTerms(question: string): string[] {
  const words = normalizeForTerms(question)
    .split(/[^\p{L}\p{N}']+/u)
    .filter((w) => w && !QUESTION_WORDS.has(w.toLowerCase()));
  return [...new Set(terms(words.join(" ")))];
}
