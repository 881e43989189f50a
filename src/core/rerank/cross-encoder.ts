/**
 * A transformers.js cross-encoder (e.g. Xenova/ms-marco-MiniLM-L-6-v2) as a
 * sentence ranker, chosen by VERBATIM_RERANKER=transformers:<model id> on a
 * machine that can reach the model. It reads question and sentence together,
 * which no bag-of-signals can; the learned ranker's probabilities stay in the
 * mix so answer types and conversation context still count.
 */
import type { SentenceRanker } from "../rank.js";

export const CROSS_ENCODER_PREFIX = "transformers:";

export interface CrossEncoderOptions {
  localModelDir?: string;
  /** The ranker whose scores are mixed in (the learned one); without it, the cross-encoder alone. */
  base?: SentenceRanker;
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
      const base = options.base ? await options.base.rank(question, candidates) : null;
      // The base ranker's log-odds as probabilities relative to its best candidate, on the cross-encoder's 0–1 scale.
      const top = base ? Math.max(...base) : 0;
      return candidates.map((_, i) => {
        const relevance = 1 / (1 + Math.exp(-data[i * perRow]));
        return base ? weight * relevance + (1 - weight) * Math.exp(base[i] - top) : relevance;
      });
    },
  };
}

/** "learned" (default) or "transformers:<model id>"; rejects with a readable reason when the model cannot load. */
export async function loadRanker(name: string | undefined, localModelDir?: string, base?: SentenceRanker): Promise<SentenceRanker | null> {
  if (!name || name === "features" || name === "learned") return null;
  if (name.startsWith(CROSS_ENCODER_PREFIX)) return loadCrossEncoder(name.slice(CROSS_ENCODER_PREFIX.length), { localModelDir, base });
  throw new Error(`unknown reranker "${name}"; expected "learned" or "${CROSS_ENCODER_PREFIX}<model id>"`);
}
