/**
 * Labelled questions generated from news stories, to measure answer quality on
 * stories nobody tuned for (pure logic: the CLI `src/cli/questions-bbc.ts` does
 * the reading and writing).
 *
 * Answerable questions turn one declarative sentence into a wh-question by
 * rules that are easy to check: the asked-for entity (a count, an amount of
 * money, a percentage change, a date, a place, a person, an organisation) is
 * cut out of the sentence and the rest is kept, with the subject and auxiliary
 * inverted ("Ford will cut 1,150 jobs at its plant" → "How many jobs will Ford
 * cut at its plant?"). A sentence that does not fit a rule exactly is dropped.
 * The gold answer is the entity string, a verbatim substring of the story.
 *
 * Unanswerable questions follow SQuAD 2.0's adversarial kinds: a name swapped
 * for one of the same kind from another story of the sample (checked not to
 * occur near the question's other words anywhere in the sample), a detail the
 * story does not give ("how many" without a number, "when" without a date),
 * and an antonym of a stated change ("rose" asked as "fall").
 *
 * Deterministic: no Math.random, ties broken by story order and sentence order,
 * choices made by a seeded PRNG.
 */
import { splitSentences } from "../../core/chunk.js";

export interface Story {
  /** Path relative to the corpus folder, e.g. "business/001.txt": the question's `story`. */
  path: string;
  title: string;
  text: string;
}

export interface GeneratedQuestion {
  id: string;
  question: string;
  /** Alternative gold substrings of the answer sentence; empty: unanswerable. */
  answers: string[];
  kind: string;
  story: string;
}

/** A question with the sentence it was made from (for hand-checking; not written to the question file). */
export interface Candidate extends GeneratedQuestion {
  sentence: string;
}

export interface GenerateOptions {
  /** Answerable questions per story at most (default 4); about as many unanswerable ones are added. */
  perStory?: number;
  seed?: number;
}

export const DEFAULT_SEED = 20240229;

// ---------------------------------------------------------------------------
// Determinism helpers

/** 32-bit FNV-1a hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Every story path in a deterministic order spread over the folders: each
 * folder's files shuffled with a seeded PRNG, then taken in turn, one folder
 * after the other. The caller takes stories from the front, skipping refused ones.
 */
export function storyOrder(paths: string[], seed = DEFAULT_SEED, skip: Iterable<string> = []): string[] {
  const skipped = new Set(skip);
  const byFolder = new Map<string, string[]>();
  for (const p of [...paths].sort()) {
    if (skipped.has(p)) continue;
    const folder = p.includes("/") ? p.slice(0, p.indexOf("/")) : "";
    if (!byFolder.has(folder)) byFolder.set(folder, []);
    byFolder.get(folder)!.push(p);
  }
  const queues = [...byFolder.keys()].sort().map((f) => shuffled(byFolder.get(f)!, prng(seed ^ hashString(f))));
  const out: string[] = [];
  for (let k = 0; out.length < paths.length - skipped.size && queues.some((q) => k < q.length); k++)
    for (const q of queues) if (k < q.length) out.push(q[k]);
  return out;
}

// ---------------------------------------------------------------------------
// Word lists

const PAST_TO_BASE: Record<string, string> = Object.fromEntries(
  (
    "rose:rise fell:fall jumped:jump climbed:climb dropped:drop slumped:slump grew:grow gained:gain increased:increase " +
    "decreased:decrease declined:decline slipped:slip surged:surge soared:soar plunged:plunge tumbled:tumble made:make " +
    "sold:sell bought:buy paid:pay raised:raise lost:lose won:win spent:spend earned:earn added:add reported:report " +
    "posted:post received:receive attracted:attract took:take scored:score shed:shed hired:hire invested:invest " +
    "borrowed:borrow owed:owe saw:see got:get signed:sign beat:beat announced:announce launched:launch opened:open " +
    "closed:close created:create built:build released:release agreed:agree approved:approve rejected:reject " +
    "called:call told:tell warned:warn claimed:claim admitted:admit denied:deny revealed:reveal unveiled:unveil " +
    "confirmed:confirm offered:offer acquired:acquire completed:complete joined:join left:leave sent:send set:set " +
    "hit:hit became:become began:begin started:start ended:end finished:finish led:lead met:meet moved:move " +
    "named:name ordered:order passed:pass planned:plan played:play produced:produce published:publish " +
    "recorded:record reached:reach returned:return secured:secure showed:show suffered:suffer topped:top " +
    "urged:urge voted:vote wrote:write found:find gave:give held:hold kept:keep brought:bring ran:run chose:choose " +
    "fined:fine charged:charge sued:sue accused:accuse blamed:blame backed:back criticised:criticise " +
    "predicted:predict estimated:estimate employed:employ axed:axe recruited:recruit cancelled:cancel " +
    "delayed:delay postponed:postpone sacked:sack appointed:appoint elected:elect defeated:defeat drew:draw " +
    "missed:miss broke:break said:say cut:cut attended:attend visited:visit sold:sell watched:watch bid:bid " +
    "introduced:introduce proposed:propose died:die tied:tie lied:lie pledged:pledge promised:promise spent:spend generated:generate"
  )
    .split(" ")
    .map((p) => p.split(":") as [string, string]),
);

const PRESENT_TO_BASE: Record<string, string> = Object.fromEntries(
  (
    "says:say plans:plan expects:expect wants:want hopes:hope employs:employ owns:own makes:make needs:need " +
    "intends:intend aims:aim sells:sell faces:face warns:warn estimates:estimate predicts:predict controls:control " +
    "holds:hold runs:run produces:produce spends:spend earns:earn attracts:attract"
  )
    .split(" ")
    .map((p) => p.split(":") as [string, string]),
);

const MODALS = new Set("will would could can should may might must".split(" "));
const HAVE = new Set(["has", "have", "had"]);
const BE = new Set(["is", "are", "was", "were"]);
const IRREGULAR_PARTICIPLES = new Set(
  (
    "been cut shed made won lost paid sold seen taken given set put spent grown risen fallen become got left kept held " +
    "built bought brought told said found run hit beaten chosen begun come gone done known shown written thrown drawn " +
    "broken led met sent bid forecast struck stood hurt spread due likely about"
  ).split(" "),
);
const SAY_VERBS = new Set(["said", "says", "told", "added", "warned", "claimed", "argued", "insisted", "admitted", "explained", "announced"]);

const CHANGE_UP = new Set(["rose", "jumped", "climbed", "grew", "gained", "increased", "surged", "soared"]);
const CHANGE_DOWN = new Set(["fell", "dropped", "slumped", "declined", "slipped", "plunged", "tumbled", "decreased"]);
const CHANGE_VERBS = new Set([...CHANGE_UP, ...CHANGE_DOWN]);
/** Every form of the antonym's verb family, for checking the story does not state it. */
const FALL_FORMS = /\b(?:fall|falls|fell|fallen|falling|drop|drops|dropped|dropping|slump\w*|declin\w*|slip|slips|slipped|plung\w*|tumbl\w*|decreas\w*|down|lower|loss|losses)\b/i;
const RISE_FORMS = /\b(?:rise|rises|rose|risen|rising|jump\w*|climb\w*|grow|grows|grew|grown|growing|gain\w*|increas\w*|surg\w*|soar\w*|up|higher)\b/i;

const TITLES =
  "Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Baroness|Professor|Prof|President|Chancellor|Prime Minister|Minister|Secretary|Judge|Captain|Coach|Chairman|Director|Senator|Governor|King|Queen|Prince|Princess|Pope";
const TITLE_RE = new RegExp(`^(?:(?:${TITLES})\\s+)+`);
const ROLES =
  "striker|midfielder|defender|goalkeeper|winger|captain|skipper|coach|manager|boss|chairman|chairwoman|chief|executive|director|spokesman|spokeswoman|minister|secretary|leader|MP|chancellor|president|singer|actor|actress|star|comedian|presenter|analyst|economist|founder|head|rapper|producer|writer|author|designer|player|champion|editor|correspondent|reporter|governor|judge|spokesperson|adviser|advisor|host|drummer|guitarist|frontman|veteran|forward|batsman|bowler|sprinter|runner|fly-half|full-back|lock|prop|flanker|centre|scrum-half|hooker";
