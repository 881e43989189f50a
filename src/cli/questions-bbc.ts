/**
 * npm run questions:bbc [-- --stories N] [--per-story K] [--seed S] [--show] [--no-index]
 *
 * Labelled questions over BBC stories nobody tuned for (see docs/generated-questions.md):
 * picks N stories (default 40) of ../shared/corpora/bbc deterministically,
 * ingests them into a corpus of their own (.cache/bbc-questions/corpus, built
 * only when the story list changed) and writes
 * .cache/bbc-questions/questions.jsonl for `npm run eval`:
 *
 *   VERBATIM_CORPUS_DIR=.cache/bbc-questions/corpus npx tsx src/cli/eval.ts .cache/bbc-questions/questions.jsonl
 *
 * The stories are BBC's and the questions quote them, so both stay in .cache/
 * (gitignored), never in the repository.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { PROJECT_ROOT, corpusPaths } from "../node/corpus-files.js";
import { DEFAULT_SEED, generateCandidates, toJsonl } from "../node/questions/generate.js";
import { BBC_DIR, OUT_DIR, pickStories, storyCorpus } from "../node/questions/bbc.js";

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  return n;
}

async function main(argv: string[]) {
  const n = positiveInt(arg(argv, "--stories"), 40, "--stories");
  const perStory = positiveInt(arg(argv, "--per-story"), 4, "--per-story");
  const seed = positiveInt(arg(argv, "--seed"), DEFAULT_SEED, "--seed");
  if (!existsSync(BBC_DIR)) throw new Error(`${BBC_DIR} not found: the BBC corpus is needed (see ../shared/corpora/README.md)`);

  const stories = await pickStories(n, seed);
  console.log(`stories: ${stories.length} (${[...new Set(stories.map((s) => s.path.split("/")[0]))].map((f) => `${f} ${stories.filter((s) => s.path.startsWith(f + "/")).length}`).join(", ")})`);

  // The corpus of these stories, rebuilt only when the list changed.
  const root = join(OUT_DIR, "corpus");
  if (argv.includes("--no-index")) console.log("corpus: skipped (--no-index)");
  else await storyCorpus(root, stories, seed, (line) => console.log(line));
  const paths = corpusPaths(root);

  const candidates = generateCandidates(stories, { perStory, seed });
  const out = join(OUT_DIR, "questions.jsonl");
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(out, toJsonl(candidates));
  const kinds = new Map<string, number>();
  for (const c of candidates) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  const answerable = candidates.filter((c) => c.answers.length).length;
  console.log(
    `questions: ${candidates.length} (${answerable} answerable, ${candidates.length - answerable} unanswerable) → ${relative(PROJECT_ROOT, out)}\n` +
      `kinds: ${[...kinds].sort().map(([k, v]) => `${k} ${v}`).join(", ")}`,
  );
  if (argv.includes("--show"))
    for (const c of candidates) console.log(`\n${c.id} [${c.kind}] ${c.question}\n  gold: ${JSON.stringify(c.answers)}\n  from: ${c.sentence}`);
  console.log(`\nevaluate: VERBATIM_CORPUS_DIR=${relative(PROJECT_ROOT, paths.root)} npx tsx src/cli/eval.ts ${relative(PROJECT_ROOT, out)}`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`questions:bbc failed: ${error.message}`);
  process.exit(1);
});
