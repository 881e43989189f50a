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

  const own = new Set(questionTerms(rewritten));
  const contextTerms = questionTerms(lastUser).filter((t) => !own.has(t));
  return { question: rewritten, contextTerms, context: lastUser, isFollowUp: true, resolved };
}