const ROLE_RE = new RegExp(`^(?:${ROLES}|former|shadow|leading|veteran|local|pop|comic)$`, "i");
const HONORIFIC = /^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Baroness)$/;

const NAME_WORD = "[A-Z][a-z]*(?:[A-Z][a-z]+)?(?:['’-][A-Z][a-z]+)?";
/** A capitalised run: up to four name words. */
const CAP_RUN = new RegExp(`\\b${NAME_WORD}(?:\\s+${NAME_WORD}){0,3}\\b`, "g");

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";
const WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
const NOT_NAME_WORDS = new Set(
  (
    `${MONTHS}|${WEEKDAYS}|The|A|An|In|On|At|But|And|He|She|It|They|We|I|You|This|That|These|Those|His|Her|Its|Their|` +
    "Our|If|As|For|With|After|Before|When|While|There|Some|Many|Most|However|Meanwhile|Also|Yet|So|Mr|Mrs|Ms|Miss|Dr|" +
    "Sir|Lord|Lady|Christmas|Easter|New|Year|Internet|Web|English|British|American|European|French|German|Chinese|" +
    "Japanese|Indian|Irish|Scottish|Welsh|Italian|Spanish|Russian|Australian|Labour|Tory|Tories|Conservative|" +
    "Conservatives|Liberal|Democrats|Democrat|Republican|Republicans|Premiership|League|Cup|Championship|Oscar|Oscars|" +
    "Grammy|Grammys|Awards|Award|Festival|Street|Road|House|Office|Minister|Secretary|President|Chancellor|Prime|" +
    "Chief|Executive|Commons|Parliament|Government|Club|United|City|FC|Park|Stadium|Bank|Group|Party|Council|" +
    "Commission|Union|Association|Music|Records|Film|Films|Games|Online|Digital|Network|Networks|Microsoft|Google|" +
    "Apple|Sony|Yahoo|Nintendo|Intel|Windows|Xbox|PlayStation|Radio|Television|Channel|News|Times|Post|Daily|Sunday|" +
    "Six|Nations|World|Olympic|Olympics|Open|Grand|Slam|Test|Series|Premier|Division|Championships|Mail|Express|Mirror|Sun"
  ).split("|"),
);

const ORG_HEADS: [RegExp, string][] = [
  [/\b(?:Party)\b/, "party"],
  [/\b(?:Bank)\b/, "bank"],
  [/\b(?:Group|plc|Inc|Corp|Corporation|Motors|Airways|Airlines|Holdings|Ltd|Pharmaceuticals|Telecom|Entertainment|Records|Studios|Pictures)\b/, "company"],
  [/\b(?:Club|United|Rovers|Athletic|Wanderers|Albion)\b/, "club"],
  [/\b(?:Union|Association|Federation|Commission|Council|Office|Agency|Authority|Organisation|Organization|Institute|Committee|Fund|Board|Department|Ministry|Court|Society|Foundation|Trust|Service|Confederation|Assembly)\b/, "organisation"],
];
const ACRONYM = /^[A-Z]{2,5}$/;
const NOT_ORG_ACRONYMS = new Set("MSP|MSPs|MEP|MEPs|QC|CBE|OBE|MBE|PhD|MD|CD|LP|EP|DJ|UN-|UK|USA|TV|CEO|GMT|BST|AM|PM|MP|DVD|PC|CD|OK|II|III|IV|VI|VAT|GDP|PR|IT|ID|AIDS|HIV|MTV|OS|SMS|PDA|RPG|US-led|EMI".split("|"));

const COUNTRIES = new Set(
  (
    "Afghanistan|Albania|Algeria|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahrain|Bangladesh|Belarus|Belgium|" +
    "Bolivia|Bosnia|Botswana|Brazil|Britain|Bulgaria|Burma|Cambodia|Cameroon|Canada|Chile|China|Colombia|Congo|Croatia|" +
    "Cuba|Cyprus|Czech Republic|Denmark|Ecuador|Egypt|England|Estonia|Ethiopia|Fiji|Finland|France|Georgia|Germany|Ghana|" +
    "Greece|Holland|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan|Kazakhstan|Kenya|" +
    "Kuwait|Latvia|Lebanon|Libya|Lithuania|Luxembourg|Malaysia|Malta|Mexico|Morocco|Mozambique|Namibia|Nepal|Netherlands|" +
    "New Zealand|Nigeria|North Korea|Northern Ireland|Norway|Pakistan|Peru|Philippines|Poland|Portugal|Qatar|Romania|" +
    "Russia|Rwanda|Saudi Arabia|Scotland|Senegal|Serbia|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|" +
    "Spain|Sri Lanka|Sudan|Sweden|Switzerland|Syria|Taiwan|Tanzania|Thailand|Tunisia|Turkey|Uganda|Ukraine|" +
    "United Arab Emirates|United Kingdom|United States|Uruguay|US|UK|Uzbekistan|Venezuela|Vietnam|Wales|Yemen|Zambia|Zimbabwe"
  ).split("|"),
);
const CITIES = new Set(
  (
    "London|Manchester|Birmingham|Liverpool|Leeds|Glasgow|Edinburgh|Cardiff|Belfast|Dublin|Bristol|Newcastle|Sheffield|" +
    "Nottingham|Leicester|Southampton|Oxford|Cambridge|Brighton|Aberdeen|Dundee|Swansea|Coventry|Hull|Plymouth|" +
    "Paris|Berlin|Madrid|Barcelona|Rome|Milan|Amsterdam|Brussels|Geneva|Zurich|Vienna|Moscow|Stockholm|Oslo|" +
    "Copenhagen|Helsinki|Athens|Lisbon|Prague|Warsaw|Budapest|Istanbul|New York|Washington|Los Angeles|Hollywood|" +
    "Chicago|San Francisco|Boston|Las Vegas|Miami|Seattle|Toronto|Montreal|Vancouver|Tokyo|Beijing|Shanghai|" +
    "Hong Kong|Seoul|Delhi|New Delhi|Mumbai|Bombay|Bangalore|Sydney|Melbourne|Johannesburg|Cape Town|Cairo|Dubai|" +
    "Baghdad|Jerusalem|Tehran|Kabul|Islamabad|Singapore|Bangkok|Jakarta|Mexico City|Buenos Aires|Rio de Janeiro|" +
    "Sao Paulo|Lagos|Nairobi|Davos|Cannes|Berlin|Kiev|Auckland|Wellington|Manila|Detroit|Houston|Dallas|Atlanta"
  ).split("|"),
);
const PLACES = new Set([...COUNTRIES, ...CITIES]);
const PLACE_RE = new RegExp(
  `\\b(${[...PLACES].sort((a, b) => b.length - a.length).map((p) => p.replace(/ /g, "\\s+")).join("|")})\\b(?!['’]s)(?!\\s+[A-Z])(?!-)`,
  "g",
);

const STOPWORDS = new Set(
  (
    "a an the and or but of to in on at for with by from as is are was were be been being has have had do does did will " +
    "would could can should may might must it its this that these those he she they we i you his her their our your " +
    "who whom whose which what when where why how many much not no than then there so if into about over after before " +
    "up out also said says say more most some any all such just only very new one"
  ).split(" "),
);

const NUMBER_WORDS =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|several|half|quarter|double|doubled|triple|tripled|handful|few|single|number)\b/i;
const TEMPORAL =
  new RegExp(`\\b(?:${MONTHS}|${WEEKDAYS}|(?:19|20)\\d\\d|yesterday|today|tomorrow|tonight|ago|earlier|later|recently|last|next|week|weeks|month|months|year|years|season|since|until|decade|century|spring|summer|autumn|winter|christmas|easter|weekend|morning|evening|night|date|time|soon|now|minute|minutes|half|interval|period|stage|round)\\b`, "i");

