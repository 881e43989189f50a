/**
 * The editor's report as a plain HTML page (GET/POST /admin/gaps): rendered
 * on the server, no script, every text escaped. The admin token comes from
 * an Authorization header or a password field posted by the form; it is never
 * part of a URL, and never written back into the page.
 */
import type { Counted, GapsReport } from "../core/gaps.js";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string | number): string => String(text).replace(/[&<>"']/g, (ch) => ESCAPES[ch]);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Verbatim</title>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** The form asking for the admin token; `problem` says why it is shown again. */
export function tokenFormPage(problem?: string): string {
  return page(
    "What readers could not get answered",
    `${problem ? `<p role="alert"><strong>${escapeHtml(problem)}</strong></p>\n` : ""}<form method="post" action="/admin/gaps">
<p><label>Admin token <input type="password" name="token" autocomplete="current-password" required></label></p>
<p><label>Only the last <input type="number" name="days" min="1" max="3650" inputmode="numeric"> days (empty: all the log keeps)</label></p>
<p><button type="submit">Show the report</button></p>
</form>`,
  );
}

const list = (items: Counted[]) => `<ul>${items.map((w) => `<li>${escapeHtml(w.text)} (${w.count})</li>`).join("")}</ul>`;

function table(caption: string, head: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<h2>${escapeHtml(caption)}</h2>\n<p>${escapeHtml(empty)}</p>`;
  return `<h2>${escapeHtml(caption)}</h2>
<table>
<thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>
${rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join("")}</tr>`).join("\n")}
</tbody>
</table>`;
}

/** The whole report; every value from the log passes through escapeHtml. */
export function gapsPage(report: GapsReport): string {
  const t = report.totals;
  const summary = `<p>${t.questions} questions${report.since ? ` since ${escapeHtml(report.since)}` : ""}, ${t.abstained} not answered; ${t.helpful} 👍 and ${t.unhelpful} 👎${t.unmatchedFeedback ? ` (and ${t.unmatchedFeedback} votes on answers no longer in the log)` : ""}. Generated ${escapeHtml(report.generatedAt)}.</p>`;
  const unanswered = table(
    "Questions it could not answer",
    ["Times asked", "Question", "All wordings", "Why not"],
    report.unanswered.map((g) => [escapeHtml(g.count), escapeHtml(g.question), list(g.wordings), list(g.reasons)]),
    "None: every question asked was answered.",
  );
  const unhelpful = table(
    "Answers readers marked unhelpful",
    ["👎", "👍", "Question", "What the 👎 answers quoted"],
    report.unhelpfulAnswers.map((g) => [
      escapeHtml(g.unhelpful),
      escapeHtml(g.helpful),
      escapeHtml(g.question),
      g.quotes.length
        ? `<ul>${g.quotes.map((q) => `<li>“${escapeHtml(q.quote)}” — ${escapeHtml(q.title)} (${q.count})</li>`).join("")}</ul>`
        : "Nothing: Verbatim abstained",
    ]),
    "No answer was marked unhelpful.",
  );
  const citations = table(
    "Quotes readers marked unhelpful",
    ["👎", "👍", "Quote", "Article"],
    report.unhelpfulCitations.map((c) => [escapeHtml(c.unhelpful), escapeHtml(c.helpful), `“${escapeHtml(c.quote)}”`, escapeHtml(c.title)]),
    "No quote was marked unhelpful.",
  );
  const cited = table(
    "Articles cited most",
    ["Answers citing it", "Article", "Id"],
    report.mostCited.map((a) => [escapeHtml(a.count), escapeHtml(a.title), `<code>${escapeHtml(a.articleId)}</code>`]),
    "No answer has cited an article yet.",
  );
  return page("What readers could not get answered", [summary, unanswered, unhelpful, citations, cited].join("\n"));
}
