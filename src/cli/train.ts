/**
 * npm run train [-- --embedders use-lite,use-lite-static,none]
 *
 * Fits the answer model (sentence ranker + abstainer, core/model.ts) on
 * squad2-train (SQuAD 2.0 dev questions on 15 Wikipedia articles, CC BY-SA 4.0,
 * read in place from ../shared/eval/squad2-train), one model per query
 * embedder, validated on 5 folds of 3 articles (never splitting an article).
 * Writes:
 *   src/core/answer-model.json      the shipped parameters (Node and Worker)
 *   src/node/train/held-out.json    the fold models and their held-out report (npm run eval -- --folds)
 * Deterministic: the same data gives the same files byte for byte.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadEngine } from "../node/load-engine.js";
import { PROJECT_ROOT } from "../node/corpus-files.js";
import { collectRows, squadCorpus, squadQuestions } from "../node/train/dataset.js";
import {
  crossValidate,
  DEFAULT_TRAIN_OPTIONS,
  fitFinal,
  reliability,
  summarizePredictions,
  tradeOff,
  type Prediction,
} from "../node/train/train.js";
import type { AnswerModel } from "../core/model.js";

export const MODEL_PATH = join(PROJECT_ROOT, "src/core/answer-model.json");
export const HELD_OUT_PATH = join(PROJECT_ROOT, "src/node/train/held-out.json");

const DEFAULT_EMBEDDERS = ["use-lite", "use-lite-static", "none"];

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

async function main(argv: string[]) {
  const started = performance.now();
  const at = argv.indexOf("--embedders");
  const embedders = at >= 0 ? argv[at + 1].split(",") : DEFAULT_EMBEDDERS;
  const log = (line: string) => console.log(line);
  const paths = await squadCorpus(log);
  const questions = squadQuestions();
  const models: Record<string, AnswerModel> = {};
  const heldOut: Record<string, unknown> = {};
  for (const name of embedders) {
    // Features do not depend on the ranker, and the model being refitted may not fit this code any more.
    const engine = await loadEngine({ paths, embedder: { name }, log, model: "hand-tuned" });
    if (engine.embedder.active !== name && name !== "none") throw new Error(`embedder ${name} is not usable: ${engine.embedder.reason}`);
    const t = performance.now();
    const rows = await collectRows(engine, questions);
    log(`\n${name}: ${rows.length} questions, ${rows.reduce((n, r) => n + r.candidates.length, 0)} candidate sentences (${((performance.now() - t) / 1000).toFixed(0)} s)`);
    const folds = crossValidate(rows, name, DEFAULT_TRAIN_OPTIONS, log);
    const predictions = folds.flatMap((f) => f.predictions);
    const thresholdOf = new Map<Prediction, number>(folds.flatMap((f) => f.predictions.map((p) => [p, f.model.abstainer.threshold] as const)));
    const summary = summarizePredictions(predictions, (p) => thresholdOf.get(p)!);
    const perFold = folds.map((f) => ({ fold: f.fold, articles: f.groups, ...round(summarizePredictions(f.predictions, () => f.model.abstainer.threshold)) }));
    const model = fitFinal(rows, predictions, name, DEFAULT_TRAIN_OPTIONS);
    models[name] = model;
    heldOut[name] = {
      summary: round(summary),
      perFold,
      tradeOff: tradeOff(predictions, [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6]),
      reliability: reliability(predictions),
      folds: folds.map((f) => ({ articles: f.groups, model: f.model })),
    };
    log(
      `${name} held out: hit@1 ${pct(summary.hitAt1)}  hit@3 ${pct(summary.hitAt3)}  abstention ${pct(summary.abstention)}  false abstention ${pct(summary.falseAbstention)}  AUC ${summary.auc.toFixed(3)}  (shipped threshold ${model.abstainer.threshold})`,
    );
  }
  const about = {
    command: "npm run train",
    data: "squad2-train: SQuAD 2.0 development-set questions on 15 Wikipedia articles (Rajpurkar, Jia & Liang 2018), CC BY-SA 4.0, read from ../shared/eval/squad2-train",
    split: "5 folds of 3 articles (sorted article ids dealt round-robin); never split within an article",
    options: DEFAULT_TRAIN_OPTIONS,
  };
  await writeFile(MODEL_PATH, JSON.stringify({ ...about, models }, null, 1) + "\n");
  await writeFile(HELD_OUT_PATH, JSON.stringify({ ...about, heldOut }, null, 1) + "\n");
  log(`\nwrote ${MODEL_PATH} and ${HELD_OUT_PATH} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function round<T extends object>(summary: T): T {
  return Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, typeof v === "number" ? Math.round(v * 1000) / 1000 : v])) as T;
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`train failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