// ---------------------------------------------------------------------------
// Entities

const MONEY_SRC = "[£$€]\\s?\\d[\\d,]*(?:\\.\\d+)?(?:\\s?(?:bn|m|k|billion|million|trillion|thousand)\\b)?";
const PERCENT_SRC = "\\d+(?:\\.\\d+)?(?:%|\\s+per\\s+cent\\b)";
const COUNT_SRC = "(?:\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)(?:\\s+(?:million|billion|thousand|m|bn)\\b)?";
const QUANTIFIER_SRC = "(?:(?:more|fewer|less)\\s+than\\s+|about\\s+|around\\s+|nearly\\s+|almost\\s+|some\\s+|over\\s+|up\\s+to\\s+|at\\s+least\\s+|just\\s+|only\\s+|roughly\\s+)?";
const ANY_NUMBER = /\d/;
const YEAR_SRC = "(?:19|20)\\d\\d(?![\\d/-])";
const DATE_SRC = `(?:\\d{1,2}\\s+(?:${MONTHS})(?:\\s+${YEAR_SRC})?|(?:${MONTHS})\\s+\\d{1,2}(?:,\\s*${YEAR_SRC})?|(?:${MONTHS})(?:\\s+${YEAR_SRC})?|${YEAR_SRC})`;
const DATE_ANY = new RegExp(`\\b(?:${MONTHS})\\b|\\b(?:19|20)\\d\\d\\b`, "g");

