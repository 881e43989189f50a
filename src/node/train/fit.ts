/**
 * Deterministic fitting of the two linear models (see core/model.ts):
 * Newton's method with an L2 penalty, fixed iteration order and no
 * randomness, so the same data gives the same parameters byte for byte.
 *   - conditional logit (softmax over one question's candidates; the target
 *     spreads evenly over its correct sentences) for ranking;
 *   - binary logistic regression for abstention.
 */
import type { LinearModel } from "../../core/model.js";

export interface Group {
  /** One row of inputs per candidate. */
  x: number[][];
  /** 1 for candidates that answer. */
  y: number[];
}

/** Column means and standard deviations (1 where a column is constant). */
export function standardizer(rows: number[][]): { mean: number[]; scale: number[] } {
  const d = rows[0]?.length ?? 0;
  const mean = new Array(d).fill(0);
  const sq = new Array(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j];
  for (let j = 0; j < d; j++) mean[j] /= Math.max(1, rows.length);
  for (const r of rows) for (let j = 0; j < d; j++) sq[j] += (r[j] - mean[j]) ** 2;
  const scale = sq.map((s) => {
    const sd = Math.sqrt(s / Math.max(1, rows.length));
    return sd > 1e-9 ? sd : 1;
  });
  return { mean, scale };
}

/** Solves A x = b for a symmetric positive definite A (Cholesky). */
export function solveSpd(a: number[][], b: number[]): number[] {
  const n = b.length;
  const l = a.map(() => new Array(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j][j];
    }
  const y = new Array(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * y[k];
    y[i] = s / l[i][i];
  }
  const x = new Array(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
  return x;
}

const ITERATIONS = 50;

/** Newton's full step can overshoot far from the optimum: halve it until the objective improves. */
function lineSearch(w: number[], step: number[], objective: (w: number[]) => number): number[] {
  const current = objective(w);
  for (let t = 1; t > 1e-4; t /= 2) {
    const next = w.map((v, j) => v + t * step[j]);
    if (objective(next) >= current) return next;
  }
  return w;
}

function logLikelihood(rows: number[][], y: number[], w: number[], lambda: number): number {
  let ll = -0.5 * lambda * w.slice(1).reduce((a, v) => a + v * v, 0);
  for (let n = 0; n < rows.length; n++) {
    const z = rows[n].reduce((acc, v, j) => acc + v * w[j], 0);
    // log σ(z) and log(1 − σ(z)), stable for large |z|.
    ll += y[n] ? -Math.log1p(Math.exp(-z)) : -Math.log1p(Math.exp(z));
  }
  return ll;
}

function standardize(x: number[], mean: number[], scale: number[]): number[] {
  return x.map((v, j) => (v - mean[j]) / scale[j]);
}

/**
 * Conditional logit: maximises Σ_q Σ_i t_qi log softmax(w·x_q)_i − λ/2 |w|²,
 * t spread evenly over the question's correct candidates. Questions without
 * a correct candidate say nothing about ranking and are skipped.
 */
export function fitConditionalLogit(groups: Group[], features: string[], lambda: number): LinearModel {
  const useful = groups.filter((g) => g.y.some((v) => v > 0) && g.y.length > 1);
  const { mean, scale } = standardizer(useful.flatMap((g) => g.x));
  const d = features.length;
  // Each question's candidates as one flat row-major block: the loops below run ~10⁸ times per fit.
  const data = useful.map((g) => {
    const x = new Float64Array(g.x.length * d);
    g.x.forEach((r, i) => r.forEach((v, j) => (x[i * d + j] = (v - mean[j]) / scale[j])));
    const total = g.y.reduce((a, b) => a + b, 0);
    return { x, n: g.x.length, t: g.y.map((v) => v / total) };
  });
  let w = new Array(d).fill(0);
  const objective = (v: number[]) => {
    let ll = -0.5 * lambda * v.reduce((a, x) => a + x * x, 0);
    for (const { x, n, t } of data) {
      const s = scoresOf(x, n, d, v);
      const m = Math.max(...s);
      const logZ = m + Math.log(s.reduce((a, q) => a + Math.exp(q - m), 0));
      for (let i = 0; i < n; i++) if (t[i] > 0) ll += t[i] * (s[i] - logZ);
    }
    return ll;
  };
  for (let iter = 0; iter < ITERATIONS; iter++) {
    const grad = w.map((wj) => -lambda * wj);
    const hess = new Float64Array(d * d);
    for (let j = 0; j < d; j++) hess[j * d + j] = lambda;
    const mu = new Float64Array(d);
    for (const { x, n, t } of data) {
      const s = scoresOf(x, n, d, w);
      const m = Math.max(...s);
      let z = 0;
      for (let i = 0; i < n; i++) z += (s[i] = Math.exp(s[i] - m));
      mu.fill(0);
      for (let i = 0; i < n; i++) {
        const p = s[i] / z;
        s[i] = p;
        for (let j = 0; j < d; j++) mu[j] += p * x[i * d + j];
      }
      for (let i = 0; i < n; i++) {
        const p = s[i];
        const o = i * d;
        for (let j = 0; j < d; j++) grad[j] += (t[i] - p) * x[o + j];
        if (p < 1e-12) continue;
        for (let j = 0; j < d; j++) {
          const a = p * (x[o + j] - mu[j]);
          const row = j * d;
          for (let k = 0; k <= j; k++) hess[row + k] += a * (x[o + k] - mu[k]);
        }
      }
    }
    const h = Array.from({ length: d }, (_, j) => Array.from({ length: d }, (_, k) => (k <= j ? hess[j * d + k] : hess[k * d + j])));
    const step = solveSpd(h, grad);
    const next = lineSearch(w, step, objective);
    const moved = Math.max(...next.map((v, j) => Math.abs(v - w[j])));
    w = next;
    if (moved < 1e-7) break;
  }
  return { features, mean, scale, weights: w, bias: 0 };
}

function scoresOf(x: Float64Array, n: number, d: number, w: number[]): number[] {
  const s = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < d; j++) v += x[i * d + j] * w[j];
    s[i] = v;
  }
  return s;
}

