/**
 * Choose an embedder by name (VERBATIM_EMBEDDER): "use-lite" (default),
 * "transformers:<model id>", or "none" for lexical-only retrieval.
 */
import type { Embedder } from "./embedder.js";
import { USE_LITE, loadUseLite } from "./use-lite.js";
import { TRANSFORMERS_PREFIX, loadTransformers } from "./transformers.js";

export type { Embedder } from "./embedder.js";
export { dot, normalize, embedInBatches } from "./embedder.js";

export const DEFAULT_EMBEDDER = USE_LITE;
export const NO_EMBEDDER = "none";
export const USE_LITE_STATIC = "use-lite-static";

export interface EmbedderConfig {
  /** "use-lite" | "transformers:<id>" | "none" */
  name?: string;
  /** Local model folder for transformers.js models. */
  modelDir?: string;
}

export function embedderConfigFromEnv(env: Record<string, string | undefined> = process.env): EmbedderConfig {
  return { name: env.VERBATIM_EMBEDDER?.trim() || DEFAULT_EMBEDDER, modelDir: env.VERBATIM_MODEL_DIR?.trim() || undefined };
}

/** Resolves to null for "none"; rejects with a readable reason when a model cannot load. */
export async function loadEmbedder(config: EmbedderConfig = {}): Promise<Embedder | null> {
  const name = config.name ?? DEFAULT_EMBEDDER;
  if (name === NO_EMBEDDER) return null;
  if (name === USE_LITE) return loadUseLite();
  // The Worker's query embedder (src/edge/), here so Node can answer exactly as the edge does.
  if (name === USE_LITE_STATIC) return (await import("../../edge/static-embedder-file.js")).loadStaticEmbedderFile();
  if (name.startsWith(TRANSFORMERS_PREFIX)) {
    const id = name.slice(TRANSFORMERS_PREFIX.length);
    if (!id) throw new Error(`embedder "${name}" names no model; use transformers:<model id>`);
    return loadTransformers(id, { localModelDir: config.modelDir });
  }
  throw new Error(`unknown embedder "${name}"; expected "${USE_LITE}", "${USE_LITE_STATIC}", "${TRANSFORMERS_PREFIX}<model id>" or "${NO_EMBEDDER}"`);
}
