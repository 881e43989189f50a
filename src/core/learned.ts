/**
 * The fitted answer model as the answer path uses it: one model per query
 * embedder (their cosines differ in scale), loaded from answer-model.json,
 * which `npm run train` writes. Bundled into the Worker as plain JSON.
 */
import fitted from "./answer-model.json";
import { checkModel, rankScores, type AnswerModel } from "./model.js";
import type { SentenceRanker } from "./rank.js";

const MODELS = (fitted as unknown as { models: Record<string, AnswerModel> }).models;

/** The default query embedder's model, for embedders trained on nothing of their own (transformers:<id>). */
const FALLBACK = "use-lite";

/** The model fitted for this query embedder ("none" when answering lexically). */
export function answerModelFor(embedder: string): AnswerModel {
  // Lexical answering has its own model or none: the fallback's cosine inputs would always read 0.
  const model = MODELS[embedder] ?? (embedder === "none" ? undefined : MODELS[FALLBACK]);
  if (!model) throw new Error(`answer-model.json has no model for ${embedder}; run \`npm run train\``);
  return checkModel(model);
}

export function learnedRanker(model: AnswerModel): SentenceRanker {
  return {
    name: `learned:${model.embedder}`,
    logOdds: true,
    rank: (question, candidates) => rankScores(model, question, candidates.map((c) => c.features)),
  };
}
