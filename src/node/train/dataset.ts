/**
 * Training data for the learned ranker and abstainer: every question of a
 * labelled set run through the real answer path up to ranking, each
 * candidate sentence with its features and a label (does it contain a gold
 * answer?). Labelled sets:
 *   - squad2-train (../shared/eval/squad2-train): SQuAD 2.0 dev questions on 15
 *     Wikipedia articles, CC BY-SA 4.0, ingested into .cache/train/squad;
 *   - news: the dev and own question sets on the committed seed corpus.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Engine } from "../../core/engine.js";
import { parseQuestions, type EvalQuestion } from "../../core/evaluate.js";
import type { SentenceFeatures } from "../../core/rank.js";
import type { ScoredSentence } from "../../core/sentences.js";
import { unknownTopics } from "../../core/topic.js";
import { corpusPaths, PROJECT_ROOT, type CorpusPaths } from "../corpus-files.js";
import { ingestFiles } from "../ingest-files.js";
import { rebuildIndexQuietly } from "../index-with-progress.js";
import { pickStories, storyCorpus } from "../questions/bbc.js";
import { DEFAULT_SEED, generateQuestions } from "../questions/generate.js";

/** Where `npm run train` writes: the shipped parameters (Node and Worker), and the fold models with their held-out report. */
export const MODEL_PATH = join(PROJECT_ROOT, "src/core/answer-model.json");
export const HELD_OUT_PATH = join(PROJECT_ROOT, "src/node/train/held-out.json");

export const SQUAD_DIR = join(PROJECT_ROOT, "../shared/eval/squad2-train");
export const SQUAD_CORPUS_DIR = join(PROJECT_ROOT, ".cache/train/squad");

export interface LabelledQuestion extends EvalQuestion {
  /** The group a question belongs to for splitting: its article for SQuAD ("s01"), the file for news sets. */
  group: string;
}

export interface CandidateRow {
  features: SentenceFeatures;
  /** 1 when the sentence contains a gold answer string (case-insensitive). */
  label: 0 | 1;
  /** Whether the answer path's on-topic checks pass. */
  onTopic: boolean;
  text: string;
}

export interface QuestionRows {
  q: LabelledQuestion;
  answerable: boolean;
  /** The expanded question the features were computed for (pronouns resolved). */
  question: string;
  candidates: CandidateRow[];
  /** Names the corpus never mentions: the answer path abstains on these whatever the model says. */
  unknown: string[];
}

export function squadQuestions(): LabelledQuestion[] {
  const rows = readFileSync(join(SQUAD_DIR, "qa.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalQuestion & { article: string });
  return rows.map((r) => ({ ...r, group: r.article }));
}

export function questionFile(file: string, group: string): LabelledQuestion[] {
  return parseQuestions(readFileSync(file, "utf8")).map((q) => ({ ...q, group }));
}

/**
 * The SQuAD articles as a corpus of their own. The index is rebuilt every time
 * (from the embedding cache, so only the first run embeds), so it always
 * matches the current tokenizer and chunker; an unchanged rebuild writes nothing.
 */
export async function squadCorpus(log: (line: string) => void): Promise<CorpusPaths> {
  const paths = corpusPaths(SQUAD_CORPUS_DIR);
  const outcome = await ingestFiles(paths, [join(SQUAD_DIR, "articles")]);
  if (outcome.refusals.length) throw new Error(`squad2-train articles refused: ${outcome.refusals.join("; ")}`);
  await rebuildIndexQuietly(paths, log);
  return paths;
}

/** The BBC stories `npm run questions:bbc` samples by default are held out for evaluation; training takes the next ones. */
export const BBC_HELD_OUT_STORIES = 40;
export const BBC_TRAINING_STORIES = 300;
export const BBC_TRAINING_CORPUS_DIR = join(PROJECT_ROOT, ".cache/train/bbc");

/**
 * Generated news questions (src/node/questions) on BBC stories 41–340 of the
 * generator's deterministic order, with their own corpus; grouped by story.
 * The stories stay in ../shared and the questions in .cache: nothing of the
 * BBC's is written into the repository.
 */
export async function bbcTrainingSet(log: (line: string) => void): Promise<{ paths: CorpusPaths; questions: LabelledQuestion[] }> {
  const stories = (await pickStories(BBC_HELD_OUT_STORIES + BBC_TRAINING_STORIES)).slice(BBC_HELD_OUT_STORIES);
  const paths = await storyCorpus(BBC_TRAINING_CORPUS_DIR, stories, DEFAULT_SEED, log);
  const questions = generateQuestions(stories).map((q) => ({ ...q, group: `bbc:${q.story}` }));
  return { paths, questions };
}

const contains = (text: string, answers: string[]) => answers.some((a) => text.toLowerCase().includes(a.toLowerCase()));

function documentOrder(a: ScoredSentence, b: ScoredSentence): number {
  return a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : a.sentence.start - b.sentence.start;
}

/**
 * Four decimals: the last bits of a cosine depend on how texts were batched
 * through the model, and must not change the fitted parameters.
 */
function roundFeatures(f: SentenceFeatures): SentenceFeatures {
  const out = { ...f };
  for (const [k, v] of Object.entries(out)) if (typeof v === "number") (out as Record<string, number | null>)[k] = Math.round(v * 1e4) / 1e4;
  return out;
}

/** Every candidate of every question, in the answer path's own order. */
export async function collectRows(engine: Engine, questions: LabelledQuestion[], onProgress?: (done: number) => void): Promise<QuestionRows[]> {
  const out: QuestionRows[] = [];
  for (const q of questions) {
    const { expanded, ranked } = await engine.rank({ question: q.question, history: q.history });
    out.push({
      q,
      answerable: q.answers.length > 0,
      question: expanded.question,
      unknown: unknownTopics(engine.index, expanded.question),
      // In document order, not the ranker's: what is learned must not depend on the model it replaces.
      candidates: [...ranked].sort(documentOrder).map((s) => ({
        features: roundFeatures(s.features),
        label: q.answers.length > 0 && contains(s.text, q.answers) ? 1 : 0,
        onTopic: s.onTopic,
        text: s.text,
      })),
    });
    onProgress?.(out.length);
  }
  return out;
}
