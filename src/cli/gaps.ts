/**
 * npm run gaps [-- --file <log> --days <n> --limit <n> --json]
 * The editor's report from the question log file, the same as
 * GET /api/admin/gaps: questions Verbatim could not answer (grouped when they
 * ask the same thing), answers readers marked unhelpful, the articles cited
 * most. Reads the file only; a running server may keep writing it.
 */
import { parseArgs } from "node:util";
import { gapsReport, type Counted, type GapsReport } from "../core/gaps.js";
import { DEFAULT_QUESTION_LOG, DEFAULT_RETENTION_DAYS, questionLogSettings, readQuestionLog } from "../node/question-log.js";
import { shown } from "../node/paths.js";

const USAGE = "usage: npm run gaps -- [--file <questions.jsonl>] [--days <n>] [--limit <n>] [--json]";

function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1, not ${JSON.stringify(value)}`);
  return n;
}

const counted = (items: Counted[]) => items.map((w) => `"${w.text}" (${w.count})`).join(", ");

/** The report as text for a terminal. */
export function formatReport(report: GapsReport, file: string): string {
  const t = report.totals;
  const out = [
    `${file}: ${t.questions} questions${report.since ? ` since ${report.since}` : ""}, ${t.abstained} not answered; ${t.helpful} 👍, ${t.unhelpful} 👎` +
      (t.unmatchedFeedback ? ` (${t.unmatchedFeedback} votes on answers no longer in the log)` : ""),
    "",
    "Questions it could not answer (most asked first)",
  ];
  if (!report.unanswered.length) out.push("  none");
  for (const g of report.unanswered) {
    out.push(`  ${g.count}×  ${g.question}`);
    if (g.wordings.length > 1) out.push(`      wordings: ${counted(g.wordings)}`);
    out.push(`      why not: ${g.reasons.map((r) => `${r.text} (${r.count})`).join("; ")}`);
  }
  out.push("", "Answers readers marked unhelpful (most 👎 first)");
  if (!report.unhelpfulAnswers.length) out.push("  none");
  for (const g of report.unhelpfulAnswers) {
    out.push(`  👎 ${g.unhelpful}  👍 ${g.helpful}  ${g.question}`);
    for (const q of g.quotes) out.push(`      quoted: "${q.quote}" — ${q.title} (${q.count})`);
    if (!g.quotes.length) out.push("      quoted nothing: Verbatim abstained");
  }
  if (report.unhelpfulCitations.length) {
    out.push("", "Quotes readers marked unhelpful");
    for (const c of report.unhelpfulCitations) out.push(`  👎 ${c.unhelpful}  👍 ${c.helpful}  "${c.quote}" — ${c.title} (${c.id})`);
  }
  out.push("", "Articles cited most");
  if (!report.mostCited.length) out.push("  none");
  for (const a of report.mostCited) out.push(`  ${String(a.count).padStart(4)}  ${a.title} (${a.articleId})`);
  return out.join("\n");
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: { file: { type: "string" }, days: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean" } },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  let days: number | undefined;
  let limit: number | undefined;
  let settings;
  try {
    days = wholeNumber(args.days, "days");
    limit = wholeNumber(args.limit, "limit");
    settings = questionLogSettings(process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const file = args.file ?? settings?.path ?? DEFAULT_QUESTION_LOG;
  const { records, skipped } = await readQuestionLog(file, settings?.retentionDays ?? DEFAULT_RETENTION_DAYS);
  if (records.length === 0 && skipped === 0) console.error(`gaps: nothing logged in ${shown(file)} (start the server with VERBATIM_QUESTION_LOG=1 to keep questions)`);
  if (skipped) console.error(`gaps: skipped ${skipped} unreadable line(s) in ${shown(file)} (a write cut short, e.g. by a crash)`);
  const report = gapsReport(records, { limit, days });
  console.log(args.json ? JSON.stringify(report, null, 2) : formatReport(report, shown(file)));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`gaps: ${(error as Error).message}`);
    process.exit(1);
  },
);
