/**
 * Suggested questions for an empty chat, drawn from the corpus itself, of different kinds:
 * who, how many, when, why (and "What did X say?" to fill up). Each question is built from
 * one sentence of one article with that sentence's own words ("Wang Yi met Russian president
 * Vladimir Putin" → "Who did Wang Yi meet?"), then asked through the real answer path, and
 * kept only when the answer is not an abstention and cites the sentence the question came
 * from. So a suggestion is always a question these articles answer, and the list follows
 * whatever corpus is loaded. Deterministic: the same corpus and engine give the same list.
 */
import type { SearchIndex } from "./store.js";

export type SuggestionKind = "who" | "how many" | "when" | "why" | "said";

export interface SuggestionCandidate {
  question: string;
  kind: SuggestionKind;
  articleId: string;
  /** The sentence the question was drawn from (offsets in the article text). */
  start: number;
  end: number;
}

/** What a suggestion needs from an answer: whether it abstained and what it cites. */
export interface AnswerLike {
  abstained: boolean;
  citations: { articleId: string; start: number; end: number }[];
}

const KINDS: SuggestionKind[] = ["who", "how many", "when", "why"];

const NAME = String.raw`[A-Z][\p{Ll}’']+(?:\s+[A-Z][\p{Ll}’']+){1,2}`;
const PLACE = String.raw`[A-Z][\p{Ll}]+`;
const WEEKDAY = String.raw`(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`;
const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December)`;
/** Capitalised words that start a sentence or name a group, not a person. */
const NOT_PEOPLE = /^(The|This|That|He|She|It|They|We|In|On|At|After|Before|Earlier|Russia|China|Ukraine|Moscow|Beijing|Kyiv|Washington|White House|United States|United Nations|Security Council|General Assembly|Kremlin|Chinese|Russian|Ukrainian|German|US)\b/;

interface Pattern {
  kind: SuggestionKind;
  re: RegExp;
  ask(m: RegExpMatchArray): string | null;
}

/** A person's name without a leading title ("President Xi Jinping" → "Xi Jinping"), or null. */
const person = (name: string) => {
  const bare = name.replace(/^(?:President|Premier|Chancellor|Minister|Secretary|Spokesman|Spokeswoman|Mr|Mrs|Ms|Dr|General|King|Queen|Pope)\s+/, "");
  return NOT_PEOPLE.test(name) || !/\s/.test(bare) ? null : bare;
};

const PATTERNS: Pattern[] = [
  // "Wang Yi met Russian president Vladimir Putin" → "Who did Wang Yi meet?"
  { kind: "who", re: new RegExp(String.raw`\b(${NAME})\s+(?:met|meets)\s+(?:with\s+)?[A-Za-z]`, "gu"), ask: (m) => person(m[1]) && `Who did ${person(m[1])} meet?` },
  // "Qin Gang spoke with Dmytro Kuleba" → "Who did Qin Gang speak with?"
  { kind: "who", re: new RegExp(String.raw`\b(${NAME})\s+(?:spoke|talked)\s+(?:with|to)\s+[A-Z]`, "gu"), ask: (m) => person(m[1]) && `Who did ${person(m[1])} speak with?` },
  // "China and 31 other countries abstained" → "How many countries abstained?"
  // "8,101 civilians in Ukraine have been killed" → "How many civilians have been killed in Ukraine?"
  {
    kind: "how many",
    re: new RegExp(String.raw`\b\d[\d,]*\s+(?:other\s+)?([a-z]{3,}s)(\s+in\s+${PLACE})?\s+((?:have|has|had)\s+been\s+|were\s+|was\s+)?([a-z]{3,}ed)\b`, "gu"),
    ask: (m) => {
      const [, noun, where, aux, verb] = m;
      if (/^(?:years|months|weeks|days|hours|times|percent)$/.test(noun)) return null;
      return `How many ${noun} ${(aux ?? "").trim() ? `${aux.trim()} ` : ""}${verb}${where ?? ""}?`;
    },
  },
  // "Xi Jinping will visit Russia from March 20 to 22" → "When will Xi Jinping visit Russia?"
  {
    kind: "when",
    re: new RegExp(String.raw`\b(${NAME})\s+will\s+(visit|go\s+to|travel\s+to)\s+(${PLACE})\s+(?:from|on|in|next)\b`, "gu"),
    ask: (m) => person(m[1]) && `When will ${person(m[1])} ${m[2].replace(/\s+/g, " ")} ${m[3]}?`,
  },
  // "Xi last visited Russia in 2019" → "When did Xi last visit Russia?"
  {
    kind: "when",
    re: new RegExp(String.raw`\b(${NAME}|[A-Z][\p{Ll}]+)\s+(last\s+)?visited\s+(${PLACE})\s+(?:in\s+(?:\d{4}|${MONTH})|on\s+${WEEKDAY})`, "gu"),
    ask: (m) => (NOT_PEOPLE.test(m[1]) ? null : `When did ${m[1]} ${m[2] ? "last " : ""}visit ${m[3]}?`),
  },
  // "the 15-member Security Council paralysed due to veto power" → "Why is the Security Council paralysed?"
  {
    kind: "why",
    re: new RegExp(String.raw`\bthe\s+(?:[\d]+-[a-z]+\s+)?((?:[A-Z][\p{Ll}]+\s+){0,2}[A-Z][\p{Ll}]+)\s+(is\s+|was\s+|are\s+|were\s+)?([a-z]{3,}ed)\s+(?:due\s+to|because)\b`, "gu"),
    ask: (m) => `Why ${(m[2] ?? "is ").trim()} the ${m[1]} ${m[3]}?`,
  },
  // "a 12-point plan …, which the West has rejected because …" → "Why has the West rejected the plan?"
  {
    kind: "why",
    re: new RegExp(String.raw`\b(?:a|an|the)\s+(?:[\d]+-[a-z]+\s+)?([a-z]+)\b[^.]{0,80},\s+which\s+the\s+(${PLACE})\s+(has|have|had)\s+([a-z]{3,}ed)\s+because\b`, "gu"),
    ask: (m) => `Why ${m[3]} the ${m[2]} ${m[4]} the ${m[1]}?`,
  },
];

const SPEAKER_AFTER = /\b([A-Z][\p{Ll}]+\s+[A-Z][\p{Ll}]+)\s+(?:said|told|says|warned|added|tweeted|posted)\b/gu;
const SPEAKER_BEFORE = /\b(?:said|says)\s+([A-Z][\p{Ll}]+\s+[A-Z][\p{Ll}]+)\b/gu;

/** The sentence of `index` around offset `at` of an article. */
function sentenceAt(index: SearchIndex, articleId: string, at: number): { start: number; end: number } | null {
  const sentences = index.sentencesByArticle.get(articleId) ?? [];
  const s = sentences.find((x) => x.start <= at && at < x.end);
  return s ? { start: s.start, end: s.end } : null;
}

/** Every question the patterns draw from the corpus, in corpus order, one per wording. */
export function suggestionCandidates(index: SearchIndex): SuggestionCandidate[] {
  const out: SuggestionCandidate[] = [];
  const seen = new Set<string>();
  const add = (question: string | null, kind: SuggestionKind, articleId: string, at: number) => {
    if (!question || seen.has(question.toLowerCase())) return;
    const span = sentenceAt(index, articleId, at);
    if (!span) return;
    seen.add(question.toLowerCase());
    out.push({ question, kind, articleId, ...span });
  };
  for (const article of index.articles) {
    for (const p of PATTERNS) for (const m of article.text.matchAll(p.re)) add(p.ask(m), p.kind, article.id, m.index ?? 0);
  }
  // The people each article quotes most: "What did Dmitry Peskov say?"
  const speakers: { name: string; count: number; articleId: string; at: number }[] = [];
  for (const article of index.articles) {
    const counts = new Map<string, { count: number; at: number }>();
    for (const re of [SPEAKER_AFTER, SPEAKER_BEFORE])
      for (const m of article.text.matchAll(re)) {
        if (NOT_PEOPLE.test(m[1])) continue;
        const c = counts.get(m[1]);
        if (c) c.count += 1;
        else counts.set(m[1], { count: 1, at: m.index ?? 0 });
      }
    const best = [...counts].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))[0];
    if (best) speakers.push({ name: best[0], count: best[1].count, articleId: article.id, at: best[1].at });
  }
  speakers
    .sort((a, b) => b.count - a.count || (a.articleId < b.articleId ? -1 : 1))
    .forEach((s) => add(`What did ${s.name} say?`, "said", s.articleId, s.at));
  return out;
}

/** Does the answer quote the sentence the question was drawn from? */
export function answersFromSource(answer: AnswerLike, candidate: SuggestionCandidate): boolean {
  if (answer.abstained) return false;
  return answer.citations.some((c) => c.articleId === candidate.articleId && c.start < candidate.end && c.end > candidate.start);
}

/**
 * Up to `max` questions: first one of each kind (who, how many, when, why), then more of
 * any kind, each kept only if `answer` answers it from the sentence it was drawn from;
 * with `within`, only questions drawn from those articles.
 */
export async function suggestQuestions(
  index: SearchIndex,
  answer: (question: string) => Promise<AnswerLike>,
  max = 4,
  within?: ReadonlySet<string>,
): Promise<string[]> {
  const candidates = suggestionCandidates(index).filter((c) => !within || within.has(c.articleId));
  const picked: SuggestionCandidate[] = [];
  const tried = new Set<SuggestionCandidate>();
  const works = async (c: SuggestionCandidate) => {
    tried.add(c);
    try {
      return answersFromSource(await answer(c.question), c);
    } catch {
      return false;
    }
  };
  for (const kind of KINDS) {
    if (picked.length >= max) break;
    for (const c of candidates.filter((x) => x.kind === kind)) {
      if (await works(c)) {
        picked.push(c);
        break;
      }
    }
  }
  for (const c of candidates) {
    if (picked.length >= max) break;
    if (tried.has(c)) continue;
    if (await works(c)) picked.push(c);
  }
  return picked.map((c) => c.question);
}
