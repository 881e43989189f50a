/**
 * The part of an answer sentence that answers the question: the number for
 * "how many", the amount for "how much does it cost", the date for "when",
 * the name for "who", the place for "where". The quote stays verbatim; the
 * spans only say which characters of it to emphasise.
 *
 * Candidates are found by the question's answer type (rank.ts:
 * expectedAnswerType) and the answer is the new part, so a candidate the
 * question already names is not emphasised ("Who did Wang Yi meet?" marks
 * "Vladimir Putin", not "Wang Yi"). Among the candidates, the most specific
 * kind present wins: a number right before the counted thing ("31 other
 * countries" for "how many countries"), a name of more than one word for
 * "who", a place after "in"/"to"/"at" for "where". No span when nothing
 * fits, and none for questions of no particular type ("What did … say?").
 */
import { capitalisedPhrases } from "./followup.js";
import { CURRENCY } from "./features.js";
import { expectedAnswerType, NUMBER } from "./rank.js";
import { questionTerms, terms } from "./text.js";
import { questionFocus } from "./topic.js";

export interface EmphasisSpan {
  /** Offsets into the quote: `quote.slice(start, end)` is the emphasised text. */
  start: number;
  end: number;
}

const SCALE = String.raw`(?:\s*(?:%|per\s?cent|percent)|\s+(?:hundred|thousand|million|billion|trillion)|(?:bn|m|k)\b)`;
const CURRENCY_WORD = String.raw`(?:\s+(?:dollars?|pounds?|euros?|yuan|roubles?|rubles?|hryvnias?|yen|rupees?|francs?|cents?|pence))`;
/** A quantity (rank.ts: NUMBER) with its currency and scale: "$5bn", "£1.2 million", "31", "dozens", "40%". A year on its own is a date. */
const AMOUNT = new RegExp(String.raw`(?:(?:US)?[$£€¥]\s?)?(?:${NUMBER.source})${SCALE}?${CURRENCY_WORD}?`, "gi");
const YEAR = /^(?:1[89]|20)\d\d$/;
const PERCENT = /%|\bper\s?cent\b|\bpercent\b/i;
const PERCENT_QUESTION = /\b(?:percent(?:age)?|per\s+cent|proportion|share|rate)\b/i;
/**
 * Broader than the ranker's money feature (features.ts): here it only picks
 * among the amounts an answer sentence already holds.
 */
const MONEY_QUESTION = /\bhow much\b|\b(?:cost|price|budget|worth|spend|spent|paid|pay|fund|funding|salary|fee)\b/i;
/** Words on either side of a candidate in which question terms count as near it. */
const NEAR_WORDS = 4;
/**
 * More candidates than this in one sentence (a list of names) and the
 * sentence does not single one out: better no emphasis than a guess.
 */
const MAX_SPANS = 3;

