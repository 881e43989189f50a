/**
 * A transformers.js cross-encoder (e.g. Xenova/ms-marco-MiniLM-L-6-v2) as a
 * sentence ranker, chosen by VERBATIM_RERANKER=transformers:<model id> on a
 * machine that can reach the model. It reads question and sentence together,
 * which no bag-of-signals can; the feature score stays in the mix so answer
 * types and conversation context still count.
 */
import { featureScore, type SentenceRanker } from "../rank.js";

export const CROSS_ENCODER_PREFIX = "transformers:";

export interface CrossEncoderOptions {
  localModelDir?: string;
  /** Share of the final score that comes from the cross-encoder. */
  weight?: number;
}

export async function loadCrossEncoder(modelId: string, options: CrossEncoderOptions = {}): Promise<SentenceRanker> {
  const { AutoTokenizer, AutoModelForSequenceClassification, env } = await import("@xenova/transformers");
  if (options.localModelDir) {
    env.localModelPath = options.localModelDir;
    env.allowRemoteModels = false;
  }
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  const model = await AutoModelForSequenceClassification.from_pretrained(modelId, { quantized: true });
  const weight = options.weight ?? 0.7;
  return {
    name: `cross-encoder:${modelId}`,
    async rank(question, candidates) {
      if (candidates.length === 0) return [];
      const inputs = tokenizer(
        candidates.map(() => question),
        { text_pair: candidates.map((c) => c.text), padding: true, truncation: true },
      );
      const { logits } = await model(inputs);
      const data = logits.data as Float32Array;
      const perRow = data.length / candidates.length;
      return candidates.map((c, i) => {
        const relevance = 1 / (1 + Math.exp(-data[i * perRow]));
        return weight * relevance + (1 - weight) * featureScore(c.features);
      });
    },
  };
}

/** "features" (default) or "transformers:<model id>"; rejects with a readable reason when the model cannot load. */
export async function loadRanker(name: string | undefined, localModelDir?: string): Promise<SentenceRanker | null> {
  if (!name || name === "features") return null;
  if (name.startsWith(CROSS_ENCODER_PREFIX)) return loadCrossEncoder(name.slice(CROSS_ENCODER_PREFIX.length), { localModelDir });
  throw new Error(`unknown reranker "${name}"; expected "features" or "${CROSS_ENCODER_PREFIX}<model id>"`);
}
