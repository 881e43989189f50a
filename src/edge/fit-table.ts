/**
 * Fitting the static token table to the real model (Tokenlearn-style).
 *
 * Each vocabulary token embedded alone by USE-lite is a poor stand-in for
 * what it contributes inside a sentence: USE-lite is contextual, and a lone
 * token's vector is dominated by a direction every token shares. So the
 * table is fitted: with q(text) = bias + Σ w̃ₜ·rowₜ (w̃ the text's normalised
 * SIF weights, exactly as the embedder computes them), find the rows and the
 * bias that bring q close to USE-lite's own vector for many training texts,
 *
 *   minimise Σₛ ‖q(textₛ) − yₛ‖² + λ Σₜ ‖rowₜ − priorₜ‖²
 *
 * where priorₜ is the token's distilled vector minus the mean of all of them
 * (the shared direction removed). Tokens the training texts never contain
 * keep their prior. This is ridge regression with one sparse design matrix
 * shared by all 512 output dimensions, solved by conjugate gradients on the
 * normal equations, all dimensions at once (~1–2 minutes on 2 cores).
 */
import { BIAS_ROW } from "./static-table.js";

export interface TextFeatures {
  ids: number[];
  /** Normalised to sum to 1. */
  weights: number[];
}

export interface FitOptions {
  /** Ridge strength pulling each row towards its distilled prior. */
  lambda: number;
  iterations: number;
  onIteration?: (iteration: number, residual: number) => void;
}

export interface FittedTable {
  /** V × D rows; row BIAS_ROW holds the bias. */
  rows: Float32Array;
}

/**
 * @param distilled V × D: each token's vector from the model alone
 * @param texts the training texts' features (as the embedder computes them)
 * @param targets N × D: the model's vectors for the same texts
 */
export function fitTokenTable(distilled: Float32Array, dim: number, texts: TextFeatures[], targets: Float32Array, options: FitOptions): FittedTable {
  const vocab = distilled.length / dim;
  const size = vocab * dim;
  const { lambda } = options;
  // The bias row is only lightly held, so it can take the targets' mean direction.
  const biasLambda = 1e-6;
  const biasAt = BIAS_ROW * dim;

  const mean = new Float64Array(dim);
  for (let t = 0; t < vocab; t++) if (t !== BIAS_ROW) for (let j = 0; j < dim; j++) mean[j] += distilled[t * dim + j] / (vocab - 1);
  const prior = new Float64Array(size);
  for (let t = 0; t < vocab; t++) if (t !== BIAS_ROW) for (let j = 0; j < dim; j++) prior[t * dim + j] = distilled[t * dim + j] - mean[j];

  const regularizer = (t: number) => (t === BIAS_ROW ? biasLambda : lambda);

  /** (XᵀX + Λ) p, where row s of X is the text's weights plus 1 for the bias. */
  function normalTimes(p: Float64Array): Float64Array {
    const out = new Float64Array(size);
    const q = new Float64Array(dim);
    for (const { ids, weights } of texts) {
      q.set(p.subarray(biasAt, biasAt + dim));
      for (let k = 0; k < ids.length; k++) {
        const o = ids[k] * dim;
        const w = weights[k];
        for (let j = 0; j < dim; j++) q[j] += w * p[o + j];
      }
      for (let k = 0; k < ids.length; k++) {
        const o = ids[k] * dim;
        const w = weights[k];
        for (let j = 0; j < dim; j++) out[o + j] += w * q[j];
      }
      for (let j = 0; j < dim; j++) out[biasAt + j] += q[j];
    }
    for (let t = 0; t < vocab; t++) {
      const r = regularizer(t);
      for (let j = t * dim; j < (t + 1) * dim; j++) out[j] += r * p[j];
    }
    return out;
  }

  // Right-hand side: Xᵀy + Λ·prior.
  const rhs = new Float64Array(size);
  texts.forEach(({ ids, weights }, s) => {
    const y = targets.subarray(s * dim, (s + 1) * dim);
    for (let k = 0; k < ids.length; k++) {
      const o = ids[k] * dim;
      for (let j = 0; j < dim; j++) rhs[o + j] += weights[k] * y[j];
    }
    for (let j = 0; j < dim; j++) rhs[biasAt + j] += y[j];
  });
  for (let t = 0; t < vocab; t++) {
    const r = regularizer(t);
    for (let j = t * dim; j < (t + 1) * dim; j++) rhs[j] += r * prior[j];
  }

  // Start from the prior with the targets' mean as bias; CG per output dimension, run side by side.
  const x = Float64Array.from(prior);
  for (let s = 0; s < texts.length; s++) for (let j = 0; j < dim; j++) x[biasAt + j] += targets[s * dim + j] / texts.length;
  const ax = normalTimes(x);
  const residual = new Float64Array(size);
  for (let i = 0; i < size; i++) residual[i] = rhs[i] - ax[i];
  const direction = Float64Array.from(residual);
  let rr = columnDots(residual, residual, dim);
  for (let iteration = 1; iteration <= options.iterations; iteration++) {
    const ad = normalTimes(direction);
    const dad = columnDots(direction, ad, dim);
    const alpha = rr.map((r, j) => (dad[j] > 0 ? r / dad[j] : 0));
    for (let i = 0; i < size; i++) {
      const j = i % dim;
      x[i] += alpha[j] * direction[i];
      residual[i] -= alpha[j] * ad[i];
    }
    const next = columnDots(residual, residual, dim);
    for (let i = 0; i < size; i++) {
      const j = i % dim;
      direction[i] = residual[i] + (rr[j] > 0 ? next[j] / rr[j] : 0) * direction[i];
    }
    rr = next;
    options.onIteration?.(iteration, Math.sqrt(rr.reduce((a, b) => a + b, 0)));
  }
  return { rows: Float32Array.from(x) };
}

function columnDots(a: Float64Array, b: Float64Array, dim: number): Float64Array {
  const out = new Float64Array(dim);
  for (let i = 0; i < a.length; i++) out[i % dim] += a[i] * b[i];
  return out;
}
