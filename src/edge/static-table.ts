/**
 * A static token-embedding table in one compact binary (Model2Vec-style):
 * every vocabulary token embedded once by the real model at build time,
 * stored as 4- or 8-bit integers with one float scale per row, plus the
 * tokenizer's vocabulary, so the runtime needs nothing else.
 *
 * Layout (little-endian), every section aligned for its typed-array view:
 *   0   "VBST"                      magic
 *   4   u32 format (2)
 *   8   u32 vocabulary size V
 *   12  u32 dimension D
 *   16  u32 byte length P of the pieces section
 *   20  u32 flags: bit 0 = row 1 (the never-tokenized "<s>") is a bias added to every text
 *   24  f32 SIF constant a for token weights a / (a + p(token)); 0 = equal weights
 *   28  u32 bits per value B: 8, or 4 (two values a byte, low nibble first)
 *   32  f64 × V   unigram log-probabilities (the tokenizer's scores)
 *   ..  f32 × V   row scales: value = int8 × scale
 *   ..  V·D·B/8 bytes   rows, two's complement
 *   ..  P bytes   the pieces, UTF-8, separated by U+0000
 */

const MAGIC = 0x54534256; // "VBST" read as a little-endian u32
export const TABLE_FORMAT = 2;
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
  /** Row i is rows[i·dim … (i+1)·dim), unpacked. */
  rows: Int8Array;
  /** Bits per stored value: 8 or 4. */
  bits: TableBits;
  /** Whether row BIAS_ROW is added to every text's vector. */
  bias: boolean;
  /** SIF constant for token weights; 0 weighs every token equally. */
  sifA: number;
}

export type TableBits = 4 | 8;

/**
 * Quantize float rows (V × D, row-major) to signed integers of `bits` bits
 * with a per-row scale. The scale is the one, among a few clipping levels,
 * with the least squared error: at 4 bits, stretching the 16 levels over a
 * row's rare extreme value would waste them on the values near zero.
 */
export function quantizeRows(values: Float32Array, dim: number, bits: TableBits = 8): { rows: Int8Array; scales: Float32Array; bits: TableBits } {
  const count = values.length / dim;
  const top = 2 ** (bits - 1) - 1;
  const rows = new Int8Array(values.length);
  const scales = new Float32Array(count);
  const level = (value: number, scale: number) => Math.max(-top - 1, Math.min(top, Math.round(value / scale)));
  for (let r = 0; r < count; r++) {
    const row = values.subarray(r * dim, (r + 1) * dim);
    let max = 0;
    for (const v of row) max = Math.max(max, Math.abs(v));
    let scale = max > 0 ? max / top : 1;
    let least = Infinity;
    for (let clip = 10; clip >= 3 && max > 0; clip--) {
      const candidate = (max * clip) / 10 / top;
      let error = 0;
      for (const v of row) error += (level(v, candidate) * candidate - v) ** 2;
      if (error < least) [least, scale] = [error, candidate];
    }
    scales[r] = scale;
    row.forEach((v, j) => (rows[r * dim + j] = level(v, scale)));
  }
  return { rows, scales, bits };
}

function packRows(rows: Int8Array, bits: TableBits): Uint8Array {
  if (bits === 8) return new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength);
  const packed = new Uint8Array(Math.ceil(rows.length / 2));
  for (let i = 0; i < rows.length; i++) packed[i >> 1] |= (rows[i] & 15) << ((i & 1) * 4);
  return packed;
}

function unpackRows(bytes: Uint8Array, count: number, bits: TableBits): Int8Array {
  if (bits === 8) return new Int8Array(bytes.buffer, bytes.byteOffset, count);
  const rows = new Int8Array(count);
  // Shifting the nibble to the top of a 32-bit int and back sign-extends it.
  for (let i = 0; i < count; i++) rows[i] = ((bytes[i >> 1] >> ((i & 1) * 4)) << 28) >> 28;
  return rows;
}

export function encodeTable(table: StaticTable): Uint8Array {
  const v = table.pieces.length;
  const d = table.dim;
  if (table.scores.length !== v || table.scales.length !== v || table.rows.length !== v * d)
    throw new Error("static table sections disagree on the vocabulary size");
  if (table.pieces.some((p) => p.includes("\u0000"))) throw new Error("a vocabulary piece contains U+0000");
  const pieces = new TextEncoder().encode(table.pieces.join("\u0000"));
  const rows = packRows(table.rows, table.bits);
  const scoresAt = HEADER_BYTES;
  const scalesAt = scoresAt + 8 * v;
  const rowsAt = scalesAt + 4 * v;
  const piecesAt = rowsAt + rows.length;
  const bytes = new Uint8Array(piecesAt + pieces.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, TABLE_FORMAT, true);
  view.setUint32(8, v, true);
  view.setUint32(12, d, true);
  view.setUint32(16, pieces.length, true);
  view.setUint32(20, table.bias ? FLAG_BIAS_ROW : 0, true);
  view.setFloat32(24, table.sifA, true);
  view.setUint32(28, table.bits, true);
  for (let i = 0; i < v; i++) view.setFloat64(scoresAt + 8 * i, table.scores[i], true);
  for (let i = 0; i < v; i++) view.setFloat32(scalesAt + 4 * i, table.scales[i], true);
  bytes.set(rows, rowsAt);
  bytes.set(pieces, piecesAt);
  return bytes;
}

/**
 * Views over the bytes where it can (8-bit rows are not copied; 4-bit rows
 * are unpacked once). Accepts a Worker's Data module (an ArrayBuffer) or a
 * Node Buffer (copied once if it is not 8-byte aligned).
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
  const bits = view.getUint32(28, true);
  if (bits !== 4 && bits !== 8) throw new Error(`static token table has ${bits}-bit values; 4 or 8 are supported`);
  const scoresAt = HEADER_BYTES;
  const scalesAt = scoresAt + 8 * v;
  const rowsAt = scalesAt + 4 * v;
  const piecesAt = rowsAt + Math.ceil((v * d * bits) / 8);
  if (piecesAt + piecesBytes !== bytes.byteLength) throw new Error("static token table is truncated or has trailing bytes");
  const base = bytes.byteOffset;
  // Little-endian typed arrays: every platform Workers and Node run on is little-endian.
  const scores = new Float64Array(bytes.buffer, base + scoresAt, v);
  const scales = new Float32Array(bytes.buffer, base + scalesAt, v);
  const rows = unpackRows(bytes.subarray(rowsAt, piecesAt), v * d, bits);
  const pieces = new TextDecoder().decode(bytes.subarray(piecesAt, piecesAt + piecesBytes)).split("\u0000");
  if (pieces.length !== v) throw new Error("static token table pieces disagree with its vocabulary size");
  return { pieces, scores, dim: d, scales, rows, bits, bias: (flags & FLAG_BIAS_ROW) !== 0, sifA };
}
