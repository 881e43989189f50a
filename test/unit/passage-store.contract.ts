/**
 * The conformance suite every PassageStore must pass (src/core/passage-store.ts).
 *
 * Usage, for a second implementation:
 *
 *   describePassageStoreContract("vectorize+d1", async (fixture) => {
 *     await uploadToVectorizeAndD1(fixture.files, fixture.articles);   // however the store is fed
 *     return vectorizeStore(env);
 *   });
 *
 * The fixture is a small corpus indexed with a deterministic bag-of-words
 * embedder (no model download), so the expected hits are known exactly.
 * A store is fed from `fixture.files` (manifest, chunks, Orama snapshot,
 * vectors) and `fixture.articles`; passage ids are `<articleId>-<start>-<end>`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArticle, type Article } from "../../src/core/article.js";
import { dot, normalize, type Embedder } from "../../src/core/embed/embedder.js";
import type { PassageHit, PassageStore } from "../../src/core/passage-store.js";
import { buildIndex, openIndex, type IndexFiles, type SearchIndex } from "../../src/core/store.js";

export interface StoreFixture {
  articles: Article[];
  files: IndexFiles;
  /** The same corpus opened in memory, for expected values. */
  index: SearchIndex;
  embedder: Embedder;
  passageText(id: string): string;
  passageVector(id: string): Float32Array;
}

const DIM = 64;

/** Words hashed into buckets: deterministic, and texts sharing words get high cosine. */
export function bagOfWordsEmbedder(dim = DIM): Embedder {
  const bucket = (word: string) => {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    return (h >>> 0) % dim;
  };
  return {
    name: `test-bag-of-words-${dim}`,
    dim,
    async embed(texts) {
      return texts.map((t) => {
        const v = new Float32Array(dim);
        for (const w of t.toLowerCase().match(/[a-z]{3,}/g) ?? []) v[bucket(w)] += 1;
        if (v.every((x) => x === 0)) v[0] = 1;
        return normalize(v);
      });
    },
  };
}

export const CONTRACT_ARTICLES = [
  `Zeppelin returns to the skies over Friedrichshafen

A restored zeppelin flew over Lake Constance on Sunday. The airship carried twelve passengers on its first flight in a decade. Engineers said the helium envelope had been replaced. Tickets for the summer season sold out within hours.`,
  `Quokka numbers recover on Rottnest Island

Rangers counted more quokkas on Rottnest Island this year than in any survey since 2010. The marsupials had suffered during a long drought. Volunteers planted native shrubs across the island. Visitors are reminded not to feed the animals.`,
  `Harbour bridge closed for repairs

The harbour bridge will close for three weekends while crews replace expansion joints. Commuters were told to use the ferry instead. The council said the repairs would cost four million dollars. Cyclists may still cross on the lower deck.`,
  `Chess prodigy wins national title

A thirteen-year-old won the national chess championship on Saturday. She defeated the defending champion in the final round with a bishop sacrifice. Her coach said she trains four hours a day. The tournament drew a record field of entrants.`,
  `Bakery strike ends after pay deal

Workers at the city's largest bakery returned on Monday after a two-week strike. The union accepted a pay rise of six percent. Bread shortages had emptied supermarket shelves. Managers promised new ovens by the autumn.`,
  `Volcano monitoring expanded in Iceland

Scientists installed twenty new seismometers near the Reykjanes volcano. Magma has been rising beneath the peninsula since spring. Residents of Grindavik were told to prepare for evacuation. The airport remains open for now.`,
];

export async function buildContractFixture(): Promise<StoreFixture> {
  const articles = CONTRACT_ARTICLES.map((raw, i) => parseArticle(raw, {}, `contract-${i}`));
  const embedder = bagOfWordsEmbedder();
  const { files } = await buildIndex(articles, embedder);
  const index = openIndex(files, articles);
  return {
    articles,
    files,
    index,
    embedder,
    passageText(id) {
      const p = index.passageById.get(id)!;
      return index.articleById.get(p.articleId)!.text.slice(p.start, p.end);
    },
    passageVector(id) {
      return index.passageVectors[index.passageRow.get(id)!];
    },
  };
}

function expectWellFormed(fixture: StoreFixture, hits: PassageHit[], limit: number) {
  expect(hits.length).toBeLessThanOrEqual(limit);
  const ids = hits.map((h) => h.passageId);
  expect(new Set(ids).size).toBe(ids.length);
  for (const hit of hits) {
    expect(fixture.index.passageById.has(hit.passageId), `unknown passage id ${hit.passageId}`).toBe(true);
    expect(hit.score).toBeGreaterThanOrEqual(0);
    expect(hit.score).toBeLessThanOrEqual(1 + 1e-6);
    expect(hit.bm25).toBeGreaterThanOrEqual(0);
  }
  for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score - 1e-9);
}

