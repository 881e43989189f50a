/**
 * A static token-embedding table in one compact binary (Model2Vec-style):
 * every vocabulary token embedded once by the real model at build time,
 * stored as int8 with one float scale per row, plus the tokenizer's
 * vocabulary, so the runtime needs nothing else.
 *
 * Layout (little-endian), every section aligned for its typed-array view:
 *   0   "VBST"                      magic
 *   4   u32 format (1)
 *   8   u32 vocabulary size V
 *   12  u32 dimension D
 *   16  u32 byte length P of the pieces section
 *   20  u32 flags: bit 0 = row 1 (the never-tokenized "<s>") is a bias added to every text
 *   24  f32 SIF constant a for token weights a / (a + p(token)); 0 = equal weights
 *   28  u32 reserved (0)
 *   32  f64 × V   unigram log-probabilities (the tokenizer's scores)
 *   ..  f32 × V   row scales: value = int8 × scale
 *   ..  i8  × V·D rows
 *   ..  P bytes   the pieces, UTF-8, separated by U+0000
 */

const MAGIC = 0x54534256; // "VBST" read as a little-endian u32
export const TABLE_FORMAT = 1;
const HEADER_BYTES = 32;
const FLAG_BIAS_ROW = 1;
/** Row of "<s>": reserved, so the tokenizer never emits it; it holds the bias. */
export const BIAS_ROW = 1;

export interface StaticTable {
  /** Vocabulary pieces in id order. */
  pieces: string[];
  scores: Float64Array;
  dim: number;
  scales: Float32Array;
  /** Row i is rows[i·dim … (i+1)·dim). */
  rows: Int8Array;
  /** Whether row BIAS_ROW is added to every text's vector. */
  bias: boolean;
  /** SIF constant for token weights; 0 weighs every token equally. */
  sifA: number;
}

/** Quantize float rows (V × D, row-major) to int8 with a per-row scale. */
export function quantizeRows(values: Float32Array, dim: number): { rows: Int8Array; scales: Float32Array } {
  const count = values.length / dim;
  const rows = new Int8Array(values.length);
  const scales = new Float32Array(count);
  for (let r = 0; r < count; r++) {
    let max = 0;
    for (let j = r * dim; j < (r + 1) * dim; j++) max = Math.max(max, Math.abs(values[j]));
    const scale = max > 0 ? max / 127 : 1;
    scales[r] = scale;
    for (let j = r * dim; j < (r + 1) * dim; j++) rows[j] = Math.round(values[j] / scale);
  }
  return { rows, scales };
}

export function encodeTable(table: StaticTable): Uint8Array {
  const v = table.pieces.length;
  const d = table.dim;
  if (table.scores.length !== v || table.scales.length !== v || table.rows.length !== v * d)
    throw new Error("static table sections disagree on the vocabulary size");
  if (table.pieces.some((p) => p.includes("\u0000"))) throw new Error("a vocabulary piece contains U+0000");
  const pieces = new TextEncoder().encode(table.pieces.join("\u0000"));
  const scoresAt = HEADER_BYTES;
  const scalesAt = scoresAt + 8 * v;
  const rowsAt = scalesAt + 4 * v;
  const piecesAt = rowsAt + v * d;
  const bytes = new Uint8Array(piecesAt + pieces.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, TABLE_FORMAT, true);
  view.setUint32(8, v, true);
  view.setUint32(12, d, true);
  view.setUint32(16, pieces.length, true);
  view.setUint32(20, table.bias ? FLAG_BIAS_ROW : 0, true);
  view.setFloat32(24, table.sifA, true);
  for (let i = 0; i < v; i++) view.setFloat64(scoresAt + 8 * i, table.scores[i], true);
  for (let i = 0; i < v; i++) view.setFloat32(scalesAt + 4 * i, table.scales[i], true);
  bytes.set(new Uint8Array(table.rows.buffer, table.rows.byteOffset, table.rows.byteLength), rowsAt);
  bytes.set(pieces, piecesAt);
  return bytes;
}

/**
 * Views over the bytes, no copy of the rows. Accepts a Worker's Data module
 * (an ArrayBuffer) or a Node Buffer (copied once if it is not 8-byte aligned).
 */
export function decodeTable(input: ArrayBuffer | Uint8Array): StaticTable {
  let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER_BYTES || view.getUint32(0, true) !== MAGIC) throw new Error("not a static token table (bad magic)");
  const format = view.getUint32(4, true);
  if (format !== TABLE_FORMAT) throw new Error(`static token table format ${format} is not supported (expected ${TABLE_FORMAT})`);
  const v = view.getUint32(8, true);
  const d = view.getUint32(12, true);
  const piecesBytes = view.getUint32(16, true);
  const flags = view.getUint32(20, true);
  const sifA = view.getFloat32(24, true);
  const scoresAt = HEADER_BYTES;
  const scalesAt = scoresAt + 8 * v;
  const rowsAt = scalesAt + 4 * v;
  const piecesAt = rowsAt + v * d;
  if (piecesAt + piecesBytes !== bytes.byteLength) throw new Error("static token table is truncated or has trailing bytes");
  const base = bytes.byteOffset;
  // Little-endian typed arrays: every platform Workers and Node run on is little-endian.
  const scores = new Float64Array(bytes.buffer, base + scoresAt, v);
  const scales = new Float32Array(bytes.buffer, base + scalesAt, v);
  const rows = new Int8Array(bytes.buffer, base + rowsAt, v * d);
  const pieces = new TextDecoder().decode(bytes.subarray(piecesAt, piecesAt + piecesBytes)).split("\u0000");
  if (pieces.length !== v) throw new Error("static token table pieces disagree with its vocabulary size");
  return { pieces, scores, dim: d, scales, rows, bias: (flags & FLAG_BIAS_ROW) !== 0, sifA };
}
