/**
 * Follow-up questions: "And who did he meet there?" means nothing on its own.
 * Resolve it against the conversation by replacing pronouns with the entities
 * of the previous turn, and carry the previous question's topic along as
 * secondary context. A self-contained question starts a new topic.
 */
import { questionTerms } from "./text.js";

export interface Turn {
  role: "user" | "assistant";
  content: string;
}

export interface ExpandedQuestion {
  /** The question with pronouns resolved; what the sentence scorer reads. */
  question: string;
  /** Terms from earlier turns that retrieval should also weigh, less than the question's own. */
  contextTerms: string[];
  /** Text of the earlier turn carried into the query ("" when none). */
  context: string;
  isFollowUp: boolean;
  /** Pronoun → entity substitutions made, for the trace. */
  resolved: Record<string, string>;
  /** The previous answer's text (markers removed) for a follow-up: its sentences are not the new answer unless they fit it. */
  previousAnswer?: string;
}

const PERSON_PRONOUNS = /\b(he|him|his|she|her|hers)\b/i;
const THING_PRONOUNS = /\b(it|its|this|that|these|those|they|them|their|the same)\b/i;
const PLACE_PRONOUN = /\bthere\b/i;
const CONTINUATION = /^\s*(and|also|but|so|then|what about|how about|what else|anything else|why|how come)\b/i;
const DETERMINED_REFERENCE = /\b(the|that|this)\s+(plan|proposal|paper|resolution|vote|visit|trip|meeting|deal|talks|statement|ministry|minister|spokesman|spokesperson|country|city|article|report|war|document|agreement)\b/i;

/** Capitalised words that are sentence furniture rather than names. */
const NOT_NAMES = new Set(
  "The A An And But In On At For With After Before When While If As By From To Of It He She They We I This That These Those There What Which Who Whom Whose Why How Did Does Do Is Are Was Were Has Have Had Will Would Can Could Should Mr Mrs Ms Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December".split(
    " ",
  ),
);

/** Names: runs of capitalised words ("Wang Yi", "Vladimir Putin"), longest first in text order. */
export function capitalisedPhrases(text: string): string[] {
  const out: string[] = [];
  const re = /\b[A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+)*/gu;
  for (const m of text.matchAll(re)) {
    const words = m[0].split(/\s+/);
    while (words.length && NOT_NAMES.has(words[0])) words.shift();
    if (words.length) out.push(words.join(" "));
  }
  return out;
}

/** The first multi-word name in a text, the likeliest antecedent of "he"/"she". */
export function personOf(text: string): string | null {
  return capitalisedPhrases(text).find((p) => p.split(" ").length >= 2) ?? null;
}

/** A place mentioned after a locative preposition or a travel verb: "in Moscow", "visited Moscow". */
export function placeOf(text: string): string | null {
  const m = /\b(?:in|to|at|visit(?:ed|s|ing)?|arriv(?:ed|es) in|travel(?:led|s)? to)\s+([A-Z][\p{L}-]+(?:\s+[A-Z][\p{L}-]+)?)/u.exec(text);
  return m && !NOT_NAMES.has(m[1]) ? m[1] : null;
}

const AUXILIARY = "is|was|are|were|did|does|do|has|have|had|will|would|can|could|should|may|might";
const DETERMINER = /^(the|a|an|this|that|these|those|his|her|its|their|our)$/i;
const PREPOSITION = /^(for|to|of|in|on|at|with|about|from|by|into|over|after|before|against|up|out|off)$/i;

/**
 * The subject of a question, which a follow-up's "it" or "they" refers to:
 * "Where was *the treaty* signed?", "When did *the talks* start?", "What did
 * *the plan* call for?", "When did *NATO* expand?". It runs from a determiner
 * (or a capitalised name) to the verb: the last word, a word ending in -ed or
 * -ing, or a word a preposition follows.
 */
