/**
 * npm run eval -- --folds
 *
 * Held-out answer quality, the learned model beside the hand-tuned baseline,
 * through the real answer path (retrieval, ranking, abstention, composition):
 *   - squad2-train: each fold's questions answered by the model fitted
 *     without that fold's articles (src/node/train/held-out.json);
 *   - news: the dev set and the project's own set, answered by the shipped
 *     model (fitted on SQuAD and generated BBC questions, never on these);
 *   - generated questions on the 40 BBC stories that training leaves out.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { evaluate, summarize, type EvalQuestion, type EvalSummary } from "../core/evaluate.js";
import type { AnswerModel } from "../core/model.js";
import { corpusPaths, PROJECT_ROOT } from "../node/corpus-files.js";
import { loadEngine } from "../node/load-engine.js";
import { BBC_HELD_OUT_STORIES, HELD_OUT_PATH, squadCorpus, squadQuestions } from "../node/train/dataset.js";
import { BBC_DIR, OUT_DIR, pickStories, storyCorpus } from "../node/questions/bbc.js";
import { DEFAULT_SEED, generateQuestions } from "../node/questions/generate.js";
import { assignFolds, sourceOf } from "../node/train/train.js";
import { defaultQuestionFiles } from "../node/question-sets.js";
import { parseQuestions } from "../core/evaluate.js";


interface HeldOutFile {
  heldOut: Record<string, { folds: { articles: string[]; model: AnswerModel }[] }>;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function row(set: string, ranker: string, s: EvalSummary): string {
  return `| ${set} | ${ranker} | ${s.answerable} / ${s.unanswerable} | ${pct(s.hit)} | ${pct(s.hitAt1)} | ${pct(s.hitAt3)} | ${pct(s.abstention)} | ${pct(s.falseAbstention)} |`;
}

export async function main(argv: string[]) {
  const log = (line: string) => console.error(line);
  const embedder = process.env.VERBATIM_EMBEDDER?.trim() || "use-lite";
  const file = JSON.parse(readFileSync(HELD_OUT_PATH, "utf8")) as HeldOutFile;
  const folds = file.heldOut[embedder]?.folds.map((f) => ({ ...f, articles: f.articles.filter((a) => sourceOf(a) === "squad") }));
  if (!folds) throw new Error(`held-out.json has no folds for ${embedder}; run \`npm run train\``);
  const lines = [
    `embedder: ${embedder}`,
    "",
    "| set (held out) | ranker | answerable / unanswerable | hit | hit@1 | hit@3 | abstention | false abstention |",
    "|---|---|---|---|---|---|---|---|",
  ];

  // SQuAD: each fold through its own model, and through the hand-tuned baseline.
  const paths = await squadCorpus(log);
  const questions = squadQuestions();
  const foldOf = assignFolds(questions.map((q) => q.group));
  const learned = [];
  const handTuned = [];
  const baseline = await loadEngine({ paths, model: "hand-tuned", log });
  for (const [k, fold] of folds.entries()) {
    const held = questions.filter((q) => foldOf.get(q.group) === k);
    if (!fold.articles.every((a) => foldOf.get(a) === k)) throw new Error(`fold ${k + 1} of held-out.json does not match the article split; run \`npm run train\``);
    const engine = await loadEngine({ paths, model: fold.model, log });
    learned.push(...(await evaluate(engine, held)));
    handTuned.push(...(await evaluate(baseline, held)));
    log(`squad fold ${k + 1}/${folds.length}: ${held.length} questions`);
  }
  lines.push(row("squad2-train, 5 folds by article", "learned", summarize(learned)));
  lines.push(row("squad2-train, 5 folds by article", "hand-tuned", summarize(handTuned)));

  // News: the shipped model never saw any of it.
  const news: [string, EvalQuestion[]][] = defaultQuestionFiles().map((f) => [relative(PROJECT_ROOT, f), parseQuestions(readFileSync(f, "utf8"))]);
  const seeds = corpusPaths();
  const shipped = await loadEngine({ paths: seeds, log });
  const seedBaseline = await loadEngine({ paths: seeds, model: "hand-tuned", log });
  for (const [name, qs] of news) {
    lines.push(row(name, "learned", summarize(await evaluate(shipped, qs))));
    lines.push(row(name, "hand-tuned", summarize(await evaluate(seedBaseline, qs))));
  }
  // Generated questions on the BBC stories the training set leaves out (the questions:bbc default sample).
  if (existsSync(BBC_DIR)) {
    const stories = await pickStories(BBC_HELD_OUT_STORIES);
    const bbcPaths = await storyCorpus(join(OUT_DIR, "corpus"), stories, DEFAULT_SEED, log);
    const bbcQuestions = generateQuestions(stories);
    const name = `generated BBC questions (${stories.length} held-out stories)`;
    lines.push(row(name, "learned", summarize(await evaluate(await loadEngine({ paths: bbcPaths, log }), bbcQuestions))));
    lines.push(row(name, "hand-tuned", summarize(await evaluate(await loadEngine({ paths: bbcPaths, model: "hand-tuned", log }), bbcQuestions))));
  }
  console.log(lines.join("\n"));
}
