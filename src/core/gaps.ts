/**
 * The editor's report over the question log: what readers asked that the
 * articles could not answer, the answers they marked unhelpful, and the
 * articles answers cite most. One plain function, shared by
 * GET /api/admin/gaps, the admin page and `npm run gaps`.
 *
 * Questions that ask the same thing are grouped: two wordings belong together
 * when they have the same set of content terms (the tokenizer of text.ts:
 * lowercased, stemmed, stop words and question words removed), so "What is the
 * capital of Australia?" and "capital of australia" are one gap.
 */
import type { FeedbackRecord, LogRecord, LoggedCitation, QuestionRecord } from "./question-log.js";
import { questionTerms } from "./text.js";

export interface Counted {
  text: string;
  count: number;
}

export interface UnansweredGroup {
  /** The wording readers used most (the latest on a tie). */
  question: string;
  /** How often this was asked and not answered. */
  count: number;
  wordings: Counted[];
  /** Why Verbatim abstained, most frequent first. */
  reasons: Counted[];
  lastAsked: string;
}

export interface UnhelpfulAnswerGroup {
  question: string;
  wordings: Counted[];
  /** Answers in this group readers voted on; a reader changing their vote counts once, as the last vote. */
  unhelpful: number;
  helpful: number;
  /** The quotes the 👎 answers cited, most often cited first. */
  quotes: (LoggedCitation & { count: number })[];
  lastAsked: string;
}

export interface UnhelpfulCitation extends LoggedCitation {
  unhelpful: number;
  helpful: number;
}

export interface CitedArticle {
  articleId: string;
  title: string;
  /** Answers that cite it (an answer citing it twice counts once). */
  count: number;
}

export interface GapsReport {
  generatedAt: string;
  /** Records from this time on were counted; null for the whole log. */
  since: string | null;
  totals: {
    questions: number;
    abstained: number;
    helpful: number;
    unhelpful: number;
    /** Votes on answers the log does not hold (asked before logging began, or dropped by retention). */
    unmatchedFeedback: number;
  };
  unanswered: UnansweredGroup[];
  unhelpfulAnswers: UnhelpfulAnswerGroup[];
  unhelpfulCitations: UnhelpfulCitation[];
  mostCited: CitedArticle[];
}

export interface GapsOptions {
  /** Only the records of the last `days` days (before `now`). */
  days?: number;
  /** The most entries in each list. Default 20. */
  limit?: number;
  now?: Date;
}

export const DEFAULT_GAPS_LIMIT = 20;

const collapse = (text: string) => text.trim().replace(/\s+/g, " ");

/** The key two wordings of one question share: their sorted content terms, or the wording itself when it has none. */
export function questionKey(question: string): string {
  const keyTerms = [...new Set(questionTerms(question))].sort();
  return keyTerms.length ? keyTerms.join(" ") : `"${collapse(question).toLowerCase()}"`;
}