export function subjectOf(question: string): string | null {
  const m = new RegExp(
    `^\\s*(?:who|whom|what|when|where|why|which\\s+\\w+|how(?:\\s+(?:many|much|long|often|far|big|large)(?:\\s+\\w+)?)?)\\s+(?:${AUXILIARY})\\s+(.+?)[\\s?.!]*$`,
    "i",
  ).exec(question);
  if (!m) return null;
  const words = m[1].split(/\s+/);
  const named = /^[A-Z]/.test(words[0]) && !DETERMINER.test(words[0]);
  if (!named && !DETERMINER.test(words[0])) return null;
  const subject = [words[0]];
  for (let i = 1; i < words.length && subject.length < 4; i++) {
    const w = words[i];
    const isVerb = i === words.length - 1 || /(?:ed|ing)$/i.test(w) || PREPOSITION.test(words[i + 1] ?? "") || PREPOSITION.test(w);
    if (named ? !/^[A-Z]/.test(w) : isVerb) break;
    subject.push(w);
  }
  return subject.length > (named ? 0 : 1) ? subject.join(" ").replace(/[,;:]$/, "") : null;
}

/** "it", "they", "them", "its", "their" standing for a thing, not a person. */
const REFERRING_PRONOUN = /\b(it|its|they|them|their)\b/i;

function stripMarkers(answer: string): string {
  return answer.replace(/\s*\[\d+\]/g, "");
}

export function isFollowUp(question: string): boolean {
  if (CONTINUATION.test(question) || PERSON_PRONOUNS.test(question) || PLACE_PRONOUN.test(question)) return true;
  if (THING_PRONOUNS.test(question.replace(/\bthat\s+(?=\w+\s+(?:is|was|are|were|will|would|did|does|has|have)\b)/i, "")))
    return true;
  if (DETERMINED_REFERENCE.test(question) && capitalisedPhrases(question.replace(/^\s*\w+/, "")).length === 0) return true;
  // Elliptical: almost nothing to search for on its own.
  return questionTerms(question).length <= 1;
}

export function expandQuestion(question: string, history: Turn[] = []): ExpandedQuestion {
  const lastUser = [...history].reverse().find((t) => t.role === "user")?.content ?? "";
  const lastAnswer = stripMarkers([...history].reverse().find((t) => t.role === "assistant")?.content ?? "");
  const none: ExpandedQuestion = { question, contextTerms: [], context: "", isFollowUp: false, resolved: {} };
  if (!lastUser || !isFollowUp(question)) return none;

  const resolved: Record<string, string> = {};
  let rewritten = question;
  const person = personOf(lastAnswer) ?? personOf(lastUser);
  const personMatch = PERSON_PRONOUNS.exec(rewritten);
  if (person && personMatch) {
    resolved[personMatch[1]] = person;
    rewritten = rewritten.replace(PERSON_PRONOUNS, (p) => (/^(his|hers)$/i.test(p) ? `${person}'s` : person));
  }
  const place = placeOf(lastUser) ?? placeOf(lastAnswer);
  if (place && PLACE_PRONOUN.test(rewritten)) {
    resolved.there = place;
    rewritten = rewritten.replace(PLACE_PRONOUN, `in ${place}`);
  }

  const pronoun = REFERRING_PRONOUN.exec(rewritten);
  // "…say about it?" after "…say about Ukraine?" means Ukraine, not the one who spoke.
  const topicOfAbout = pronoun && /\babout\s+$/i.test(rewritten.slice(0, pronoun.index)) ? /\babout\s+((?:the\s+)?[\p{L}\p{N}'’-]+(?:\s+[A-Z][\p{L}'’-]+)*)/u.exec(lastUser)?.[1] : undefined;
  const subject = topicOfAbout ?? subjectOf(lastUser);
  if (subject && pronoun && !Object.keys(resolved).length) {
    resolved[pronoun[1].toLowerCase()] = subject;
    // A subject opening with a capital stays capitalised; "the treaty" starts lower-case mid-sentence.
    const phrase = /^[A-Z][a-z]*$/.test(subject.split(" ")[0]) && DETERMINER.test(subject.split(" ")[0]) ? subject[0].toLowerCase() + subject.slice(1) : subject;
    rewritten = rewritten.replace(REFERRING_PRONOUN, (p) => (/^(its|their)$/i.test(p) ? `${phrase}'s` : phrase));
  }

  const own = new Set(questionTerms(rewritten));
  const contextTerms = questionTerms(lastUser).filter((t) => !own.has(t));
  return { question: rewritten, contextTerms, context: lastUser, isFollowUp: true, resolved, ...(lastAnswer ? { previousAnswer: lastAnswer } : {}) };
}
