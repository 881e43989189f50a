/**
 * Hybrid passage retrieval in Orama: BM25 (English stemming) and cosine
 * similarity, each divided by its query's maximum and weighted equally —
 * the combination measured best on this corpus. The raw BM25 and cosine
 * values are kept beside the hybrid score, because the hybrid score is
 * relative to the query and cannot tell a good match from the least bad one.
 */
import { search } from "@orama/orama";
import { dot } from "./embed/embedder.js";
import type { Passage } from "./chunk.js";
import { sentenceKey, type SearchIndex } from "./store.js";
import { terms } from "./text.js";
import type { PassageHit } from "./passage-store.js";

export interface RetrievalQuery {
  /** Text for BM25 (question words already removed). */
  text: string;
  /** Unit query vector, or null for lexical-only retrieval. */
  vector: Float32Array | null;
  /** Only these articles' passages; every article's when absent. */
  articleIds?: readonly string[];
}

export interface Candidate {
  passage: Passage;
  /** Orama's hybrid (or, lexical-only, max-normalised BM25) score in [0, 1]. */
  score: number;
  bm25: number;
  cosine: number | null;
  /** Why a passage the search did not return is in the pool. */
  joined?: "named outlet" | "closest sentence";
}

export const RETRIEVAL = {
  /** Equal weights: the measured best for BM25 + USE-lite on this corpus. */
  hybridWeights: { text: 0.5, vector: 0.5 },
  /**
   * Orama drops vector hits below this cosine (its default, 0.8, drops nearly
   * all of them). Sentence-encoder cosines of related text sit around 0.2–0.7.
   */
  similarity: 0.1,
  /** Headlines help pick the article but say little about the passage. */
  titleBoost: 0.5,
} as const;

export function vectorUsable(index: SearchIndex, vector: Float32Array | null): vector is Float32Array {
  return vector !== null && index.manifest.dim > 0 && vector.length === index.manifest.dim;
}

/** Cosine of the query vector with a passage's vector; null when the vector does not fit the index. */
export function passageCosine(index: SearchIndex, vector: Float32Array | null, passageId: string): number | null {
  return vectorUsable(index, vector) ? dot(vector, index.passageVectors[index.passageRow.get(passageId)!]) : null;
}

const PROPERTIES = ["text", "title"];
const BOOST = { title: RETRIEVAL.titleBoost };

export function retrievePassages(index: SearchIndex, query: RetrievalQuery, limit: number): Candidate[] {
  if (query.articleIds) return retrieveFromArticles(index, query, query.articleIds, limit);
  const term = query.text.trim();
  const bm25 = new Map<string, number>();
  if (term) {
    const lexical = search(index.db, { term, properties: PROPERTIES, boost: BOOST, limit: Math.max(limit * 4, 50), threshold: 1 } as never) as any;
    for (const hit of lexical.hits) bm25.set(hit.id, hit.score);
  }

  const vector = vectorUsable(index, query.vector) ? query.vector : null;
  let ranked: { id: string; score: number }[];
  if (vector) {
    const hybrid = search(index.db, {
      mode: "hybrid",
      term,
      properties: PROPERTIES,
      boost: BOOST,
      vector: { value: vector, property: "embedding" },
      similarity: RETRIEVAL.similarity,
      hybridWeights: RETRIEVAL.hybridWeights,
      threshold: 1,
      limit,
    } as never) as any;
    ranked = hybrid.hits.map((h: any) => ({ id: h.id, score: h.score }));
  } else {
    ranked = lexicalOnly([...bm25].map(([passageId, score]) => ({ passageId, bm25: score })), limit).map((h) => ({ id: h.passageId, score: h.score }));
  }

  return ranked.map(({ id, score }) => {
    const passage = index.passageById.get(id)!;
    return {
      passage,
      score,
      bm25: bm25.get(id) ?? 0,
      cosine: passageCosine(index, vector, id),
    };
  });
}

/**
 * Retrieval within chosen articles. The Orama schema has no article field to
 * filter on, and filtering a global top-k would leave the pool of a scoped
 * question nearly empty (its articles' passages rank anywhere), so every
 * passage of the scope is scored: BM25 from Orama over all matches, cosine
 * directly. The two are merged as Orama's hybrid search merges them, each
 * divided by the scope's own maximum, so the pool fills from the scope alone.
 */
function retrieveFromArticles(index: SearchIndex, query: RetrievalQuery, articleIds: readonly string[], limit: number): Candidate[] {
  const inScope = new Set(articleIds.flatMap((id) => (index.passagesByArticle.get(id) ?? []).map((p) => p.id)));
  const term = query.text.trim();
  const lexical: { passageId: string; bm25: number }[] = [];
  if (term && inScope.size) {
    const all = search(index.db, { term, properties: PROPERTIES, boost: BOOST, limit: index.passages.length, threshold: 1 } as never) as any;
    for (const hit of all.hits) if (inScope.has(hit.id)) lexical.push({ passageId: hit.id, bm25: hit.score });
  }
  const vector = vectorUsable(index, query.vector) ? query.vector : null;
  let hits: PassageHit[];
  if (vector) {
    const near = [...inScope]
      .map((passageId) => ({ passageId, cosine: passageCosine(index, vector, passageId)! }))
      .filter((h) => h.cosine >= RETRIEVAL.similarity);
    hits = mergeHybrid(lexical, near, limit, { cosineOf: (id) => passageCosine(index, vector, id) });
  } else hits = lexicalOnly(lexical, limit);
  return hits.map((h) => ({ passage: index.passageById.get(h.passageId)!, score: h.score, bm25: h.bm25, cosine: h.cosine }));
}

