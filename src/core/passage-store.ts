/**
 * The retrieval step behind one interface, so the passage search can move out
 * of process (Orama Cloud, Cloudflare Vectorize + D1, …) while the rest of the
 * engine — sentence scoring, abstention, citations — stays as it is.
 *
 * A store answers one question: which passages best match this query text
 * and/or query vector? It returns passage ids with the signals the engine
 * needs: a query-relative hybrid score for ranking, and the raw BM25 and
 * cosine values, which abstention relies on because a relative score cannot
 * tell a good match from the least bad one. Passage ids are the index's own
 * (`<articleId>-<start>-<end>`), so any store built from the same index files
 * can be swapped in.
 *
 * The contract every implementation must meet is executable:
 * test/unit/passage-store.contract.ts.
 */
import type { Passage } from "./chunk.js";
import { retrievePassages, type Candidate } from "./retrieve.js";

/** Stores that run the lexical and the vector search separately merge them as the local index does. */
export { lexicalOnly, mergeHybrid } from "./retrieve.js";
import type { SearchIndex } from "./store.js";

export interface PassageQuery {
  /** Text for BM25 (question words already removed); may be empty. */
  text: string;
  /** Unit-length query vector from the index's embedder, or null for lexical-only search. */
  vector: Float32Array | null;
  /** At most this many hits. */
  limit: number;
  /**
   * Only passages of these articles, the best of them (not a global top-k
   * filtered afterwards); every article's when absent.
   */
  articleIds?: readonly string[];
}

export interface PassageHit {
  passageId: string;
  /** Ranking score in [0, 1], relative to this query (the best hit is near 1). */
  score: number;
  /** Raw BM25 of the passage for the query text; 0 when the text does not match. */
  bm25: number;
  /** Cosine between the query vector and the passage vector; null for lexical-only queries. */
  cosine: number | null;
}

export interface PassageStore {
  /** Implementation name, for logs and /api/health. */
  readonly name: string;
  /** Vector dimension the store accepts; 0 for a lexical-only store. */
  readonly dim: number;
  /** Hits in descending score order, no passage twice, at most `limit`. */
  search(query: PassageQuery): Promise<PassageHit[]>;
  /** Releases connections or handles, if the store holds any. */
  close?(): Promise<void>;
}

/** The in-process Orama index (the default, and the reference for the contract). */
export function localPassageStore(index: SearchIndex): PassageStore {
  return {
    name: "orama-local",
    dim: index.manifest.dim,
    async search({ text, vector, limit, articleIds }) {
      if (limit < 1) return [];
      return retrievePassages(index, { text, vector, articleIds }, limit).map((c) => ({
        passageId: c.passage.id,
        score: c.score,
        bm25: c.bm25,
        cosine: c.cosine,
      }));
    },
  };
}

/**
 * Store hits → the engine's candidates. Hits for passages the loaded index
 * does not know (a remote store ahead of or behind the local files) are
 * dropped rather than trusted, so every citation still points into a loaded article.
 */
export function toCandidates(index: SearchIndex, hits: PassageHit[]): Candidate[] {
  const out: Candidate[] = [];
  for (const hit of hits) {
    const passage: Passage | undefined = index.passageById.get(hit.passageId);
    if (passage) out.push({ passage, score: hit.score, bm25: hit.bm25, cosine: hit.cosine });
  }
  return out;
}
