/**
 * The packed snapshot leaves out what openIndex derives (documents, term
 * frequencies, vectors). A database opened from it must search exactly like
 * the database it was saved from: same hits, same scores, same documents.
 */
import { describe, expect, it } from "vitest";
import { create, insertMultiple, search, type AnyOrama } from "@orama/orama";
import { buildIndex, openIndex } from "../../src/core/store.js";
import { packSnapshot } from "../../src/core/orama-snapshot.js";
import { createTokenizer } from "../../src/core/text.js";
import { corpusPaths, readArticles, readIndex } from "../../src/node/corpus-files.js";

const QUERIES = [
  "countries abstained UN vote",
  "nuclear weapons",
  "Zelensky Chinese peace plan",
  "mayor Khmelnitskyi",
  "Xi Putin Moscow visit invitation",
  "civilians injured",
  "ceasefire Russian conquest",
];

/** The same passages inserted into a plain Orama database, vectors included, as a reference. */
async function referenceDb(index: ReturnType<typeof openIndex>): Promise<AnyOrama> {
  const dim = index.manifest.dim;
  const db = create({
    schema: { title: "string", text: "string", embedding: `vector[${dim}]` },
    sort: { enabled: false },
    components: { tokenizer: createTokenizer() },
  }) as AnyOrama;
  const docs = index.passages.map((p, i) => {
    const article = index.articleById.get(p.articleId)!;
    return { id: p.id, title: article.title, text: article.text.slice(p.start, p.end), embedding: Array.from(index.passageVectors[i]) };
  });
  await insertMultiple(db, docs as never[], 500);
  return db;
}

const hits = (result: any) => result.hits.map((h: any) => ({ id: h.id, score: h.score, document: { id: h.document.id, title: h.document.title, text: h.document.text } }));

describe("packed Orama snapshot", () => {
  it("searches exactly like the database it was saved from, full-text and hybrid", async () => {
    const paths = corpusPaths();
    const index = openIndex(await readIndex(paths), await readArticles(paths));
    const reference = await referenceDb(index);
    for (const term of QUERIES) {
      const fullText = { term, properties: ["text", "title"], boost: { title: 0.5 }, limit: 20, threshold: 1 };
      const expected = hits(search(reference, fullText as never));
      expect(expected.length).toBeGreaterThan(0);
      expect(hits(search(index.db, fullText as never))).toEqual(expected);

      const vector = index.passageVectors[index.passages.findIndex((p) => index.articleById.get(p.articleId)!.text.slice(p.start, p.end).length > 0)];
      const hybrid = { ...fullText, mode: "hybrid", vector: { value: vector, property: "embedding" }, similarity: 0.1, hybridWeights: { text: 0.5, vector: 0.5 } };
      expect(hits(search(index.db, hybrid as never))).toEqual(hits(search(reference, hybrid as never)));
    }
  });

  it("leaves out documents, vectors and term frequencies, and is a fraction of Orama's own snapshot", async () => {
    const paths = corpusPaths();
    const files = await readIndex(paths);
    const index = openIndex(files, await readArticles(paths));
    const pack = files.orama as any;
    expect(pack.docs.docs).toEqual({});
    expect(pack.index.frequencies).toEqual({ text: {}, title: {} });
    expect(pack.derived.frequencies).toEqual(["text", "title"]);
    expect(pack.index.vectorIndexes.embedding.vectors).toEqual([]);
    const full = JSON.stringify((await import("@orama/orama")).save(await referenceDb(index))).length;
    expect(JSON.stringify(pack).length).toBeLessThan(full / 4);
  });

  it("keeps term frequencies verbatim for a field where they do not follow from its length", async () => {
    // A tokenizer that keeps repeated terms breaks the 1 / length rule.
    const tokenizer = createTokenizer();
    const tokenize = tokenizer.tokenize;
    tokenizer.tokenize = (input, language, prop, withCache) => {
      const tokens = tokenize.call(tokenizer, input, language, prop, withCache);
      return [...tokens, ...tokens.slice(0, 1)];
    };
    const db = create({ schema: { title: "string", text: "string" }, sort: { enabled: false }, components: { tokenizer } }) as AnyOrama;
    await insertMultiple(db, [{ id: "a", title: "Vote", text: "The vote passed with a large vote." }] as never[]);
    const pack = packSnapshot(db) as any;
    expect(pack.derived.frequencies).toEqual([]);
    expect(Object.keys(pack.index.frequencies.text)).toHaveLength(1);
  });

  it("builds and opens a lexical-only index (no vectors)", async () => {
    const articles = await readArticles(corpusPaths());
    const { files } = await buildIndex(articles, null);
    const index = openIndex(files, articles);
    const result = search(index.db, { term: "Khmelnitskyi mayor", properties: ["text"], limit: 3 } as never) as any;
    expect(result.hits[0].document.text).toContain("Khmelnitskyi");
  });

  it("refuses an index written in an older format", async () => {
    const paths = corpusPaths();
    const files = await readIndex(paths);
    expect(() => openIndex({ ...files, manifest: { ...files.manifest, format: 1 } }, [])).toThrow(/rebuild the index/);
  });
});
