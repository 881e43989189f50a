/**
 * The PostgreSQL store on real Postgres (PGlite, in-process, with pgvector):
 * migrations, the PassageStore contract, and the same hits, BM25 and cosines
 * as the local Orama index it replaces.
 */
import { afterAll, describe, expect, it } from "vitest";
import { localPassageStore } from "../../src/core/passage-store.js";
import { migrate, SchemaError, SCHEMA_VERSION } from "../../src/core/postgres/schema.js";
import { postgresPassageStore } from "../../src/core/postgres/search.js";
import { indexRows, removeArticles, writeBatch, writeRows } from "../../src/core/postgres/write.js";
import { parseArticle } from "../../src/core/article.js";
import { buildIndex } from "../../src/core/store.js";
import { pgliteClient } from "../../src/node/pglite-client.js";
import { buildContractFixture, describePassageStoreContract, type StoreFixture } from "../unit/passage-store.contract.js";

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const db of opened) await db.close();
});

let shared: Promise<Awaited<ReturnType<typeof pgliteClient>>> | null = null;

/** One database for the file (PGlite takes a second or more to start); the fixture is written once, later loads skip it. */
async function loadedStore(fixture: StoreFixture) {
  shared ??= pgliteClient().then((db) => (opened.push(db), db));
  const db = await shared;
  await migrate(db, { dim: fixture.files.manifest.dim });
  await writeBatch(db, fixture.files, fixture.articles);
  return { db, store: postgresPassageStore(db, fixture.files.manifest.dim) };
}

describePassageStoreContract("postgres (PGlite + pgvector)", async (fixture) => {
  const { store } = await loadedStore(fixture);
  // The suite closes the store; the client is closed once, after every suite of this file.
  return { ...store, close: undefined };
});

/** The same passages, in the same order, with the same scores as the local index of `fixture`, for lexical and hybrid queries. */
async function expectSameAsLocal(store: ReturnType<typeof postgresPassageStore>, fixture: StoreFixture) {
  const local = localPassageStore(fixture.index);
    const questions = ["quokka island rangers drought", "bridge repairs ferry cost", "airship passengers flight", "chess champion bishop", "the strike ended", "volcano"];
    for (const question of questions)
      for (const vector of [null, (await fixture.embedder.embed([question]))[0]])
        for (const limit of [1, 3, 8]) {
          const expected = await local.search({ text: question, vector, limit });
          const actual = await store.search({ text: question, vector, limit });
          expect(actual.map((h) => h.passageId), `${question} ${vector ? "hybrid" : "lexical"} ${limit}`).toEqual(expected.map((h) => h.passageId));
          actual.forEach((h, i) => {
            expect(h.score).toBeCloseTo(expected[i].score, 6);
            expect(h.bm25).toBeCloseTo(expected[i].bm25, 6);
            if (vector) expect(h.cosine!).toBeCloseTo(expected[i].cosine!, 6);
            else expect(h.cosine).toBeNull();
          });
        }
}

describe("postgres store", () => {
  it("ranks, scores and measures exactly as the local index", async () => {
    const fixture = await buildContractFixture();
    const { store } = await loadedStore(fixture);
    await expectSameAsLocal(store, fixture);
  });

  it("removes an article whole: none of its rows stay, and ranking and scores are again the local index's without it", async () => {
    const fixture = await buildContractFixture();
    // A database of its own: the others in this file must keep their articles.
    const db = await pgliteClient();
    opened.push(db);
    const dim = fixture.files.manifest.dim;
    await migrate(db, { dim });
    // Words the fixture uses too, so a posting or a count left behind would move BM25's idf and averages.
    const extra = parseArticle(
      "Quokka rangers and the bridge\n\nThe island rangers counted quokkas during the drought. Bridge repairs delayed the ferry, and the cost rose.",
      {},
      "extra",
    );
    await writeBatch(db, fixture.files, fixture.articles);
    await writeBatch(db, (await buildIndex([extra], fixture.embedder)).files, [extra]);
    const nobody = "0000000000000000";
    expect(await removeArticles(db, [extra.id, nobody])).toEqual({ removed: [extra.id], missing: [nobody] });
    const left = await db.query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM verbatim_articles WHERE id = $1) AS articles,
              (SELECT count(*)::int FROM verbatim_sentences WHERE article_id = $1) AS sentences,
              (SELECT count(*)::int FROM verbatim_passages WHERE article_id = $1) AS passages,
              (SELECT count(*)::int FROM verbatim_postings WHERE passage_id LIKE $1 || '-%') AS postings,
              (SELECT count(*)::int FROM verbatim_article_terms WHERE article_id = $1) AS article_terms,
              (SELECT sum(articles)::int FROM verbatim_batches) AS total_articles,
              (SELECT sum(passages)::int FROM verbatim_batches) AS total_passages`,
      [extra.id],
    );
    expect(left).toEqual([
      { articles: 0, sentences: 0, passages: 0, postings: 0, article_terms: 0, total_articles: fixture.articles.length, total_passages: fixture.index.passages.length },
    ]);
    await expectSameAsLocal(postgresPassageStore(db, dim), fixture);
    expect(await removeArticles(db, [extra.id])).toEqual({ removed: [], missing: [extra.id] });
  });

  it("migrates once: a second run applies nothing and a second load writes nothing", async () => {
    const fixture = await buildContractFixture();
    const { db } = await loadedStore(fixture);
    expect(await migrate(db, { dim: fixture.files.manifest.dim })).toEqual({ applied: [] });
    expect(await db.query("SELECT version FROM verbatim_migrations")).toEqual([{ version: SCHEMA_VERSION }]);
    // loadedStore has already written the fixture at least once before.
    const again = await writeBatch(db, fixture.files, fixture.articles);
    expect(again.written).toEqual([]);
    expect(again.skipped).toHaveLength(fixture.articles.length);
    const [{ n }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM verbatim_passages");
    expect(n).toBe(fixture.index.passages.length);
  });

  it("writes a batch whole or not at all", async () => {
    const fixture = await buildContractFixture();
    const { db } = await loadedStore(fixture);
    const extra = parseArticle("Ferry timetable changes\n\nThe ferry will sail every twenty minutes from June. The council said demand had grown.", {}, "extra");
    const { files } = await buildIndex([extra], fixture.embedder);
    const rows = indexRows(files, [extra]);
    // A vector of the wrong dimension fails the passages insert, after the article row went in.
    rows[0].passages[0].vector = new Float32Array(3);
    await expect(writeRows(db, rows)).rejects.toThrow();
    expect(await db.query("SELECT id FROM verbatim_articles WHERE id = $1", [extra.id])).toEqual([]);
    expect(await db.query("SELECT 1 FROM verbatim_sentences WHERE article_id = $1", [extra.id])).toEqual([]);
  });

  it("says what to do when the database has no pgvector", async () => {
    const { PGlite } = await import("@electric-sql/pglite");
    const bare = await PGlite.create();
    const db = { query: async (text: string, params?: unknown[]) => (await bare.query(text, params)).rows, transaction: async () => { throw new Error("unused"); }, close: () => bare.close() };
    opened.push(db);
    await expect(migrate(db as never, { dim: 8 })).rejects.toThrow(SchemaError);
    await expect(migrate(db as never, { dim: 8 })).rejects.toThrow(/pgvector/);
  });
});
