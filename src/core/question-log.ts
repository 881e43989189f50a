/**
 * The question log: what readers asked, whether Verbatim answered, and their
 * 👍/👎, for the editor's view of what the archive could not answer (gaps.ts).
 *
 * Only the interface and the record shapes live here, so the app works with
 * any store or none: the Node entry gives a JSON Lines file
 * (src/node/question-log.ts), the Worker gives none. Nothing that identifies
 * a reader is part of a record: no address, no rate-limit key, no request id.
 */

/** One answered (or abstained) question. */
export interface QuestionRecord {
  type: "question";
  /** ISO 8601 time the answer was given. */
  time: string;
  /** The id the answer response carried; feedback names it. */
  answerId: string;
  question: string;
  /** True when the question came with earlier turns (a follow-up may be unclear on its own). */
  followUp: boolean;
  /** The articles the question was scoped to, when it was. */
  articleIds?: string[];
  abstained: boolean;
  abstainReason?: string;
  citations: LoggedCitation[];
}

/** What the report needs of a citation: its ids, the article's title, and the quote itself. */
export interface LoggedCitation {
  id: string;
  articleId: string;
  title: string;
  quote: string;
}

/**
 * A reader's 👍 (`helpful: true`) or 👎 on one answer (by the answer's id) or
 * on one citation (kept with its quote, so the report can show it whatever
 * answers the log still holds).
 */
export type FeedbackRecord = {
  type: "feedback";
  time: string;
  helpful: boolean;
} & FeedbackTarget;

export type FeedbackTarget = { answerId: string; citation?: undefined } | { citation: LoggedCitation; answerId?: undefined };

export type LogRecord = QuestionRecord | FeedbackRecord;

export interface QuestionLog {
  record(entry: QuestionRecord): Promise<void>;
  feedback(entry: FeedbackRecord): Promise<void>;
  /** Every record kept (within the retention limit), oldest first. */
  read(): Promise<LogRecord[]>;
}

/** The answer as the log keeps it: no timings, no trace, no scores. */
export function questionRecord(
  answerId: string,
  asked: { question: string; history?: unknown[]; articleIds?: string[] },
  answer: { abstained: boolean; abstainReason?: string; citations: LoggedCitation[] },
  time = new Date(),
): QuestionRecord {
  return {
    type: "question",
    time: time.toISOString(),
    answerId,
    question: asked.question,
    followUp: (asked.history?.length ?? 0) > 0,
    ...(asked.articleIds ? { articleIds: asked.articleIds } : {}),
    abstained: answer.abstained,
    ...(answer.abstainReason ? { abstainReason: answer.abstainReason } : {}),
    citations: answer.citations.map(({ id, articleId, title, quote }) => ({ id, articleId, title, quote })),
  };
}

export function feedbackRecord(target: FeedbackTarget, helpful: boolean, time = new Date()): FeedbackRecord {
  return { type: "feedback", time: time.toISOString(), helpful, ...target } as FeedbackRecord;
}

const isString = (v: unknown): v is string => typeof v === "string";

function isCitation(v: unknown): v is LoggedCitation {
  const c = v as LoggedCitation;
  return typeof c === "object" && c !== null && isString(c.id) && isString(c.articleId) && isString(c.title) && isString(c.quote);
}

/** A parsed line that is a record this version understands; anything else (a torn line, a stray edit) is not. */
export function isLogRecord(value: unknown): value is LogRecord {
  const r = value as Record<string, unknown>;
  if (typeof r !== "object" || r === null || !isString(r.time) || Number.isNaN(Date.parse(r.time))) return false;
  if (r.type === "question")
    return isString(r.answerId) && isString(r.question) && typeof r.abstained === "boolean" && Array.isArray(r.citations) && r.citations.every(isCitation);
  if (r.type === "feedback") return typeof r.helpful === "boolean" && (isString(r.answerId) ? r.citation === undefined : isCitation(r.citation));
  return false;
}

/**
 * Records from JSON Lines text. A line that does not parse (the torn tail of
 * a write cut short by a crash) or is not a record is skipped; it never
 * hides the lines around it.
 */
export function parseLogLines(text: string): { records: LogRecord[]; skipped: number } {
  const records: LogRecord[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    if (isLogRecord(value)) records.push(value);
    else skipped++;
  }
  return { records, skipped };
}
