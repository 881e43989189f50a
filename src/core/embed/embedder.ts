/** Anything that turns texts into unit-length vectors of a fixed dimension. */
export interface Embedder {
  /** The name recorded in the index, e.g. "use-lite" or "transformers:Xenova/bge-small-en-v1.5". */
  readonly name: string;
  readonly dim: number;
  /**
   * The embedder whose vector space this one approximates, when it is not that
   * model itself (e.g. "use-lite" for the static table "use-lite-static"): an
   * index built by that embedder accepts this one's query vectors.
   */
  readonly compatibleWith?: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export function normalize(vector: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(vector);
  let norm = 0;
  for (let i = 0; i < out.length; i++) norm += out[i] * out[i];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}

/** Cosine of two unit vectors. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Embed in fixed-size batches so memory stays flat and progress can be reported. */
export async function embedInBatches(
  embedder: Embedder,
  texts: string[],
  batchSize = 16,
  onBatch?: (done: number, total: number) => void,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += batchSize) {
    out.push(...(await embedder.embed(texts.slice(i, i + batchSize))));
    onBatch?.(Math.min(i + batchSize, texts.length), texts.length);
  }
  return out;
}
