/**
 * What a chat message asks for, before anything is searched: a question for
 * the articles (the default), a greeting or a request for help, or an
 * overview of the articles. A new user's "hi" or "what can you do?" is not a
 * question the articles can answer, and "what are these articles about?" asks
 * about all of them at once; answered as questions, both abstain with a
 * reason that helps nobody ("no passage shares a word with the question").
 *
 * The rule is the same for both: the message matches one of a few phrasings
 * (GREETING or HELP; OVERVIEW_REQUEST or ABOUT_THE_ARTICLES), and what is
 * left once those phrasings and chat filler are taken out decides:
 *   - help: nothing left that the corpus uses. "Hi, who did Wang Yi meet?"
 *     leaves "Wang Yi meet", which the corpus knows: a question.
 *   - overview: nothing left (all the articles), or a topic whose every term
 *     the corpus knows ("summarise the articles about Ukraine": the articles
 *     about Ukraine). A topic the corpus never mentions ("… about Australia")
 *     is asked as a question, so it abstains and says why.
 * A question about one thing ("What is the 12-point plan about?") names no
 * collection ("the articles", "the news") and asks for no summary, so it
 * stays a question.
 */
import type { SearchIndex } from "./store.js";
import { questionTerms } from "./text.js";
import { corpusKnows } from "./topic.js";

export type Intent =
  | { kind: "question" }
  | { kind: "help" }
  /** `topic`: the words that narrow the overview, as the user wrote them ("" for all the articles). */
  | { kind: "overview"; topic: string };

const GREETING = /\b(?:hi|hiya|hello|hey|howdy|greetings|good\s+(?:morning|afternoon|evening|day)|thanks|thank\s+you)\b/gi;

/**
 * Asking for help. "Help" and "examples" count only where they open the
 * message: inside a question they are ordinary words ("What did the Rhine
 * help to expand?", "What is an example of …").
 */
const HELP = new RegExp(
  [
    String.raw`^\s*(?:(?:can|could|would)\s+(?:you|someone|anyone)\s+)?(?:please\s+)?help\b`,
    String.raw`\bi\s+need\s+(?:some\s+)?help\b`,
    String.raw`^\s*(?:please\s+)?(?:(?:give|show)\s+me\s+)?(?:some\s+|an?\s+)?examples?\b`,
    String.raw`\bwhat\s+(?:can|could|do|should)\s+(?:you|i|we)\s+(?:do|ask)\b`,
    String.raw`^\s*what\s+(?:are|is)\s+(?:you|this|verbatim)\s*[?!.]*$`,
    String.raw`\bwho\s+are\s+you\b`,
    String.raw`\bhow\s+(?:does|do|can|should)\s+(?:this|it|you|verbatim|i)\s+(?:work|use\s+(?:this|it|you|verbatim)|ask|start)\b`,
    String.raw`\bwhat\s+(?:questions|kinds?\s+of\s+questions|sorts?\s+of\s+questions)\s+(?:can|could|should|do)\s+(?:i|we)\s+ask\b`,
    String.raw`\bget(?:ting)?\s+started\b`,
  ].join("|"),
  "gi",
);

const SUMMARY = String.raw`(?:summari[sz]e|summary|summaries|overview|gist|recap|rundown|run-down|tl;?dr|brief\s+me)`;

/** The collection as a whole: "these articles", "the news", "the stories". */
const COLLECTION = String.raw`(?:articles?|stories|story|news|documents?|texts?|sources?|corpus|archive|headlines|coverage|reports?)`;

/**
 * A request to summarise: opening the message ("give me an overview",
 * "can you summarise?", "what are the main topics?") or naming the
 * collection ("… an overview of the articles"). Elsewhere the words are a
 * question's own ("… one of the main topics studied in …").
 */
const OVERVIEW_REQUEST = new RegExp(
  [
    String.raw`^\s*(?:(?:hi|hello|hey)\b[,!.]?\s*)?(?:please\s+)?(?:(?:can|could|would)\s+(?:you|i)\s+)?(?:please\s+)?(?:(?:give|show|get)\s+(?:me|us)\s+|i\s+(?:want|would\s+like|'d\s+like|’d\s+like)\s+|let\s+me\s+(?:have|see)\s+)?(?:an?\s+|the\s+|some\s+)?(?:quick\s+|short\s+|brief\s+)?${SUMMARY}\b`,
    String.raw`\b${SUMMARY}\s+(?:of\s+)?(?:all\s+)?(?:these|the|those|this|your)\s+${COLLECTION}\b`,
    String.raw`^\s*what\s+are\s+the\s+(?:main|key|top|big)\s+(?:topics|stories|themes|points|headlines)\b`,
  ].join("|"),
  "gi",
);