const outletCache = new WeakMap<SearchIndex, Map<string, { terms: string[]; passages: Passage[] }>>();

/** Passages grouped by the outlet that published their article. */
function passagesByOutlet(index: SearchIndex): Map<string, { terms: string[]; passages: Passage[] }> {
  let outlets = outletCache.get(index);
  if (!outlets) {
    outlets = new Map();
    for (const passage of index.passages) {
      const source = index.articleById.get(passage.articleId)!.source;
      if (!source) continue;
      let outlet = outlets.get(source);
      if (!outlet) outlets.set(source, (outlet = { terms: terms(source), passages: [] }));
      outlet.passages.push(passage);
    }
    outletCache.set(index, outlets);
  }
  return outlets;
}

/**
 * Passages that join the pool for a reason other than their own score, scored
 * as the weakest retrieved passage, so they compete on their sentences alone.
 */
function joinPool(
  index: SearchIndex,
  candidates: Candidate[],
  passages: Passage[],
  vector: Float32Array | null,
  joined: NonNullable<Candidate["joined"]>,
): Candidate[] {
  const have = new Set(candidates.map((c) => c.passage.id));
  const floor = Math.min(1, ...candidates.map((c) => c.score));
  const added = passages
    .filter((p) => !have.has(p.id))
    .map((passage) => ({ passage, score: floor, bm25: 0, cosine: passageCosine(index, vector, passage.id), joined }));
  return added.length ? [...candidates, ...added] : candidates;
}

/**
 * "…according to the Washington Examiner article": a question that names an
 * outlet is about that outlet's articles, but the outlet's name is metadata,
 * not passage text, so a large corpus buries those passages under any that
 * share the rest of the question's words. When the named outlets' passages
 * fit in the candidate pool, all of them join it.
 */
export function withNamedOutlets(
  index: SearchIndex,
  candidates: Candidate[],
  questionTerms: string[],
  vector: Float32Array | null,
  limit: number,
  articleIds?: readonly string[],
): Candidate[] {
  const asked = new Set(questionTerms);
  const named = [...passagesByOutlet(index).values()].filter((o) => o.terms.length > 0 && o.terms.every((t) => asked.has(t)));
  const scope = articleIds ? new Set(articleIds) : null;
  const passages = named.flatMap((o) => o.passages).filter((p) => !scope || scope.has(p.articleId));
  return passages.length && passages.length <= limit ? joinPool(index, candidates, passages, vector, "named outlet") : candidates;
}

/**
 * Passages hold three sentences, and their vector is the three together: a
 * sentence that says what the question asks in other words can sit in a
 * passage that neither BM25 nor the passage vector ranks high enough. So
 * within the articles retrieval found, the `count` sentences closest to the
 * question in meaning bring their passage into the pool when no retrieved
 * passage holds them yet.
 */
export function withClosestSentences(index: SearchIndex, candidates: Candidate[], vector: Float32Array | null, count: number): Candidate[] {
  if (!vectorUsable(index, vector) || candidates.length === 0) return candidates;
  const closest: { articleId: string; sentence: number; cosine: number }[] = [];
  for (const articleId of new Set(candidates.map((c) => c.passage.articleId)))
    for (const s of index.sentencesByArticle.get(articleId) ?? []) {
      const v = index.sentenceVectors.get(sentenceKey(articleId, s.index));
      if (v) closest.push({ articleId, sentence: s.index, cosine: dot(vector, v) });
    }
  closest.sort((a, b) => b.cosine - a.cosine);
  const joining: Passage[] = [];
  for (const { articleId, sentence } of closest.slice(0, count)) {
    const holds = (p: Passage) => p.articleId === articleId && p.sentences[0] <= sentence && sentence <= p.sentences[1];
    if (!candidates.some((c) => holds(c.passage)) && !joining.some(holds)) joining.push(index.passagesByArticle.get(articleId)!.find(holds)!);
  }
  return joinPool(index, candidates, joining, vector, "closest sentence");
}

/**
 * The ranking without a query vector: the lexical list's first `limit`, each
 * scored by its BM25 over the list's best, as the local index ranks lexically.
 */
export function lexicalOnly(lexical: { passageId: string; bm25: number }[], limit: number): PassageHit[] {
  const max = Math.max(0, ...lexical.map((h) => h.bm25));
  return lexical.slice(0, Math.max(0, limit)).map((h) => ({ passageId: h.passageId, score: max > 0 ? h.bm25 / max : 0, bm25: h.bm25, cosine: null }));
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