const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?`;
const WEEKDAY = String.raw`(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`;
const DAY = String.raw`\d{1,2}(?:st|nd|rd|th)?`;
const YEAR_NUMBER = String.raw`(?:1[89]|20)\d\d`;
/** "March 20 to 22", "2 November 2024", "Friday", "last week", "in 2019"'s year, "the 10th and 11th centuries". */
const DATE = new RegExp(
  [
    String.raw`\b${MONTH}(?:\s+${DAY}(?:\s*(?:-|–|to|and)\s*${DAY})?)?(?:,?\s+${YEAR_NUMBER})?\b`,
    String.raw`\b${DAY}(?:\s*(?:-|–|to|and)\s*${DAY})?\s+${MONTH}(?:,?\s+${YEAR_NUMBER})?\b`,
    String.raw`\b(?:(?:last|next|this|earlier\s+this|later\s+this)\s+)?${WEEKDAY}\b`,
    String.raw`\b(?:(?:last|next|this|earlier\s+this|later\s+this)\s+(?:week|month|year|spring|summer|autumn|fall|winter))\b`,
    String.raw`\b(?:yesterday|today|tomorrow)\b`,
    String.raw`\b\d{1,2}(?:st|nd|rd|th)(?:\s+and\s+\d{1,2}(?:st|nd|rd|th))?\s+centur(?:y|ies)\b`,
    String.raw`\b${YEAR_NUMBER}s?\b`,
  ].join("|"),
  "g",
);

const CALENDAR_WORD = new RegExp(String.raw`^(?:${MONTH}|${WEEKDAY})$`);

const NATIONALITY = /^[A-Z][a-z]+(?:ian|ean|can|ese|ish|ch|i)$/;

const LOCATIVE = /\b(?:in|to|at|from|near|into|across|towards?|outside|inside|around|via)\s+(?:the\s+)?$/i;

/** Question words, lower-cased and stemmed, to tell a name the question already uses. */
function questionVocabulary(question: string): Set<string> {
  const words = question.toLowerCase().replace(/['’]s\b/g, "").split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
  return new Set([...words, ...terms(question)]);
}

function known(vocabulary: Set<string>, word: string): boolean {
  const bare = word.toLowerCase().replace(/['’]s$/, "");
  return vocabulary.has(bare) || terms(bare).some((t) => vocabulary.has(t));
}

interface Found extends EmphasisSpan {
  text: string;
}

function matchesOf(re: RegExp, text: string): Found[] {
  return [...text.matchAll(new RegExp(re.source, re.flags))].map((m) => ({ start: m.index!, end: m.index! + m[0].length, text: m[0] }));
}

/**
 * Names: runs of capitalised words (followup.ts: capitalisedPhrases) with
 * their offsets, less the leading words the question already uses
 * ("Khmelnitskyi Mayor Oleksandr Symshyshyn" for "Who is the mayor of
 * Khmelnitskyi?" → "Oleksandr Symshyshyn") and any possessive ending; a
 * name whose last word the question uses is the question's own.
 */
function freshNames(quote: string, vocabulary: Set<string>): Found[] {
  const out: Found[] = [];
  for (const m of quote.matchAll(/\b[A-Z][\p{L}'’-]+(?:[ \t]+[A-Z][\p{L}'’-]+)*/gu)) {
    const [phrase] = capitalisedPhrases(m[0]);
    if (!phrase) continue;
    let words = phrase.replace(/['’]s$/, "").split(" ");
    // The name itself is the question's ("Dmytro Kuleba" for "… spoke with Kuleba?"): not new.
    if (known(vocabulary, words[words.length - 1])) continue;
    while (words.length && known(vocabulary, words[0])) words = words.slice(1);
    // A possessive inside ("Ukraine's Luhansk") qualifies something; it is not one name.
    if (!words.length || words.slice(0, -1).some((w) => /['’]s$/.test(w))) continue;
    const text = words.join(" ");
    const start = m.index! + m[0].indexOf(text);
    if (start < m.index!) continue;
    out.push({ start, end: start + text.length, text });
  }
  return out;
}

/** The candidates of the most specific kind present: the first non-empty tier; none when it holds too many to choose. */
function firstTier(...tiers: Found[][]): Found[] {
  const tier = tiers.find((t) => t.length) ?? [];
  return tier.length > MAX_SPANS ? [] : tier;
}

/** The words right before (`before`) and after a span, as terms. */
function termsAround(quote: string, span: Found, before: number, after: number): string[] {
  const left = before ? quote.slice(0, span.start).trimEnd().split(/\s+/).slice(-before) : [];
  const right = quote.slice(span.end).trimStart().split(/\s+/).slice(0, after);
  return terms([...left, ...right].join(" "));
}

/**
 * The candidates with the most question terms within a few words: the number
 * followed by what the question counts ("31 other countries abstained" for
 * "How many countries abstained?", "13,479 injured" for "How many were
 * injured?"), the date next to what the question asks about ("visited Russia
 * in 2019", not "the Olympics in February 2022", for "When did Xi last visit
 * Russia?"). None when no candidate has a question term near it.
 */
function closestToQuestion(quote: string, found: Found[], asked: Set<string>, before: number, after: number): Found[] {
  const near = found.map((f) => new Set(termsAround(quote, f, before, after).filter((t) => asked.has(t))).size);
  const most = Math.max(0, ...near);
  return most > 0 ? found.filter((_, k) => near[k] === most) : [];
}

function numberSpans(question: string, quote: string, vocabulary: Set<string>): Found[] {
  const asked = new Set(questionTerms(question));
  const amounts = matchesOf(AMOUNT, quote).filter((a) => !YEAR.test(a.text) && !known(vocabulary, a.text));
  // What is counted follows the number.
  const counting = closestToQuestion(quote, amounts, asked, 0, NEAR_WORDS);
  // "How much … cost" asks for money, "what percentage" for a share: amounts in that unit.
  const unit = MONEY_QUESTION.test(question)
    ? amounts.filter((a) => CURRENCY.test(a.text))
    : PERCENT_QUESTION.test(question)
      ? amounts.filter((a) => PERCENT.test(a.text))
      : [];
  return firstTier(counting, closestToQuestion(quote, unit, asked, NEAR_WORDS, NEAR_WORDS), unit, amounts);
}

function dateSpans(question: string, quote: string, vocabulary: Set<string>): Found[] {
  const dates = matchesOf(DATE, quote).filter((d) => !d.text.split(/\s+/).every((w) => known(vocabulary, w)));
  return firstTier(closestToQuestion(quote, dates, new Set(questionTerms(question)), NEAR_WORDS, NEAR_WORDS), dates);
}

/**
 * A single capitalised word that is a name: not where grammar capitalises
 * (the sentence's first word), not a nationality ("Ukrainian") or a
 * description ("Russian-occupied"), not a month or weekday.
 */
function singleName(quote: string, name: Found): boolean {
  return name.start !== quote.search(/\S/) && !NATIONALITY.test(name.text) && !name.text.includes("-") && !CALENDAR_WORD.test(name.text);
}

function personSpans(quote: string, vocabulary: Set<string>): Found[] {
  const names = freshNames(quote, vocabulary);
  return firstTier(
    names.filter((n) => n.text.includes(" ")),
    names.filter((n) => !n.text.includes(" ") && singleName(quote, n)),
  );
}

function placeSpans(quote: string, vocabulary: Set<string>): Found[] {
  const names = freshNames(quote, vocabulary).filter((n) => n.text.includes(" ") || singleName(quote, n));
  return firstTier(
    names.filter((n) => LOCATIVE.test(quote.slice(0, n.start))),
    names,
  );
}

/** Sorted, without overlaps (the earlier, then longer, span wins). */
function disjoint(spans: Found[]): EmphasisSpan[] {
  const out: EmphasisSpan[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (out.length && s.start < out[out.length - 1].end) continue;
    out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** The spans of `quote` that answer `question`; empty when nothing fits. */
export function emphasisSpans(question: string, quote: string): EmphasisSpan[] {
  const vocabulary = questionVocabulary(question);
  switch (expectedAnswerType(question)) {
    case "number":
    case "measure":
      return disjoint(numberSpans(question, quote, vocabulary));
    case "date":
      return disjoint(dateSpans(question, quote, vocabulary));
    case "person":
      return disjoint(personSpans(quote, vocabulary));
    case "place":
      return disjoint(placeSpans(quote, vocabulary));
    default:
      return [];
  }
}
