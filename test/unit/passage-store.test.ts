/** The local Orama index passes the PassageStore contract, and its hits map back to the engine's candidates. */
import { describe, expect, it } from "vitest";
import { localPassageStore, toCandidates } from "../../src/core/passage-store.js";
import { retrievePassages } from "../../src/core/retrieve.js";
import { buildContractFixture, describePassageStoreContract } from "./passage-store.contract.js";

describePassageStoreContract("orama-local", (fixture) => localPassageStore(fixture.index));

describe("localPassageStore", () => {
  it("gives the engine exactly what retrievePassages gives it", async () => {
    const fixture = await buildContractFixture();
    const store = localPassageStore(fixture.index);
    const vector = (await fixture.embedder.embed(["quokka island rangers"]))[0];
    const direct = retrievePassages(fixture.index, { text: "quokka island rangers", vector }, 6);
    const viaStore = toCandidates(fixture.index, await store.search({ text: "quokka island rangers", vector, limit: 6 }));
    expect(viaStore).toEqual(direct);
  });

  it("drops hits for passages the loaded index does not know", async () => {
    const fixture = await buildContractFixture();
    const known = fixture.index.passages[0].id;
    const candidates = toCandidates(fixture.index, [
      { passageId: "ffffffffffffffff-0-10", score: 1, bm25: 3, cosine: 0.9 },
      { passageId: known, score: 0.5, bm25: 1, cosine: 0.4 },
    ]);
    expect(candidates.map((c) => c.passage.id)).toEqual([known]);
  });
});

describe("mergeHybrid", () => {
  it("ranks separate lexical and vector lists exactly as Orama's hybrid search does", async () => {
    const { search } = await import("@orama/orama");
    const { mergeHybrid } = await import("../../src/core/passage-store.js");
    const { dot } = await import("../../src/core/embed/embedder.js");
    const { RETRIEVAL } = await import("../../src/core/retrieve.js");
    const fixture = await buildContractFixture();
    const store = localPassageStore(fixture.index);
    for (const question of ["quokka island rangers drought", "bridge repairs ferry cost", "airship passengers flight"]) {
      const vector = (await fixture.embedder.embed([question]))[0];
      const all = fixture.index.passages.length;
      // The full candidate lists, as a remote store would fetch them (FTS top-n, vector top-n).
      const text = (search(fixture.index.db, { term: question, properties: ["text", "title"], boost: { title: RETRIEVAL.titleBoost }, limit: all, threshold: 1 } as never) as any).hits;
      const near = (search(fixture.index.db, { mode: "vector", vector: { value: vector, property: "embedding" }, similarity: RETRIEVAL.similarity, limit: all } as never) as any).hits;
      const merged = mergeHybrid(
        text.map((h: any) => ({ passageId: h.id, bm25: h.score })),
        near.map((h: any) => ({ passageId: h.id, cosine: h.score })),
        6,
        { cosineOf: (id) => dot(vector, fixture.passageVector(id)) },
      );
      const local = await store.search({ text: question, vector, limit: 6 });
      expect(merged.map((h) => h.passageId)).toEqual(local.map((h) => h.passageId));
      merged.forEach((h, i) => {
        expect(h.score).toBeCloseTo(local[i].score, 6);
        expect(h.bm25).toBeCloseTo(local[i].bm25, 6);
        expect(h.cosine!).toBeCloseTo(local[i].cosine!, 5);
      });
    }
  });
});

/**
 * A store built the way a remote one would be — a lexical engine and a vector
 * engine queried separately, merged with mergeHybrid — passes the same
 * contract: the suite does not depend on Orama's internals.
 */
describePassageStoreContract("split lexical + brute-force vector (remote-store shape)", async (fixture) => {
  const { search } = await import("@orama/orama");
  const { mergeHybrid } = await import("../../src/core/passage-store.js");
  const { dot } = await import("../../src/core/embed/embedder.js");
  const { RETRIEVAL } = await import("../../src/core/retrieve.js");
  const ids = fixture.index.passages.map((p) => p.id);
  return {
    name: "split",
    dim: fixture.files.manifest.dim,
    async search({ text, vector, limit, articleIds }) {
      // A remote store filters by article in the query itself (a WHERE clause, a metadata filter).
      const inScope = (id: string) => !articleIds || articleIds.includes(fixture.index.passageById.get(id)!.articleId);
      const lexical = text.trim()
        ? (search(fixture.index.db, { term: text, properties: ["text", "title"], boost: { title: RETRIEVAL.titleBoost }, limit: 50, threshold: 1 } as never) as any).hits
            .map((h: any) => ({ passageId: h.id, bm25: h.score }))
            .filter((h: any) => inScope(h.passageId))
        : [];
      if (!vector) {
        const max = Math.max(0, ...lexical.map((h: any) => h.bm25));
        return lexical.slice(0, limit).map((h: any) => ({ ...h, score: max > 0 ? h.bm25 / max : 0, cosine: null }));
      }
      const near = ids
        .filter(inScope)
        .map((id) => ({ passageId: id, cosine: dot(vector, fixture.passageVector(id)) }))
        .filter((h) => h.cosine >= RETRIEVAL.similarity)
        .sort((a, b) => b.cosine - a.cosine)
        .slice(0, 50);
      return mergeHybrid(lexical, near, limit, { cosineOf: (id) => dot(vector, fixture.passageVector(id)) });
    },
  };
});
