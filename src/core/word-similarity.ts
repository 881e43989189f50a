/**
 * How alike two words are in meaning, for aligning a question's words with a
 * sentence's ("killed"/"died", "Italian"/"Italy", "won"/"victory") where
 * exact terms miss. The vectors are the rows of the static USE-lite token
 * table the edge already ships (src/edge/use-lite-static.bin): a word's
 * vector is the sum of its word pieces' rows, without the bias every text
 * shares, so unrelated words sit near 0. Runtime-agnostic: Node reads the
 * table from disk, the Worker from its bundle.
 */
import { BIAS_ROW, type StaticTable } from "../edge/static-table.js";
import { UnigramTokenizer } from "../edge/tokenizer.js";

export interface WordSimilarity {
  /** Cosine of the two words' vectors, in [-1, 1]; 1 for the same word. */
  similarity(a: string, b: string): number;
  /**
   * The capitalised spelling of a word the model's cased vocabulary holds only
   * capitalised ("australia" → "Australia"; "capital" → null): a name.
   */
  nameForm(word: string): string | null;
}

/** SentencePiece marks the start of a word with U+2581. */
const WORD_START = "\u2581";

/** Word vectors remembered at once (2 KB each): a question touches a few hundred words; a Worker has 128 MB. */
const CACHE_LIMIT = 4_000;

export function wordSimilarityFromTable(table: StaticTable): WordSimilarity {
  const tokenizer = new UnigramTokenizer(table.pieces, table.scores);
  const { dim, rows, scales } = table;
  const cache = new Map<string, Float32Array>();
  const wordPieces = new Set(table.pieces.filter((p) => p.startsWith(WORD_START)));

  function vectorOf(word: string): Float32Array {
    let v = cache.get(word);
    if (v) return v;
    const sum = new Float64Array(dim);
    for (const id of tokenizer.encode(word)) {
      if (id === BIAS_ROW) continue;
      const s = scales[id];
      const offset = id * dim;
      for (let j = 0; j < dim; j++) sum[j] += s * rows[offset + j];
    }
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += sum[j] * sum[j];
    norm = Math.sqrt(norm) || 1;
    v = new Float32Array(dim);
    for (let j = 0; j < dim; j++) v[j] = sum[j] / norm;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, v);
    return v;
  }

  return {
    similarity(a, b) {
      if (a === b) return 1;
      const x = vectorOf(a);
      const y = vectorOf(b);
      let s = 0;
      for (let j = 0; j < dim; j++) s += x[j] * y[j];
      return s;
    },
    nameForm(word) {
      if (word.length < 2 || word !== word.toLowerCase()) return null;
      const capitalised = word[0].toUpperCase() + word.slice(1);
      return wordPieces.has(WORD_START + capitalised) && !wordPieces.has(WORD_START + word) ? capitalised : null;
    },
  };
}