export function describePassageStoreContract(name: string, makeStore: (fixture: StoreFixture) => PassageStore | Promise<PassageStore>) {
  describe(`PassageStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: PassageStore;
    const vectorOf = async (text: string) => (await fixture.embedder.embed([text]))[0];
    const articleOf = (hit: PassageHit) => fixture.index.passageById.get(hit.passageId)!.articleId;
    const articleWith = (word: string) => fixture.articles.find((a) => a.text.includes(word))!.id;

    beforeAll(async () => {
      fixture = await buildContractFixture();
      store = await makeStore(fixture);
    });
    afterAll(async () => {
      await store?.close?.();
    });

    it("accepts vectors of the index's dimension", () => {
      expect(store.dim).toBe(fixture.files.manifest.dim);
      expect(typeof store.name).toBe("string");
    });

    it("finds the passage holding a rare word first, lexically", async () => {
      const hits = await store.search({ text: "quokkas drought", vector: null, limit: 5 });
      expectWellFormed(fixture, hits, 5);
      expect(hits.length).toBeGreaterThan(0);
      expect(articleOf(hits[0])).toBe(articleWith("quokkas"));
      expect(fixture.passageText(hits[0].passageId)).toMatch(/quokkas|drought/);
      expect(hits[0].bm25).toBeGreaterThan(0);
      expect(hits[0].score).toBeGreaterThan(0.99);
      for (const h of hits) expect(h.cosine).toBeNull();
    });

    it("matches case-insensitively", async () => {
      const hits = await store.search({ text: "GRINDAVIK", vector: null, limit: 3 });
      expect(hits.length).toBeGreaterThan(0);
      expect(articleOf(hits[0])).toBe(articleWith("Grindavik"));
    });

    it("searches headlines too", async () => {
      // "prodigy" appears only in a headline.
      const hits = await store.search({ text: "prodigy", vector: null, limit: 3 });
      expect(hits.length).toBeGreaterThan(0);
      expect(articleOf(hits[0])).toBe(articleWith("bishop sacrifice"));
    });

    it("returns nothing for text that matches nothing, without a vector", async () => {
      expect(await store.search({ text: "xylophonist", vector: null, limit: 5 })).toEqual([]);
      expect(await store.search({ text: "", vector: null, limit: 5 })).toEqual([]);
    });

    it("respects the limit", async () => {
      const text = "the island bridge bakery volcano chess zeppelin";
      for (const limit of [1, 2, 4]) {
        const hits = await store.search({ text, vector: null, limit });
        expectWellFormed(fixture, hits, limit);
        expect(hits.length).toBe(limit);
      }
    });

    it("finds a passage by its own vector, with cosine ≈ 1", async () => {
      const target = fixture.index.passages[Math.floor(fixture.index.passages.length / 2)];
      const hits = await store.search({ text: "", vector: fixture.passageVector(target.id), limit: 3 });
      expectWellFormed(fixture, hits, 3);
      expect(hits[0].passageId).toBe(target.id);
      expect(hits[0].cosine!).toBeCloseTo(1, 3);
    });

    it("reports each hit's true cosine in hybrid search", async () => {
      const question = "How many passengers did the airship carry?";
      const vector = await vectorOf(question);
      const hits = await store.search({ text: "passengers airship carry", vector, limit: 6 });
      expectWellFormed(fixture, hits, 6);
      expect(articleOf(hits[0])).toBe(articleWith("airship"));
      for (const h of hits) expect(h.cosine!).toBeCloseTo(dot(vector, fixture.passageVector(h.passageId)), 4);
    });

    it("lets the vector find what the words miss", async () => {
      // No passage contains "seismometers magma" together with these query words, but the vector leans to the volcano story.
      const vector = await vectorOf("seismometers magma peninsula evacuation");
      const hits = await store.search({ text: "unrelatedword", vector, limit: 3 });
      expect(hits.length).toBeGreaterThan(0);
      expect(articleOf(hits[0])).toBe(articleWith("seismometers"));
    });

    it("searches only the given articles, filling the limit from them", async () => {
      const scope = [articleWith("expansion joints"), articleWith("bakery")];
      const text = "the island bridge bakery volcano chess zeppelin";
      const inScope = fixture.index.passages.filter((p) => scope.includes(p.articleId)).length;
      for (const vector of [null, await vectorOf(text)]) {
        const hits = await store.search({ text, vector, limit: inScope, articleIds: scope });
        expectWellFormed(fixture, hits, inScope);
        expect(hits.length).toBe(inScope);
        for (const h of hits) expect(scope).toContain(articleOf(h));
      }
      const quokka = await store.search({ text: "quokkas drought", vector: null, limit: 5, articleIds: [articleWith("bakery")] });
      expect(quokka).toEqual([]);
    });

    it("answers the same query the same way", async () => {
      const vector = await vectorOf("bridge repairs ferry");
      const a = await store.search({ text: "bridge repairs ferry", vector, limit: 5 });
      const b = await store.search({ text: "bridge repairs ferry", vector, limit: 5 });
      expect(b.map((h) => h.passageId)).toEqual(a.map((h) => h.passageId));
    });
  });
}