/** Asking what the collection is about: "what are these articles about?", "what's in the news here?". */
const ABOUT_THE_ARTICLES = new RegExp(
  [
    String.raw`\bwhat\s+(?:are|is|were|was)\s+(?:all\s+)?(?:these|the|those|this|your)\s+${COLLECTION}\s+(?:about|on|covering)\b`,
    String.raw`\bwhat(?:'re|’re)\s+(?:all\s+)?(?:these|the|those)\s+${COLLECTION}\s+(?:about|on)\b`,
    String.raw`\bwhat\s+(?:do|does|did)\s+(?:all\s+)?(?:these|the|those|this|your)\s+${COLLECTION}\s+(?:say|cover|discuss|contain|talk\s+about|tell\s+(?:me|us))\b`,
    String.raw`\bwhat(?:'s|’s|\s+is)\s+in\s+(?:the|these|this|your)\s+${COLLECTION}\b`,
    String.raw`\bwhat(?:'s|’s|\s+is)\s+(?:the\s+)?(?:latest\s+)?news\b`,
    String.raw`\bwhat\s+(?:topics|subjects|stories)\s+(?:are|do|does|did)\b`,
  ].join("|"),
  "gi",
);

/**
 * Words of chat, not of a topic, left over once a phrasing is taken out:
 * "can you help me please", "give me an overview of the news here today".
 */
const FILLER = new Set(
  `please pls plz thanks thank ok okay there here bot robot verbatim anyone everyone guys folks again just quick quickly
question questions something anything ask use work start know need want give let show tell brief me briefly can could
would today now currently latest recent recently all every everything whole entire collection article articles story stories
news document documents text texts source sources corpus archive headline headlines coverage report reports`.split(/\s+/),
);

/** The words that remain once `patterns` and filler are taken out, as written. */
function remainder(question: string, patterns: RegExp[]): string {
  let rest = question;
  for (const p of patterns) rest = rest.replace(p, " ");
  return rest
    .split(/[^\p{L}\p{N}'’-]+/u)
    .filter((w) => w && !FILLER.has(w.toLowerCase()))
    .join(" ");
}

/** Leading and trailing words that join a topic to the request ("about", "of", "on", "the"). */
function trimTopic(words: string): string {
  return words.replace(/^(?:(?:about|of|on|regarding|concerning|covering|for|in|the|a|an|and|to)\s+)+/i, "").replace(/(?:\s+(?:about|of|on|the|a|an|and))+$/i, "").trim();
}

/**
 * Whether the message has the shape of a greeting, a request for help or an
 * overview at all: what an engine on a database checks before reading the
 * corpus detectIntent needs, so a plain question costs no extra round trip.
 */
export function mayBeIntent(question: string): boolean {
  return matchesAny(question, [OVERVIEW_REQUEST, ABOUT_THE_ARTICLES, GREETING, HELP]);
}

/** Whether any pattern occurs in the text; the patterns are global (for remainder's replace), so each is tested as a fresh copy. */
function matchesAny(text: string, patterns: RegExp[]): boolean {
  return patterns.some((p) => new RegExp(p.source, "i").test(text));
}

export function detectIntent(index: SearchIndex, question: string): Intent {
  if (matchesAny(question, [OVERVIEW_REQUEST, ABOUT_THE_ARTICLES])) {
    const topic = trimTopic(remainder(question, [ABOUT_THE_ARTICLES, OVERVIEW_REQUEST, GREETING]));
    const topicTerms = questionTerms(topic);
    if (!topicTerms.length) return { kind: "overview", topic: "" };
    if (topicTerms.every((t) => corpusKnows(index, t))) return { kind: "overview", topic };
    return { kind: "question" };
  }

  if (matchesAny(question, [GREETING, HELP])) {
    const rest = remainder(question, [GREETING, HELP]);
    if (!questionTerms(rest).some((t) => index.df.has(t))) return { kind: "help" };
  }
  return { kind: "question" };
}