/** Binary logistic regression (the intercept is not penalised). */
export function fitLogistic(x: number[][], y: number[], features: string[], lambda: number): LinearModel {
  const { mean, scale } = standardizer(x);
  const rows = x.map((r) => [1, ...standardize(r, mean, scale)]);
  const d = features.length + 1;
  let w = new Array(d).fill(0);
  for (let iter = 0; iter < ITERATIONS; iter++) {
    const grad = w.map((wj, j) => (j === 0 ? 0 : -lambda * wj));
    const hess = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j && i > 0 ? lambda : i === j ? 1e-9 : 0)));
    for (let n = 0; n < rows.length; n++) {
      const r = rows[n];
      const p = 1 / (1 + Math.exp(-r.reduce((acc, v, j) => acc + v * w[j], 0)));
      const h = p * (1 - p);
      for (let j = 0; j < d; j++) {
        grad[j] += (y[n] - p) * r[j];
        for (let k = 0; k <= j; k++) hess[j][k] += h * r[j] * r[k];
      }
    }
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) hess[k][j] = hess[j][k];
    const step = solveSpd(hess, grad);
    const next = lineSearch(w, step, (v) => logLikelihood(rows, y, v, lambda));
    const moved = Math.max(...next.map((v, j) => Math.abs(v - w[j])));
    w = next;
    if (moved < 1e-7) break;
  }
  return { features, mean, scale, weights: w.slice(1), bias: w[0] };
}

/** Parameters written with five significant digits: reproducible text, no false precision. */
export function roundModel<T extends LinearModel>(model: T): T {
  const r = (v: number) => Number(v.toPrecision(5));
  return { ...model, mean: model.mean.map(r), scale: model.scale.map(r), weights: model.weights.map(r), bias: r(model.bias) };
}