/** Counts, most frequent first; on a tie the one seen last first (records arrive oldest first). */
class Tally {
  private readonly counts = new Map<string, { count: number; last: number }>();
  private seen = 0;
  add(text: string, by = 1): void {
    const entry = this.counts.get(text) ?? { count: 0, last: 0 };
    entry.count += by;
    entry.last = ++this.seen;
    this.counts.set(text, entry);
  }
  sorted(): Counted[] {
    return [...this.counts]
      .sort((a, b) => b[1].count - a[1].count || b[1].last - a[1].last)
      .map(([text, { count }]) => ({ text, count }));
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function wordings(questions: QuestionRecord[]): Counted[] {
  const tally = new Tally();
  for (const q of questions) tally.add(collapse(q.question));
  return tally.sorted();
}

function unanswered(questions: QuestionRecord[]): UnansweredGroup[] {
  return [...groupBy(questions.filter((q) => q.abstained), (q) => questionKey(q.question)).values()]
    .map((group) => {
      const reasons = new Tally();
      for (const q of group) reasons.add(q.abstainReason ?? "(no reason given)");
      const all = wordings(group);
      return { question: all[0].text, count: group.length, wordings: all, reasons: reasons.sorted(), lastAsked: group[group.length - 1].time };
    })
    .sort((a, b) => b.count - a.count || b.lastAsked.localeCompare(a.lastAsked));
}

/** Each answer's last vote: a reader who clicks 👍 then 👎 meant 👎. */
function lastVotes(feedback: FeedbackRecord[]): Map<string, boolean> {
  const votes = new Map<string, boolean>();
  for (const f of feedback) if (f.answerId !== undefined) votes.set(f.answerId, f.helpful);
  return votes;
}

function unhelpfulAnswers(questions: QuestionRecord[], votes: Map<string, boolean>): UnhelpfulAnswerGroup[] {
  const voted = questions.filter((q) => votes.has(q.answerId));
  return [...groupBy(voted, (q) => questionKey(q.question)).values()]
    .map((group) => {
      const down = group.filter((q) => votes.get(q.answerId) === false);
      const quotes = new Map<string, LoggedCitation & { count: number }>();
      for (const c of down.flatMap((q) => q.citations)) {
        const seen = quotes.get(c.id);
        if (seen) seen.count++;
        else quotes.set(c.id, { ...c, count: 1 });
      }
      return {
        question: wordings(group)[0].text,
        wordings: wordings(group),
        unhelpful: down.length,
        helpful: group.length - down.length,
        quotes: [...quotes.values()].sort((a, b) => b.count - a.count),
        lastAsked: group[group.length - 1].time,
      };
    })
    .filter((g) => g.unhelpful > 0)
    .sort((a, b) => b.unhelpful - a.unhelpful || a.helpful - b.helpful || b.lastAsked.localeCompare(a.lastAsked));
}

function unhelpfulCitations(feedback: FeedbackRecord[]): UnhelpfulCitation[] {
  const byId = new Map<string, UnhelpfulCitation>();
  for (const f of feedback) {
    if (!f.citation) continue;
    const entry = byId.get(f.citation.id) ?? { ...f.citation, unhelpful: 0, helpful: 0 };
    if (f.helpful) entry.helpful++;
    else entry.unhelpful++;
    byId.set(f.citation.id, entry);
  }
  return [...byId.values()].filter((c) => c.unhelpful > 0).sort((a, b) => b.unhelpful - a.unhelpful || a.helpful - b.helpful);
}

function mostCited(questions: QuestionRecord[]): CitedArticle[] {
  const byId = new Map<string, CitedArticle>();
  for (const q of questions) {
    for (const c of new Map(q.citations.map((c) => [c.articleId, c])).values()) {
      const entry = byId.get(c.articleId) ?? { articleId: c.articleId, title: c.title, count: 0 };
      entry.count++;
      entry.title = c.title; // the latest title, should a re-ingest have changed it
      byId.set(c.articleId, entry);
    }
  }
  return [...byId.values()].sort((a, b) => b.count - a.count || a.title.localeCompare(b.title));
}

/** The report over `records` (oldest first, as QuestionLog.read() returns them). */
export function gapsReport(records: LogRecord[], options: GapsOptions = {}): GapsReport {
  const limit = options.limit ?? DEFAULT_GAPS_LIMIT;
  const now = options.now ?? new Date();
  const since = options.days ? new Date(now.getTime() - options.days * 86_400_000).toISOString() : undefined;
  const kept = since ? records.filter((r) => r.time >= since) : records;
  const questions = kept.filter((r): r is QuestionRecord => r.type === "question");
  const feedback = kept.filter((r): r is FeedbackRecord => r.type === "feedback");
  const votes = lastVotes(feedback);
  const answerIds = new Set(questions.map((q) => q.answerId));
  const citationVotes = feedback.filter((f) => f.citation);
  const answerVotes = [...votes].filter(([id]) => answerIds.has(id)).map(([, helpful]) => helpful);
  return {
    generatedAt: now.toISOString(),
    since: since ?? null,
    totals: {
      questions: questions.length,
      abstained: questions.filter((q) => q.abstained).length,
      helpful: answerVotes.filter(Boolean).length + citationVotes.filter((f) => f.helpful).length,
      unhelpful: answerVotes.filter((h) => !h).length + citationVotes.filter((f) => !f.helpful).length,
      unmatchedFeedback: [...votes.keys()].filter((id) => !answerIds.has(id)).length,
    },
    unanswered: unanswered(questions).slice(0, limit),
    unhelpfulAnswers: unhelpfulAnswers(questions, votes).slice(0, limit),
    unhelpfulCitations: unhelpfulCitations(feedback).slice(0, limit),
    mostCited: mostCited(questions).slice(0, limit),
  };
}
