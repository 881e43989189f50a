/**
 * A query embedder small enough for a Worker: the USE-lite tokenizer plus a
 * static table of token vectors in USE-lite's vector space (static-table.ts).
 * A text's vector is a bias plus the weighted mean of its tokens' rows,
 * normalised — a lookup and an average, no model — so it can be compared
 * with the vectors of an index built by the real USE-lite.
 */
import { normalize, type Embedder } from "../core/embed/embedder.js";
import type { TextFeatures } from "./fit-table.js";
import { BIAS_ROW, decodeTable, type StaticTable } from "./static-table.js";
import { UNKNOWN_ID, UnigramTokenizer } from "./tokenizer.js";

export const USE_LITE_STATIC = "use-lite-static";
/** The model whose vector space the table lives in, as recorded in an index manifest. */
export const USE_LITE = "use-lite";

export interface StaticEmbedder extends Embedder {
  /** The embedder that built the vector space this one approximates. */
  readonly compatibleWith: string;
  readonly tokenizer: UnigramTokenizer;
}

/**
 * Smooth inverse frequency (Arora et al. 2017): a / (a + p(token)), with p
 * from the tokenizer's own unigram model; a = 0 weighs all tokens equally.
 * Reserved and unknown tokens weigh nothing.
 */
export function tokenWeights(scores: ArrayLike<number>, a: number): Float32Array {
  const weights = new Float32Array(scores.length);
  for (let i = 0; i < scores.length; i++) weights[i] = a > 0 ? a / (a + Math.exp(scores[i])) : 1;
  weights[UNKNOWN_ID] = 0;
  weights[BIAS_ROW] = 0;
  return weights;
}

/** The tokens a text's vector averages, with their weights normalised to sum to 1. */
export function textFeatures(tokenizer: UnigramTokenizer, weights: ArrayLike<number>, text: string): TextFeatures {
  const ids = tokenizer.encode(text).filter((id) => weights[id] > 0);
  let total = 0;
  for (const id of ids) total += weights[id];
  return { ids, weights: ids.map((id) => weights[id] / total) };
}

export function createStaticEmbedder(source: StaticTable | ArrayBuffer | Uint8Array, options: { name?: string } = {}): StaticEmbedder {
  const table = source instanceof ArrayBuffer || source instanceof Uint8Array ? decodeTable(source) : source;
  const { dim, rows, scales } = table;
  const tokenizer = new UnigramTokenizer(table.pieces, table.scores);
  const weights = tokenWeights(table.scores, table.sifA);

  function addRow(sum: Float64Array, id: number, weight: number) {
    const w = weight * scales[id];
    const offset = id * dim;
    for (let j = 0; j < dim; j++) sum[j] += w * rows[offset + j];
  }

  function embedOne(text: string): Float32Array {
    const features = textFeatures(tokenizer, weights, text);
    // Nothing known to go on: a zero vector, cosine 0 with everything.
    if (features.ids.length === 0) return new Float32Array(dim);
    const sum = new Float64Array(dim);
    features.ids.forEach((id, k) => addRow(sum, id, features.weights[k]));
    if (table.bias) addRow(sum, BIAS_ROW, 1);
    return normalize(sum);
  }

  return {
    name: options.name ?? USE_LITE_STATIC,
    dim,
    compatibleWith: USE_LITE,
    tokenizer,
    async embed(texts) {
      return texts.map(embedOne);
    },
  };
}