/** Words of a text, for content-word overlap. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z'’-]+/g) ?? [])
    .map((w) => w.replace(/['’]s$/, ""))
    .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
    .map(stem);
}

function stem(w: string): string {
  return w.replace(/(?:ies|ied)$/, "y").replace(/(?:ing|ed|es|s)$/, "").slice(0, 6);
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);

/** A capitalised word is a name when the story never uses it in lower case ("Sales" is not, "Ford" is). */
function properIn(word: string, lowerText: string): boolean {
  if (!/^[A-Z]/.test(word)) return false;
  if (ACRONYM.test(word)) return true;
  const lower = word.toLowerCase().replace(/['’]s$/, "");
  if (STOPWORDS.has(lower) || NOT_IN_BEFORE.has(lower)) return false;
  return !new RegExp(`(?<![A-Za-z])${escapeRe(lower)}(?![A-Za-z])`).test(lowerText);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The story's text with every sentence-initial word removed, for the proper-noun test. */
export function nonInitialText(sentences: string[]): string {
  return sentences.map((s) => s.replace(/^\W*\S+/, "")).join("\n");
}

export interface StoryEntities {
  persons: string[];
  organisations: string[];
  places: string[];
}

/**
 * Names in a story. A person: a run of two or three capitalised words whose
 * last word is also used alone ("Mr Brown", "Brown said"), or an honorific
 * with a surname. An organisation: a run with an organisation word (Bank,
 * Party, Group, Association …) or an acronym. A place: from a gazetteer.
 */
export function storyEntities(text: string): StoryEntities {
  const lowerText = nonInitialText(splitSentences(text).map((s) => text.slice(s.start, s.end)));
  const persons = new Set<string>();
  const organisations = new Set<string>();
  const places = new Set<string>();
  for (const m of text.matchAll(PLACE_RE)) places.add(m[1].replace(/\s+/g, " "));
  for (const m of text.matchAll(CAP_RUN)) {
    const run = m[0];
    const tokens = run.split(/\s+/);
    if (HONORIFIC.test(tokens[0]) && tokens.length === 2 && !NOT_NAME_WORDS.has(tokens[1])) {
      persons.add(run);
      continue;
    }
    const name = run.replace(TITLE_RE, "").replace(/^(\S+)\s+(?=\S+\s+\S)/, (w, t) => (ROLE_RE.test(t) ? "" : w));
    const nt = name.split(/\s+/);
    if (nt.length >= 2 && nt.length <= 3 && nt.every((t) => t.length >= 2 && !NOT_NAME_WORDS.has(t) && !PLACES.has(t) && !ACRONYM.test(t) && properIn(t, lowerText)) && !PLACES.has(name)) {
      const last = escapeRe(nt[nt.length - 1]);
      const first = escapeRe(nt[0]);
      const alone = new RegExp(`(?<!${first}\\s)(?<![A-Z][a-z]*\\s)\\b${last}\\b(?!\\s+[A-Z])`);
      const honorific = new RegExp(`\\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady)\\s+${last}\\b`);
      if (honorific.test(text) || alone.test(text.replace(run, ""))) persons.add(name);
    }
    if (ORG_HEADS.some(([re]) => re.test(run)) && run.replace(/^The\s+/, "").includes(" ") && tokens.length <= 4 && !TITLE_RE.test(run) && !HONORIFIC.test(tokens[0]))
      organisations.add(run.replace(/^The\s+/, "").replace(/^([A-Z][a-z]+)\s+(?=[A-Z])/, (w, t) => (properIn(t, lowerText) ? w : "")));
  }
  for (const m of text.matchAll(/\b[A-Z]{2,5}\b(?!\s+[A-Z])(?![\w'’-])/g)) {
    // An acronym inside a longer name ("XYZ Holdings Amro") is not the organisation's name.
    const before = /([A-Z][\w'’-]*)\s$/.exec(text.slice(Math.max(0, m.index - 30), m.index));
    if (before && before[1] !== "The") continue;
    if (!NOT_ORG_ACRONYMS.has(m[0]) && !PLACES.has(m[0])) organisations.add(m[0]);
  }
  // "striker Thierry Henry", "chief executive Jane Smith": a role word before a two- or three-word name.
  for (const m of text.matchAll(new RegExp(`\\b(?:${ROLES})\\s+(${NAME_WORD}(?:\\s+${NAME_WORD}){1,2})\\b`, "g"))) {
    const nt = m[1].split(/\s+/);
    if (nt.every((t) => t.length >= 2 && !NOT_NAME_WORDS.has(t) && !PLACES.has(t) && !ACRONYM.test(t) && properIn(t, lowerText))) persons.add(m[1]);
  }
  for (const p of persons) for (const o of organisations) if (p.includes(o) || o.includes(p)) organisations.delete(o);
  const sorted = (s: Set<string>) => [...s].sort();
  return { persons: sorted(persons), organisations: sorted(organisations), places: sorted(places) };
}

// ---------------------------------------------------------------------------
// Clause parsing

interface Clause {
  /** Subject as it should appear inside a question (first letter lower-cased unless a name). */
  subject: string;
  subjectRaw: string;
  /** The operator of the question: "will", "has", "did", "does". */
  aux: string;
  /** Verb words that follow the subject in the question ("" for a bare aux). */
  verb: string;
  /** The original finite verb word. */
  finite: string;
  /** Predicate after the finite verb (or after the aux), without the final full stop. */
  pred: string;
}

/** A statement with its source at the end: "…, the report said." */
const REPORTED =
  /^([^"“”]*[A-Za-z0-9%)]),\s+(?:he|she|they|it|(?:the|a)\s+[a-z]+(?:\s+[a-z]+)?|Mr\s+[A-Z]\w+|Mrs\s+[A-Z]\w+|Ms\s+[A-Z]\w+|[A-Z]\w+(?:\s+[A-Z]\w+)?)\s+(?:said|says|added|adds|told\s+(?:the\s+)?[A-Z]?\w+(?:\s+[A-Z]\w+)?|forecasts|reported|reports|believes|warned|warns|estimates|estimated)\.$/;
const ADVERB = /^(?:first|also|now|still|already|then|later|recently|currently|previously|initially|once|never|often|just|only|finally|eventually|subsequently|[a-z]+ly)$/;
/** Sentence-initial words that are plural or abstract common nouns even when the story never uses them in lower case. */
const COMMON_LOWER = /^(?:[A-Z][a-z]+(?:ants|ents|ers|ors|ists|ions|ies|ics|ses)|People|Figures|Sales|Shares|Prices|Profits|Fans|Officials|Analysts|Experts|Critics|Researchers|Consumers|Users|Workers|Staff|Applicants|Viewers|Voters|Players|Changes|Plans|Reports|Results|Costs)$/;
/** Words that open an embedded clause: a time or place after them may not belong to the main verb. */
const EMBEDDING = /\b(?:to|that|after|before|when|while|if|because|which|who|where|there|as|announcing|saying|following)\b/;
const SUBJECT_OPENER = /^(?:Until|In|On|At|After|Before|Since|During|For|With|By|From|As|When|While|If|Although|Despite|Following|Under|Over|Unlike|Like|Without|Among|Amid|Once|Because|Though)$/;
const GENERIC_SUBJECT = new Set("firm company group business government report study team side club he she it they officials analysts experts".split(" "));
const LEADING_CONNECTOR = /^(?:But|And|However,|Meanwhile,|Yet|Still,|Now|Also,)\s+/;
const SUBJECT_STOP = new Set("who which that whose where when if as because while after before since although said says told".split(" "));
const PRONOUN_SUBJECT = /^(?:he|she|it|they|we|i|you|there|this|that|these|those|his|her|its|their|our|one|some|many|most|others?|both|all|each)$/i;
const NOT_IN_BEFORE = new Set("a an the its their his her of and that which who as than this these those".split(" "));

/** Subject + finite verb + predicate, for sentences simple enough to invert reliably. */
export function parseClause(sentence: string, lowerText: string, vocab: Set<string> = EMPTY): Clause | null {
  let s = sentence.trim();
  if (!/[A-Za-z0-9%)]\.$/.test(s)) return null;
  if (/["“”‘’:;?!()]|\s['‘]|['’]\s/.test(s.replace(/(\w)['’](\w)/g, "$1$2"))) return null;
  s = s.slice(0, -1).replace(LEADING_CONNECTOR, "");
  // "Zentrix, the country's largest toy maker, is to cut …": the appositive goes, the name stays.
  s = s.replace(/^([A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,3}),\s+(?:the|a|an|who|which)\s[^,]{2,80},\s+(?=[a-z])/, "$1 ");
  const tokens = words(s);
  for (let i = 1; i <= Math.min(8, tokens.length - 2); i++) {
    const raw = tokens[i];
    const t = raw.toLowerCase();
    const next = tokens[i + 1] ?? "";
    let aux: string | null = null;
    let verb = "";
    if (MODALS.has(t)) {
      if (!/^[a-z]+$/.test(next)) return null;
      aux = t;
    } else if (HAVE.has(t)) {
      if (ADVERB.test(next) && (IRREGULAR_PARTICIPLES.has(tokens[i + 2] ?? "") || /^[a-z]+ed$/.test(tokens[i + 2] ?? ""))) aux = t;
      else if (IRREGULAR_PARTICIPLES.has(next) || /^[a-z]+ed$/.test(next) || next === "not") aux = t;
      else {
        aux = t === "had" ? "did" : t === "has" ? "does" : "do";
        verb = "have";
      }
    } else if (BE.has(t)) {
      if (IRREGULAR_PARTICIPLES.has(next) || /^[a-z]+(?:ed|ing)$/.test(next) || next === "set" || next === "expected" || next === "to") aux = t;
      else return null;
    } else if (PAST_TO_BASE[t] && raw === t) {
      aux = "did";
      verb = PAST_TO_BASE[t];
    } else if (/^[a-z]{3,}ed$/.test(raw) && next !== "by" && pastToBase(raw, vocab)) {
      aux = "did";
      verb = pastToBase(raw, vocab)!;
    } else if (PRESENT_TO_BASE[t] && raw === t) {
      aux = "does";
      verb = PRESENT_TO_BASE[t];
    }
    if (!aux) continue;
    let subjectTokens = tokens.slice(0, i);
    const adverbs: string[] = [];
    while (subjectTokens.length > 1 && ADVERB.test(subjectTokens[subjectTokens.length - 1])) adverbs.unshift(subjectTokens.pop()!);
    if (verb && adverbs.length) verb = `${adverbs.join(" ")} ${verb}`;
    else if (adverbs.length) return null;
    // "Figures released earlier this year showed …": a participle, the finite verb comes later.
    if (/^[a-z]{3,}ed$/.test(raw) && aux === "did" && tokens.slice(i + 1).join(" ").split(/,\s/)[0].split(" ").some((w) => /^(?:is|are|was|were|has|have|had|will|would)$/.test(w) || PAST_TO_BASE[w] || PRESENT_TO_BASE[w])) return null;
    if (subjectTokens.some((w) => SUBJECT_STOP.has(w.toLowerCase()) || /[,]$/.test(w))) return null;
    if (subjectTokens.length === 1 && PRONOUN_SUBJECT.test(subjectTokens[0])) return null;
    if (subjectTokens.some((w) => PRONOUN_SUBJECT.test(w.replace(/['’](?:s|re|ll|d|ve)$/, "")))) return null;
    if (SUBJECT_OPENER.test(subjectTokens[0]) || subjectTokens.some((w) => /^[a-z]{4,}ed$/.test(w) || PAST_TO_BASE[w] || PRESENT_TO_BASE[w] || MODALS.has(w))) return null;
    if (/^(?:of|in|on|at|for|to|by|and|with|from)$/i.test(subjectTokens[subjectTokens.length - 1])) return null;
    const subjectRaw = subjectTokens.join(" ");
    const hasName = subjectTokens.some((w, k) => (k > 0 ? /^[A-Z]/.test(w) && !/^(?:The)$/.test(w) : properIn(w, lowerText)));
    // A subject must say which story it is about: a name, or at least two specific words ("steel prices"), not "the firm".
    const specific = subjectTokens.map((w) => w.toLowerCase()).filter((w) => !STOPWORDS.has(w) && !GENERIC_SUBJECT.has(w));
    if (!hasName && specific.length < 2) return null;
    const first = subjectTokens[0];
    // Kept capitalised when a name ("Ford"), or a title before a name ("Prince Edward"); otherwise lower-cased ("applicants").
    const keep = (properIn(first, lowerText) && !COMMON_LOWER.test(first) && !ROLE_RE.test(first)) || ACRONYM.test(first) || (TITLE_RE.test(`${first} `) && /^[A-Z]/.test(subjectTokens[1] ?? ""));
    const subject = (keep ? first : first[0].toLowerCase() + first.slice(1)) + (subjectTokens.length > 1 ? " " + subjectTokens.slice(1).join(" ") : "");
    // A person subject is better asked with its full name; keep as written.
    return { subject, subjectRaw, aux, verb, finite: raw, pred: tokens.slice(i + 1).join(" ") };
  }
  return null;
}

const EMPTY = new Set<string>();

/** Lower-case words of some texts: the vocabulary that decides a regular verb's base form. */
export function vocabulary(texts: string[]): Set<string> {
  const v = new Set<string>();
  for (const t of texts) for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) v.add(w);
  return v;
}

/**
 * Base form of a regular past tense ("raised" → "raise", "jumped" → "jump", "planned" → "plan", "levelled" → "level"):
 * the one candidate the vocabulary uses as a verb form ("raise"/"raises"/"raising"); none or several → null.
 */
export function pastToBase(word: string, vocab: Set<string>): string | null {
  const known = PAST_TO_BASE[word];
  if (known) return known;
  if (/eed$/.test(word)) return word.slice(0, -1);
  if (/^[a-z]{2,}[^aeiou]ied$/.test(word)) return word.slice(0, -3) + "y";
  const stem = word.slice(0, -2);
  const candidates = new Set([stem, stem + "e"]);
  if (/([bdgklmnprt])\1$/.test(stem)) candidates.add(stem.slice(0, -1));
  const used = [...candidates].filter((c) => c.length >= 3 && (vocab.has(c + "s") || vocab.has(c + "es") || vocab.has(c.replace(/e$/, "") + "ing")) && (vocab.has(c) || vocab.has(c + "s")));
  // "plan" and "plann" cannot both be words; "use"/"us" can: refuse the ambiguous.
  if (used.length === 1) return used[0];
  if (used.length > 1) return null;
  // Not in the vocabulary: only the shapes whose base never ends in -e ("scooped", "attacked", "boosted").
  if (/[aeiou]{2}[b-df-hj-np-tv-xz]$/.test(stem) && !/[aeiou]{2}[csvz]$/.test(stem)) return stem;
  if (/[b-df-hj-np-tv-xz]{2}$/.test(stem) && !/(?:ng|rs|ps|ns|rg|dg|ls|rv|lv|rc|nc|st|th|ch|rs|ss|bl|pl|tl|dl|gl|kl|fl|cl|zl|rk|lk)$/.test(stem) && !/(.)\1$/.test(stem)) return stem;
  return null;
}

/** "Who"/"What" question text tidied: single spaces, no space before punctuation, one "?" at the end. */
function tidy(q: string): string {
  return (
    q
      .replace(/\s+/g, " ")
      .replace(/\s+([,.])/g, "$1")
      .replace(/[,\s]+$/, "")
      .trim() + "?"
  );
}

function questionOk(q: string, answers: string[]): boolean {
  const n = words(q).length;
  if (n < 4 || n >= 20) return false;
  return answers.every((a) => !q.toLowerCase().includes(a.toLowerCase()));
}

/** The question's frame: "<aux> <subject> <verb>". */
function frame(c: Clause): string {
  return [c.aux, c.subject, c.verb].filter(Boolean).join(" ");
}

/** Trailing part of a predicate after the asked-for phrase; a trailing reporting clause is dropped, other commas refused. */
function cleanAfter(after: string): string | null {
  const comma = after.search(/,\s/);
  if (comma < 0) return after;
  const tail = after.slice(comma + 1).trim();
  if (/\b(?:but|and|or)\b/.test(after.slice(0, comma))) return null;
  if (/^(?:(?:the|a|an)\s+\w+\s+)?(?:said|says|added|according|which|while|but|as|after|with|who|up|down|compared)\b/.test(tail)) return after.slice(0, comma);
  return null;
}

function beforeOk(before: string, maxWords = 4): boolean {
  const b = words(before);
  return b.length <= maxWords && b.every((w) => /^[a-z]+$/.test(w) && !NOT_IN_BEFORE.has(w));
}

// ---------------------------------------------------------------------------
// Answerable templates

function numberQuestions(c: Clause, sentence: string): Omit<Candidate, "id" | "story">[] {
  const out: Omit<Candidate, "id" | "story">[] = [];
  const pred = c.pred;
  // Exactly one number in the predicate, so the question has one answer.
  const numbers = pred.match(/\d[\d,.]*/g) ?? [];
  if (numbers.length !== 1) return out;
  if (new RegExp(YEAR_SRC).test(pred) && !/[£$€%]/.test(pred) && /\b(?:19|20)\d\d\b/.test(pred)) {
    // a lone year: the date template's business
    const m = new RegExp(`\\b(${YEAR_SRC})\\s+[a-z]+s\\b`).exec(pred);
    if (!m) return out;
  }
  const money = new RegExp(`(^|\\s)(?:by\\s+)?${QUANTIFIER_SRC}(${MONEY_SRC})`).exec(pred);
  const percent = new RegExp(`(^|\\s)(by\\s+)?${QUANTIFIER_SRC}(${PERCENT_SRC})`).exec(pred);
  const count = new RegExp(`(^|\\s)${QUANTIFIER_SRC}(${COUNT_SRC})\\s+((?:[a-z]+\\s+)?(?:[a-z]{3,}s|people|staff|men|women|children|police))\\b(?!\\s+of\\b)`).exec(pred);
  if (money) {
    const start = money.index + money[1].length;
    const before = pred.slice(0, start);
    const after = cleanAfter(pred.slice(money.index + money[0].length));
    const gold = money[2];
    if (after !== null && beforeOk(before) && !/\bto$/.test(before.trim()) && !/^\s*(?:a|an|per|each)\b/.test(after)) {
      const q = tidy(`How much ${frame(c)} ${before} ${after}`);
      out.push({ question: q, answers: [gold], kind: "money", sentence });
    }
  } else if (percent) {
    const verbWord = c.finite.toLowerCase();
    const before = pred.slice(0, percent.index + percent[1].length);
    const after = cleanAfter(pred.slice(percent.index + percent[0].length));
    if (after !== null && before.trim() === "" && CHANGE_VERBS.has(verbWord) && !/^\s*(?:to|from)\b/.test(after)) {
      const q = tidy(`By how much ${frame(c)} ${after}`);
      out.push({ question: q, answers: [percent[3]], kind: "number", sentence });
    }
  } else if (count) {
    const start = count.index + count[1].length;
    const before = pred.slice(0, start);
    const after = cleanAfter(pred.slice(count.index + count[0].length));
    const noun = count[3];
    if (after !== null && beforeOk(before) && !/\b(?:to|by|of|in|on|at|for|from|with)$/.test(before.trim()) && !/^(?:years|months|weeks|days|hours|minutes|seconds|times|points|goals|runs|votes|seats)$/.test(noun.split(" ").pop()!)) {
      const q = tidy(`How many ${noun} ${frame(c)} ${before} ${after}`);
      out.push({ question: q, answers: [count[2]], kind: "number", sentence });
    }
  }
  return out;
}

function dateQuestions(c: Clause, sentence: string, fronted: string | null): Omit<Candidate, "id" | "story">[] {
  if ((c.pred.match(/\d[\d,.]*/g) ?? []).length > 1 || /\band\s+(?:by|in|on|to)\b/.test(c.pred)) return [];
  const all = sentence.match(DATE_ANY) ?? [];
  if (fronted) {
    if (all.length !== (fronted.match(DATE_ANY) ?? []).length) return [];
    if (TEMPORAL.test(c.pred) || /\d/.test(c.pred)) return [];
    return [{ question: tidy(`When ${frame(c)} ${c.pred}`), answers: [fronted], kind: "date", sentence }];
  }
  const m = new RegExp(`(^|\\s)(?:in|on)\\s+(${DATE_SRC})\\b(?!\\s*(?:and|-|to|–)\\b)`).exec(c.pred);
  if (!m) return [];
  const gold = m[2];
  if (all.length !== (gold.match(DATE_ANY) ?? []).length) return [];
  const before = c.pred.slice(0, m.index);
  // "… expected to be told there will be no funds … in January": the date may belong to an embedded clause.
  if (EMBEDDING.test(before)) return [];
  const after = cleanAfter(c.pred.slice(m.index + m[0].length));
  if (after === null) return [];
  const rest = `${before} ${after}`;
  if (TEMPORAL.test(rest) || /\d/.test(rest.replace(/\d+(?:\.\d+)?%|[£$€]\S+/g, "")) || /\b(?:to|by|of|and)$/.test(before.trim())) return [];
  if (c.verb === "" && c.aux && BE.has(c.aux) && !rest.trim()) return [];
  return [{ question: tidy(`When ${frame(c)} ${rest}`), answers: [gold], kind: "date", sentence }];
}

function placeQuestions(c: Clause, sentence: string): Omit<Candidate, "id" | "story">[] {
  if ((c.pred.match(/\d[\d,.]*/g) ?? []).length > 1 || /\band\s+(?:by|in|on|to)\b/.test(c.pred)) return [];
  const places = [...c.pred.matchAll(PLACE_RE)];
  if (places.length !== 1) return [];
  const m = new RegExp(`(^|\\s)in\\s+(?:the\\s+)?(${escapeRe(places[0][0])})\\b`).exec(c.pred);
  if (!m) return [];
  const before = c.pred.slice(0, m.index);
  if (EMBEDDING.test(before)) return [];
  const after = cleanAfter(c.pred.slice(m.index + m[0].length));
  if (after === null || /^\s*(?:and|or)\b/.test(after) || /\b(?:to|by|of|and|a|the|based|firm|company)$/.test(before.trim())) return [];
  if (!before.trim() && c.aux && BE.has(c.aux) && !c.verb) return [];
  return [{ question: tidy(`Where ${frame(c)} ${before} ${after}`), answers: [places[0][1].replace(/\s+/g, " ")], kind: "place", sentence }];
}

/** Name at the start of the sentence, followed by its verb: the subject becomes "Who"/"Which …". */
function subjectQuestions(sentence: string, ents: StoryEntities, folder: string): Omit<Candidate, "id" | "story">[] {
  let s = sentence.trim();
  if (!/[A-Za-z0-9%)]\.$/.test(s)) return [];
  const out: Omit<Candidate, "id" | "story">[] = [];
  // "…," said Mr Brown. → Who said "…"?
  const quote = /^["“]([^"“”]{10,120}?),?["”],?\s+(?:said|says)\s+((?:(?:[A-Z][a-z]+\s+){0,2})?[A-Z][\w'’-]+)\.$/.exec(s);
  if (quote) {
    const who = personAnswer(quote[2].replace(TITLE_RE, (t) => (HONORIFIC.test(t.trim()) ? t : "")), ents);
    if (who) out.push({ question: tidy(`Who said "${quote[1].replace(/[.,]$/, "")}"`), answers: who, kind: "person", sentence });
    return out;
  }
  if (/["“”:;?!()]/.test(s)) return out;
  s = s.slice(0, -1).replace(LEADING_CONNECTOR, "");
  // "Simon Thomas, of Plaid Cymru, called …": the appositive goes.
  s = s.replace(/^([A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,3}),\s+(?:the|a|an|who|which|of)\s[^,]{2,80},\s+(?=[a-z])/, "$1 ");
  const tokens = words(s);
  // Longest name at the start: a person (full name or honorific + surname), an organisation, a country.
  for (let n = Math.min(7, tokens.length - 2); n >= 1; n--) {
    const head = tokens.slice(0, n).join(" ");
    const verb = tokens[n];
    if (!verb || !/^[a-z]+$/.test(verb)) continue;
    const isVerb = PAST_TO_BASE[verb] || PRESENT_TO_BASE[verb] || MODALS.has(verb) || HAVE.has(verb) || BE.has(verb) || /^[a-z]{3,}ed$/.test(verb);
    if (!isVerb) continue;
    const rest = cleanAfter(tokens.slice(n).join(" "));
    if (rest === null) break;
    const bare = head.replace(TITLE_RE, "");
    let personHead = HONORIFIC.test(tokens[0]) ? head : bare;
    // "Liberal Democrat leader Charles Kennedy attacked …": a description ending in a role word, then the name.
    for (let k = Math.min(3, n - 1); k >= 2 && !ents.persons.includes(personHead); k--) {
      const name = tokens.slice(n - k, n).join(" ");
      const role = tokens[n - k - 1];
      if (ents.persons.includes(name) && new RegExp(`^(?:${ROLES})$`, "i").test(role) && tokens.slice(0, n - k).every((w) => !/[,]$/.test(w) && !SUBJECT_STOP.has(w))) personHead = name;
    }
    const who = ents.persons.includes(personHead) || ents.persons.includes(bare) ? personAnswer(personHead, ents) : null;
    if (who) {
      // "Who is also in the squad?": "also" says others share the predicate, so the question has several answers.
      if (/\b(?:also|too|among|one of several)\b/.test(rest) || contentWords(rest).length < 3) break;
      const q = tidy(`Who ${rest}`);
      out.push({ question: q, answers: who, kind: "person", sentence });
      break;
    }
    const org = head.replace(/^The\s+/, "").replace(/^([A-Z][a-z]+)\s+(?=[A-Z])/, (w, t) => (ents.organisations.includes(head.replace(/^The\s+/, "")) ? w : ""));
    if (ents.organisations.includes(org) && contentWords(rest).length >= 3) {
      const word = ACRONYM.test(org) ? "organisation" : ORG_HEADS.find(([re]) => re.test(org))?.[1] ?? "organisation";
      out.push({ question: tidy(`Which ${word} ${rest}`), answers: [org], kind: "organisation", sentence });
      break;
    }
    if (COUNTRIES.has(head) && !/^(?:is|are|was|were)$/.test(verb)) {
      out.push({ question: tidy(`Which ${folder === "sport" ? "team" : "country"} ${rest}`), answers: [head], kind: "place", sentence });
      break;
    }
  }
  return out;
}

/** Club, company, bank, party, organisation or acronym: swaps stay within one. */
function orgCategory(name: string): string {
  return ACRONYM.test(name) ? "acronym" : ORG_HEADS.find(([re]) => re.test(name))?.[1] ?? "other";
}

/** Gold strings for a person: the name as written, and the other forms the story uses (full name, "Mr Surname"). */
function personAnswer(name: string, ents: StoryEntities): string[] | null {
  const tokens = name.split(/\s+/);
  const last = tokens[tokens.length - 1];
  if (NOT_NAME_WORDS.has(last) || PLACES.has(last)) return null;
  const forms = new Set([name]);
  for (const p of ents.persons) if (p !== name && p.split(/\s+/).pop() === last) forms.add(p);
  return [...forms];
}

/** Every answerable question the rules make from one story, in sentence order. */
export function answerableCandidates(story: Story, vocab: Set<string> = vocabulary([story.text])): Candidate[] {
  const sentences = splitSentences(story.text).map((s) => story.text.slice(s.start, s.end));
  const lowerText = nonInitialText(sentences);
  const ents = storyEntities(story.text);
  const folder = story.path.split("/")[0];
  const out: Omit<Candidate, "id" | "story">[] = [];
  for (const sentence of sentences) {
    const made: Omit<Candidate, "id" | "story">[] = [];
    made.push(...subjectQuestions(sentence, ents, folder));
    // "…, the report said." asks about the reported statement.
    const reported = REPORTED.exec(sentence.trim());
    const main = reported ? `${reported[1]}.` : sentence.trim();
    const fronted = new RegExp(`^(?:In|On)\\s+(${DATE_SRC}),\\s+(.*)$`).exec(main);
    const frontedPlace = new RegExp(`^In\\s+(?:the\\s+)?(${[...PLACES].map((p) => p.replace(/ /g, "\\s+")).join("|")}),\\s+(.*)$`).exec(main);
    if (frontedPlace) {
      const inner = frontedPlace[2][0].toUpperCase() + frontedPlace[2].slice(1);
      const c = parseClause(inner, lowerText, vocab);
      if (c && !new RegExp(PLACE_RE.source).test(c.pred) && !new RegExp(PLACE_RE.source).test(c.subjectRaw))
        made.push({ question: tidy(`Where ${frame(c)} ${c.pred}`), answers: [frontedPlace[1].replace(/\s+/g, " ")], kind: "place", sentence });
    } else if (fronted) {
      const inner = fronted[2][0].toUpperCase() + fronted[2].slice(1);
      const c = parseClause(inner, lowerText, vocab);
      if (c) made.push(...dateQuestions(c, inner, fronted[1]).map((q) => ({ ...q, sentence })));
    } else {
      const c = parseClause(main, lowerText, vocab);
      if (c) {
        made.push(...numberQuestions(c, sentence));
        made.push(...dateQuestions(c, main, null).map((q) => ({ ...q, sentence })));
        made.push(...placeQuestions(c, sentence));
      }
    }
    for (const m of made) if (questionOk(m.question, m.answers) && m.answers.every((a) => sentence.includes(a) || story.text.includes(a))) out.push(m);
  }
  const seen = new Set<string>();
  return out
    .filter((c) => !seen.has(c.question) && (seen.add(c.question), true))
    .filter((c) => c.answers.length > 0 && c.answers.every((a) => story.text.includes(a)))
    .map((c) => ({ ...c, id: "", story: story.path }));
}

// ---------------------------------------------------------------------------
// Unanswerable templates

interface SampleIndex {
  stories: Story[];
  sentences: Map<string, string[]>;
  entities: Map<string, StoryEntities>;
  vocab: Set<string>;
}

export function sampleIndex(stories: Story[]): SampleIndex {
  const sentences = new Map<string, string[]>();
  const entities = new Map<string, StoryEntities>();
  for (const s of stories) {
    sentences.set(s.path, splitSentences(s.text).map((x) => s.text.slice(x.start, x.end)));
    entities.set(s.path, storyEntities(s.text));
  }
  return { stories, sentences, entities, vocab: vocabulary(stories.map((s) => s.text)) };
}

/** True when some sentence of the sample that mentions `name` also shares the question's other content words. */
export function answeredInSample(question: string, name: string, index: SampleIndex): boolean {
  const surname = name.split(/\s+/).pop()!;
  const others = new Set(contentWords(question.replace(name, " ")).filter((w) => !contentWords(name).includes(w)));
  if (others.size === 0) return true;
  const mention = new RegExp(`\\b${escapeRe(name.includes(" ") && HONORIFIC.test(name.split(" ")[0]) ? surname : name)}\\b`);
  const needed = Math.min(2, others.size);
  for (const ss of index.sentences.values())
    for (const s of ss) {
      if (!mention.test(s)) continue;
      const shared = new Set(contentWords(s).filter((w) => others.has(w)));
      if (shared.size >= needed) return true;
    }
  return false;
}

type Kind = "person" | "organisation" | "place";

/** Names of one kind in a question, with the list they came from. */
function namesIn(question: string, ents: StoryEntities): { kind: Kind; name: string }[] {
  const found: { kind: Kind; name: string }[] = [];
  const add = (kind: Kind, list: string[]) => {
    for (const name of [...list].sort((a, b) => b.length - a.length))
      if (new RegExp(`(?<![\\w-])(?<![A-Z][\\w'’-]*\\s)${escapeRe(name)}(?![\\w'’-])(?!\\s+[A-Z])`).test(question) && !found.some((f) => f.name.includes(name))) found.push({ kind, name });
  };
  add("person", ents.persons);
  add("organisation", ents.organisations);
  add("place", ents.places);
  return found;
}

/**
 * Bases for more swaps: "When …?" about a sentence whose subject names someone, asked only after the name is
 * swapped ("Jane Doolittle has been named chief executive" → "When was Tom Bramble named chief executive?").
 */
export function whenBases(story: Story, index: SampleIndex): Candidate[] {
  const sentences = index.sentences.get(story.path)!;
  const lowerText = nonInitialText(sentences);
  const ents = index.entities.get(story.path)!;
  const out: Candidate[] = [];
  for (const sentence of sentences) {
    const c = parseClause(sentence, lowerText, index.vocab);
    if (!c || SAY_VERBS.has(c.finite) || TEMPORAL.test(c.pred)) continue;
    if (!namesIn(c.subjectRaw, ents).length) continue;
    const participle = words(c.pred)[0] ?? "";
    const beenPart = words(c.pred)[1] ?? "";
    if (/^(?:has|have|had)$/.test(c.aux) && participle === "been" && /^[a-z]+ed$/.test(beenPart)) {
      const rest = cleanAfter(words(c.pred).slice(2).join(" "));
      const q = rest === null ? "" : tidy(`When ${c.aux === "have" ? "were" : "was"} ${c.subject} ${beenPart} ${rest}`);
      if (q && questionOk(q, [])) out.push({ id: "", question: q, answers: [], kind: "when-base", story: story.path, sentence });
      continue;
    }
    const perfect = /^(?:has|have|had)$/.test(c.aux) && !c.verb && pastToBase(participle, index.vocab);
    if (!(c.aux === "did" || c.aux === "will" || perfect || (/^(?:was|were)$/.test(c.aux) && /^[a-z]+ed$/.test(participle)))) continue;
    const pred = cleanAfter(perfect ? words(c.pred).slice(1).join(" ") : c.pred);
    if (pred === null) continue;
    const q = tidy(perfect ? `When did ${c.subject} ${perfect} ${pred}` : `When ${frame(c)} ${pred}`);
    if (questionOk(q, [])) out.push({ id: "", question: q, answers: [], kind: "when-base", story: story.path, sentence });
  }
  return out;
}

/** (a) A name in an answerable question swapped for one of the same kind from another story of the sample. */
function swapQuestions(story: Story, answerable: Candidate[], index: SampleIndex, random: () => number): Candidate[] {
  const ents = index.entities.get(story.path)!;
  const out: Candidate[] = [];
  for (const base of answerable) {
    let swapped = false;
    for (const { kind, name } of namesIn(base.question, ents)) {
      if (swapped) break;
      if (base.answers.some((a) => a.includes(name) || name.includes(a))) continue;
      const honorific = kind === "person" && HONORIFIC.test(name.split(" ")[0]);
      const pool: string[] = [];
      for (const other of index.stories) {
        if (other.path === story.path) continue;
        const list = index.entities.get(other.path)![kind === "person" ? "persons" : kind === "organisation" ? "organisations" : "places"];
        for (const cand of list) {
          if (kind === "person" && HONORIFIC.test(cand.split(" ")[0]) !== honorific) continue;
          if (kind === "place" && COUNTRIES.has(name) !== COUNTRIES.has(cand)) continue;
          if (kind === "organisation" && orgCategory(name) !== orgCategory(cand)) continue;
          if (kind === "place" && /^(?:US|UK)$/.test(name) !== /^(?:US|UK)$/.test(cand)) continue;
          const surname = cand.split(/\s+/).pop()!;
          if (story.text.includes(cand) || new RegExp(`\\b${escapeRe(surname)}\\b`).test(story.text)) continue;
          if (!pool.includes(cand)) pool.push(cand);
        }
      }
      pool.sort();
      if (!pool.length) continue;
      const start = Math.floor(random() * pool.length);
      for (let k = 0; k < Math.min(pool.length, 5); k++) {
        const cand = pool[(start + k) % pool.length];
        const q = base.question.replace(new RegExp(`(?<![\\w-])${escapeRe(name)}(?![\\w-])`, "g"), cand);
        if (answeredInSample(q, cand, index)) continue;
        out.push({ id: "", question: q, answers: [], kind: `swap-${kind}`, story: story.path, sentence: base.sentence });
        swapped = true;
        break;
      }
    }
  }
  return out;
}

const COUNT_VERBS = new Set("cut sell buy create shed hire employ lose win add close open build launch sign score receive attract make produce recruit axe".split(" "));

/** (b) A detail the story lacks: "how many" about a plural thing given without a number, "when" for an event without a date. */
function missingQuestions(story: Story, index: SampleIndex): Candidate[] {
  const sentences = index.sentences.get(story.path)!;
  const lowerText = nonInitialText(sentences);
  const out: Candidate[] = [];
  for (const sentence of sentences) {
    const c = parseClause(sentence, lowerText, index.vocab);
    if (!c) continue;
    const base = c.verb || (MODALS.has(c.aux) ? (words(c.pred)[0] ?? "") : "");
    const predWords = words(c.pred);
    // how many: "<subject> will cut jobs at …" → "How many jobs will <subject> cut at …?"
    const verbFirst = MODALS.has(c.aux) ? 1 : 0;
    const noun = predWords[verbFirst];
    if (!ANY_NUMBER.test(sentence) && !NUMBER_WORDS.test(sentence) && COUNT_VERBS.has(base) && noun && /^[a-z]{4,}s$/.test(noun) && !/(?:ss|us|is)$/.test(noun)) {
      const stemmed = stem(noun);
      const mentions = sentences.filter((s) => contentWords(s).includes(stemmed));
      if (mentions.every((s) => !ANY_NUMBER.test(s) && !NUMBER_WORDS.test(s))) {
        const rest = cleanAfter(predWords.slice(verbFirst + 1).join(" "));
        const verbPart = MODALS.has(c.aux) ? predWords[0] : "";
        if (rest !== null) {
          const q = tidy(`How many ${noun} ${frame(c)} ${verbPart} ${rest}`);
          if (questionOk(q, [])) out.push({ id: "", question: q, answers: [], kind: "missing-number", story: story.path, sentence });
        }
      }
    }
    // when: a past action with no time anywhere near it.
    // Present perfect asked in the past tense: "has outlined" → "When did … outline".
    const participle = words(c.pred)[0] ?? "";
    const perfect = /^(?:has|have|had)$/.test(c.aux) && !c.verb && pastToBase(participle, index.vocab);
    const passive = /^(?:was|were)$/.test(c.aux) && /^[a-z]+ed$/.test(participle);
    if (!story.path.startsWith("sport/") && (c.aux === "did" || c.aux === "will" || perfect || passive) && !SAY_VERBS.has(c.finite) && !SAY_VERBS.has(participle) && !TEMPORAL.test(sentence) && !/\d/.test(c.pred.replace(/\d+(?:\.\d+)?%|[£$€][\d.,]+\S*/g, ""))) {
      const pred = cleanAfter(perfect ? words(c.pred).slice(1).join(" ") : c.pred);
      if (pred === null) continue;
      const q = tidy(perfect ? `When did ${c.subject} ${perfect} ${pred}` : `When ${frame(c)} ${pred}`);
      const nameWords = new Set(contentWords(c.subjectRaw));
      const qWords = new Set(contentWords(q).filter((w) => !nameWords.has(w)));
      const related = sentences.filter((s) => contentWords(s).filter((w) => qWords.has(w)).length >= 2);
      if (questionOk(q, []) && related.every((s) => !TEMPORAL.test(s))) out.push({ id: "", question: q, answers: [], kind: "missing-date", story: story.path, sentence });
    }
  }
  return out;
}

/** (c) The antonym of a stated change: "sales rose 5%" asked as "By how much did sales fall?". */
function antonymQuestions(story: Story, answerable: Candidate[], index: SampleIndex): Candidate[] {
  const sentences = index.sentences.get(story.path)!;
  const out: Candidate[] = [];
  for (const base of answerable) {
    const m = /^By how much (did|does|has|have|had|will|would) (.+?) (rise|jump|climb|grow|gain|increase|surge|soar|fall|drop|slump|decline|slip|plunge|tumble|decrease|risen|jumped|climbed|grown|gained|increased|fallen|dropped|declined|slipped)\b(.*)$/.exec(base.question);
    if (!m) continue;
    const up = /^(?:rise|jump|climb|grow|gain|increase|surge|soar|risen|jumped|climbed|grown|gained|increased)$/.test(m[3]);
    const participle = /^(?:has|have|had)$/.test(m[1]);
    const antonym = up ? (participle ? "fallen" : "fall") : participle ? "risen" : "rise";
    const forms = up ? FALL_FORMS : RISE_FORMS;
    const subjectWords = contentWords(m[2]);
    // The story must not state the opposite change for the same subject anywhere.
    if (sentences.some((s) => forms.test(s) && contentWords(s).some((w) => subjectWords.includes(w)))) continue;
    out.push({ id: "", question: `By how much ${m[1]} ${m[2]} ${antonym}${m[4]}`, answers: [], kind: "antonym", story: story.path, sentence: base.sentence });
  }
  return out;
}

/** Every unanswerable question the templates make for one story of the sample, by template. */
export function unanswerableCandidates(story: Story, answerable: Candidate[], index: SampleIndex, random: () => number = prng(DEFAULT_SEED)): Candidate[] {
  return [
    ...swapQuestions(story, [...answerable, ...whenBases(story, index)], index, random),
    ...missingQuestions(story, index),
    ...antonymQuestions(story, answerable, index),
  ];
}

// ---------------------------------------------------------------------------
// The whole set

/** Take up to `max` items, one kind after another in the given order, each kind's items in their own order. */
function roundRobin(items: Candidate[], kinds: string[], max: number, random: () => number): Candidate[] {
  const byKind = kinds.map((k) => items.filter((c) => c.kind === k));
  // Start each kind at a seeded offset, so the set does not always use a story's first sentences.
  const queues = byKind.map((q) => {
    if (q.length < 2) return q;
    const s = Math.floor(random() * q.length);
    return [...q.slice(s), ...q.slice(0, s)];
  });
  const out: Candidate[] = [];
  for (let round = 0; out.length < max && queues.some((q) => round < q.length); round++)
    for (const q of queues) if (round < q.length && out.length < max) out.push(q[round]);
  return out;
}

const ANSWERABLE_KINDS = ["number", "money", "date", "person", "place", "organisation"];
const UNANSWERABLE_KINDS = ["swap-person", "missing-number", "swap-organisation", "missing-date", "swap-place", "antonym"];

/** Questions for a sample of stories, with the sentence each came from. Deterministic for the same stories and options. */
export function generateCandidates(stories: Story[], options: GenerateOptions = {}): Candidate[] {
  const perStory = options.perStory ?? 4;
  const seed = options.seed ?? DEFAULT_SEED;
  const index = sampleIndex(stories);
  const perStoryPicks: { story: Story; picked: Candidate[]; unans: Candidate[]; pickedUnans: Candidate[] }[] = [];
  for (const story of stories) {
    const random = prng(seed ^ hashString(story.path));
    const all = answerableCandidates(story, index.vocab);
    const picked = roundRobin(all, ANSWERABLE_KINDS, perStory, random);
    const questions = new Set(picked.map((c) => c.question.toLowerCase()));
    const unans = unanswerableCandidates(story, all, index, random).filter(
      (c) => !questions.has(c.question.toLowerCase()) && (questions.add(c.question.toLowerCase()), true),
    );
    const ordered = roundRobin(unans, UNANSWERABLE_KINDS, unans.length, random);
    perStoryPicks.push({ story, picked, unans: ordered, pickedUnans: ordered.slice(0, picked.length) });
  }
  // As many unanswerable questions as answerable ones overall: stories short of their own share lend to the others, in story order.
  const answerable = perStoryPicks.reduce((n, p) => n + p.picked.length, 0);
  let unanswerable = perStoryPicks.reduce((n, p) => n + p.pickedUnans.length, 0);
  for (let added = true; added && unanswerable < answerable; ) {
    added = false;
    for (const p of perStoryPicks)
      if (unanswerable < answerable && p.pickedUnans.length < Math.min(p.unans.length, perStory)) {
        p.pickedUnans.push(p.unans[p.pickedUnans.length]);
        unanswerable++;
        added = true;
      }
  }
  const out: Candidate[] = [];
  for (const { story, picked, pickedUnans } of perStoryPicks) {
    const base = story.path.replace(/\.txt$/, "").replace(/\//g, "-");
    [...picked, ...pickedUnans].forEach((c, k) => out.push({ ...c, id: `${base}-${k + 1}` }));
  }
  return out;
}

export function generateQuestions(stories: Story[], options: GenerateOptions = {}): GeneratedQuestion[] {
  return generateCandidates(stories, options).map(({ id, question, answers, kind, story }) => ({ id, question, answers, kind, story }));
}

/** One JSON object per line, keys in a fixed order: byte-identical for the same questions. */
export function toJsonl(questions: GeneratedQuestion[]): string {
  return questions.map((q) => JSON.stringify({ id: q.id, question: q.question, answers: q.answers, kind: q.kind, story: q.story })).join("\n") + (questions.length ? "\n" : "");
}
