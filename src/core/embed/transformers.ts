/**
 * Any Hugging Face feature-extraction model through transformers.js: from the
 * hub on a connected machine, or from a local folder (VERBATIM_MODEL_DIR) with
 * remote loading switched off, so a missing model fails fast instead of hanging.
 */
import type { Embedder } from "./embedder.js";
import { normalize } from "./embedder.js";

export const TRANSFORMERS_PREFIX = "transformers:";

export interface TransformersOptions {
  /** Folder holding `<model id>/` with config, tokenizer and onnx/ files. */
  localModelDir?: string;
  quantized?: boolean;
}

export async function loadTransformers(modelId: string, options: TransformersOptions = {}): Promise<Embedder> {
  const { pipeline, env } = await import("@xenova/transformers");
  if (options.localModelDir) {
    env.localModelPath = options.localModelDir;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
  }
  const extractor = await pipeline("feature-extraction", modelId, { quantized: options.quantized ?? true });
  const probe = await extractor(["dimension probe"], { pooling: "mean", normalize: true });
  const dim = probe.dims[probe.dims.length - 1];
  return {
    name: TRANSFORMERS_PREFIX + modelId,
    dim,
    async embed(texts) {
      if (texts.length === 0) return [];
      const output = await extractor(texts, { pooling: "mean", normalize: true });
      const data = output.data as Float32Array;
      return texts.map((_, i) => normalize(data.subarray(i * dim, (i + 1) * dim)));
    },
  };
}
