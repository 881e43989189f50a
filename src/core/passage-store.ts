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
import { RETRIEVAL, retrievePassages, type Candidate } from "./retrieve.js";
import type { SearchIndex } from "./store.js";

export interface PassageQuery {
  /** Text for BM25 (question words already removed); may be empty. */
  text: string;
  /** Unit-length query vector from the index's embedder, or null for lexical-only search. */
  vector: Float32Array | null;
  /** At most this many hits. */
  limit: number;
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
    async search({ text, vector, limit }) {
      if (limit < 1) return [];
      return retrievePassages(index, { text, vector }, limit).map((c) => ({
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

/**
 * Orama's hybrid ranking, for stores that run the lexical and the vector
 * search separately (FTS5 + Vectorize, say): each list is divided by its own
 * maximum, then weighted and summed — exactly what the local index does, so
 * a remote store ranks the same candidates the same way. Raw BM25 and cosine
 * are carried through; `cosineOf` supplies the cosine of lexical-only hits
 * (the contract wants a true cosine on every hit of a vector query).
 */
export function mergeHybrid(
  lexical: { passageId: string; bm25: number }[],
  vector: { passageId: string; cosine: number }[],
  limit: number,
  options: { weights?: { text: number; vector: number }; cosineOf?: (passageId: string) => number | null } = {},
): PassageHit[] {
  const weights = options.weights ?? RETRIEVAL.hybridWeights;
  const maxText = Math.max(...lexical.map((h) => h.bm25));
  const maxVector = Math.max(...vector.map((h) => h.cosine));
  const merged = new Map<string, PassageHit>();
  for (const h of lexical)
    merged.set(h.passageId, { passageId: h.passageId, score: (h.bm25 / maxText) * weights.text, bm25: h.bm25, cosine: null });
  for (const h of vector) {
    const hit = merged.get(h.passageId) ?? { passageId: h.passageId, score: 0, bm25: 0, cosine: null };
    hit.score += (h.cosine / maxVector) * weights.vector;
    hit.cosine = h.cosine;
    merged.set(h.passageId, hit);
  }
  const ranked = [...merged.values()].sort((a, b) => b.score - a.score).slice(0, Math.max(0, limit));
  for (const hit of ranked) if (hit.cosine === null) hit.cosine = options.cosineOf?.(hit.passageId) ?? null;
  return ranked;
}
