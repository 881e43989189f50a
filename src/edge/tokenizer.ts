/**
 * The Universal Sentence Encoder lite tokenizer — a SentencePiece unigram
 * model decoded with Viterbi — without TensorFlow.js, so it runs in a Worker.
 *
 * A faithful port of the tokenizer in @energetic-ai/embeddings (itself from
 * @tensorflow-models/universal-sentence-encoder, Apache-2.0): the same
 * normalisation, the same tie-breaking and the same merging of unknown
 * characters, so it yields exactly the token ids USE-lite sees. Tests check
 * this against the original on the whole corpus.
 */

/** "▁" marks the start of a word, as in SentencePiece. */
export const WORD_START = "\u2581";
/** Ids 0–5 are reserved (<unk>, <s>, </s>, …) and never matched by text. */
export const RESERVED_SYMBOLS = 6;
export const UNKNOWN_ID = 0;

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Vocabulary id when a piece ends here, else -1. */
  id: number;
  /** The piece's length in code points. */
  length: number;
}

const newNode = (length: number): TrieNode => ({ children: new Map(), id: -1, length });

export function normalizeInput(text: string): string {
  const normalized = text.normalize("NFKC");
  return normalized.length > 0 ? WORD_START + normalized.replace(/ /g, WORD_START) : normalized;
}

export class UnigramTokenizer {
  private readonly root = newNode(0);

  /**
   * @param pieces the vocabulary, in id order
   * @param scores each piece's log-probability under the unigram model
   */
  constructor(
    readonly pieces: readonly string[],
    readonly scores: ArrayLike<number>,
  ) {
    for (let id = RESERVED_SYMBOLS; id < pieces.length; id++) {
      let node = this.root;
      let length = 0;
      for (const symbol of pieces[id]) {
        length++;
        let next = node.children.get(symbol);
        if (!next) node.children.set(symbol, (next = newNode(length)));
        node = next;
      }
      node.id = id;
    }
  }

  get size(): number {
    return this.pieces.length;
  }

  encode(text: string): number[] {
    const symbols = Array.from(normalizeInput(text));
    const n = symbols.length;
    // ending[e] lists [start, id] of every piece that ends at e, in increasing start order.
    const ending: [number, number][][] = Array.from({ length: n + 1 }, () => []);
    for (let start = 0; start < n; start++) {
      let node = this.root.children.get(symbols[start]);
      let matched = false;
      for (let i = start; node; ) {
        if (node.id >= 0) {
          ending[start + node.length].push([start, node.id]);
          matched = true;
        }
        i++;
        node = i < n ? node.children.get(symbols[i]) : undefined;
      }
      // An unmatched character becomes the unknown token, scored 0.
      if (!matched) ending[start + 1].push([start, UNKNOWN_ID]);
    }

    const best = new Float64Array(n + 1);
    const word = new Int32Array(n + 1);
    const from = new Int32Array(n + 1);
    for (let end = 0; end <= n; end++)
      for (const [start, id] of ending[end]) {
        const score = (id === UNKNOWN_ID ? 0 : this.scores[id]) + best[start];
        // The reference treats 0 as "unset" and lets later ties win; keep both quirks.
        if (best[end] === 0 || score >= best[end]) {
          best[end] = score;
          word[end] = id;
          from[end] = start;
        }
      }

    const ids: number[] = [];
    for (let at = n; at > 0; at = from[at]) ids.push(word[at]);
    ids.reverse();
    // Runs of unknown characters collapse into one unknown token.
    return ids.filter((id, i) => !(id === UNKNOWN_ID && i > 0 && ids[i - 1] === UNKNOWN_ID));
  }
}
