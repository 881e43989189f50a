/**
 * npm run eval [-- --sweep] [--verbose] [--hand-tuned] [files…]
 * Runs question sets through the real answer path and prints answer quality.
 * Default sets: ../shared/eval/qa-dev.jsonl (when present) and test/eval/*.jsonl.
 *
 * npm run eval -- --folds
 * The learned model and the hand-tuned baseline side by side, on questions no
 * model saw in fitting: squad2-train through each fold's model on its held-out
 * articles, the news sets through the shipped model (fitted on SQuAD only).
 */
import { readFileSync } from "node:fs";
import { loadServingEngine } from "../node/database.js";
import { evaluate, parseQuestions, summarize, type EvalOutcome } from "../core/evaluate.js";
import { defaultQuestionFiles } from "../node/question-sets.js";
import { HELD_OUT_PATH } from "../node/train/dataset.js";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function printSweep(outcomes: EvalOutcome[]) {
  // P(answer) (hand-tuned: support) of the best sentence for every question, answered or not: what the threshold acts on.
  const rows = outcomes
    .filter((o) => o.result.trace)
    .map((o) => ({ answerable: o.answerable, support: (o.result.trace as any).abstention.support as number, hit: o.hit || o.hitAt3 }));
  console.log("\nthreshold  answered-correct  false-abstain  unanswerable-abstained  precision");
  for (let t = 0.02; t <= 0.6001; t += 0.02) {
    const answered = rows.filter((r) => r.support >= t);
    const correct = answered.filter((r) => r.answerable && r.hit).length;
    const wrong = answered.filter((r) => !r.answerable || !r.hit).length;
    const falseAbstain = rows.filter((r) => r.answerable && r.support < t).length;
    const abstainedUnans = rows.filter((r) => !r.answerable && r.support < t).length;
    const unans = rows.filter((r) => !r.answerable).length;
    console.log(
      `${t.toFixed(2).padStart(9)}  ${String(correct).padStart(16)}  ${String(falseAbstain).padStart(13)}  ${`${abstainedUnans}/${unans}`.padStart(22)}  ${pct(correct / Math.max(1, correct + wrong)).padStart(9)}`,
    );
  }
}

async function main(argv: string[]) {
  if (argv.includes("--folds")) return (await import("./eval-folds.js")).main(argv);
  const sweep = argv.includes("--sweep");
  const verbose = argv.includes("--verbose");
  const files = argv.filter((a) => !a.startsWith("--"));
  const { engine, close } = await loadServingEngine(argv.includes("--hand-tuned") ? { model: "hand-tuned" } : {});
  console.log(`embedder: ${engine.embedder.active}${engine.embedder.reason ? ` (${engine.embedder.reason})` : ""}`);
  const all: EvalOutcome[] = [];
  for (const file of files.length ? files : defaultQuestionFiles()) {
    const questions = parseQuestions(readFileSync(file, "utf8"));
    const outcomes = await evaluate(engine, questions, { debug: sweep || verbose });
    all.push(...outcomes);
    const s = summarize(outcomes);
    console.log(`\n${file} — ${questions.length} questions`);
    for (const o of outcomes) {
      const mark = o.answerable ? (o.hit ? (o.hitAt1 ? "ok   " : "ok@n ") : o.result.abstained ? "ABST " : "MISS ") : o.result.abstained ? "abst " : "WRONG";
      const support = o.result.trace ? ` support=${((o.result.trace as any).abstention.support as number).toFixed(3)}` : "";
      console.log(`  ${mark} ${o.q.id.padEnd(5)} ${o.ms.toFixed(0).padStart(4)} ms${support}  ${o.q.question}`);
      if (verbose || (o.answerable && !o.hit) || (!o.answerable && !o.result.abstained)) console.log(`        → ${o.result.answer}`);
    }
    print(s);
  }
  if (files.length !== 1 && all.length) {
    console.log("\nall questions");
    print(summarize(all));
  }
  if (sweep) {
    printSweep(all);
    printHeldOut(engine.embedder.active);
  }
  await close();
}

/** The learned abstainer's trade-off and calibration on the folds it was not fitted on, as `npm run train` recorded them. */
function printHeldOut(embedder: string) {
  const file = JSON.parse(readFileSync(HELD_OUT_PATH, "utf8"));
  const report = file.heldOut[embedder] ?? file.heldOut["use-lite"];
  if (!report) return;
  console.log(`\nheld out (npm run train, 5 folds by article/story, ${embedder}): abstention trade-off`);
  console.log("threshold  abstention  false-abstention  hit@1-answered");
  for (const r of report.tradeOff)
    console.log(`${r.threshold.toFixed(2).padStart(9)}  ${pct(r.abstention).padStart(10)}  ${pct(r.falseAbstention).padStart(16)}  ${pct(r.hit).padStart(14)}`);
  console.log("\nreliability: predicted P(answer) against how often the best sentence answered");
  console.log("bin        questions  predicted  observed");
  for (const r of report.reliability)
    console.log(`${r.bin.padEnd(9)}  ${String(r.questions).padStart(9)}  ${r.predicted.toFixed(3).padStart(9)}  ${r.observed.toFixed(3).padStart(8)}`);
}

function print(s: ReturnType<typeof summarize>) {
  console.log(
    `  hit ${pct(s.hit)}  hit@1 ${pct(s.hitAt1)}  hit@3 ${pct(s.hitAt3)}  (answerable ${s.answerable})  abstention ${pct(s.abstention)} (unanswerable ${s.unanswerable})  false-abstention ${pct(s.falseAbstention)}  p50 ${s.p50Ms.toFixed(1)} ms (${s.p50WithoutEmbedMs.toFixed(1)} ms without the query embedding)  p95 ${s.p95Ms.toFixed(1)} ms`,
  );
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`eval failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
