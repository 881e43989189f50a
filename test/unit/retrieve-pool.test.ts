/** What joins the candidate pool besides the top-scored passages. */
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/core/article.js";
import { normalize, type Embedder } from "../../src/core/embed/embedder.js";
import { buildIndex, openIndex } from "../../src/core/store.js";
import { withClosestSentences, type Candidate } from "../../src/core/retrieve.js";

const MARKERS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"];

/** One dimension per marker word: a text's vector says which markers it holds, so closeness is exact and known. */
const markerEmbedder: Embedder = {
  name: "markers",
  dim: MARKERS.length,
  async embed(texts) {
    return texts.map((t) => normalize(MARKERS.map((m) => (t.includes(m) ? 1 : 0))));
  },
};

const article = parseArticle(`Markers\n\n${MARKERS.map((m) => `The ${m} sentence is here.`).join(" ")}`);

async function setUp() {
  const { files } = await buildIndex([article], markerEmbedder);
  const index = openIndex(files, [article]);
  const first = index.passagesByArticle.get(article.id)![0];
  const candidates: Candidate[] = [{ passage: first, score: 0.9, bm25: 1, cosine: 0.5 }];
  const query = async (text: string) => (await markerEmbedder.embed([text]))[0];
  return { index, first, candidates, query };
}

describe("withClosestSentences", () => {
  it("brings in the passage of a close sentence that no retrieved passage holds, at the weakest score", async () => {
    const { index, candidates, query } = await setUp();
    expect(index.passagesByArticle.get(article.id)!.length).toBeGreaterThan(2);
    const pool = withClosestSentences(index, candidates, await query("hotel"), 2);
    const added = pool.slice(candidates.length);
    expect(added).toHaveLength(1);
    const [first, last] = added[0].passage.sentences;
    expect(first <= 7 && 7 <= last).toBe(true);
    expect(added[0]).toMatchObject({ score: 0.9, bm25: 0, joined: "closest sentence" });
    expect(added[0].cosine).toBeGreaterThan(0);
  });

  it("adds nothing when the closest sentences are already in the pool, or without a usable vector", async () => {
    const { index, candidates, query } = await setUp();
    expect(withClosestSentences(index, candidates, await query("alpha bravo"), 2)).toEqual(candidates);
    expect(withClosestSentences(index, candidates, null, 2)).toEqual(candidates);
    expect(withClosestSentences(index, candidates, new Float32Array(3), 2)).toEqual(candidates);
  });

  it("adds a passage once when both close sentences sit in it", async () => {
    const { index, candidates, query } = await setUp();
    const pool = withClosestSentences(index, candidates, await query("golf hotel"), 2);
    expect(pool.length - candidates.length).toBeGreaterThanOrEqual(1);
    expect(new Set(pool.map((c) => c.passage.id)).size).toBe(pool.length);
  });
});
