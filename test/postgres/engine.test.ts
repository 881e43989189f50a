/**
 * The engine over PostgreSQL (PGlite, in-process) against the engine over the
 * committed local index, on the development questions: the same answers, the
 * same abstentions and the same citation ids, from the corpus copied by
 * db:load (vectors included, nothing re-embedded).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import type { Engine, ServingEngine } from "../../src/core/engine.js";
import { loadPostgresEngine } from "../../src/node/load-engine.js";
import { loadLocalCorpus } from "../../src/node/postgres-load.js";
import { pgliteClient } from "../../src/node/pglite-client.js";
import type { SqlClient } from "../../src/core/postgres/sql.js";
import { DEV_SET, devQuestions, realEngine } from "../helpers/engine.js";

describe.skipIf(!existsSync(DEV_SET) && !process.env.CI)("engine on PostgreSQL", () => {
  let db: SqlClient;
  let local: Engine;
  let postgres: ServingEngine;
  beforeAll(async () => {
    db = await pgliteClient();
    const loaded = await loadLocalCorpus(db);
    expect(loaded.written).toBeGreaterThan(0);
    [local, postgres] = await Promise.all([realEngine(), loadPostgresEngine(db, { log: () => {} })]);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("loads the local corpus idempotently: a second db:load writes nothing", async () => {
    const again = await loadLocalCorpus(db);
    expect(again.written).toBe(0);
    expect(again.skipped).toBe(local.index.articles.length);
    expect(await postgres.health()).toMatchObject({ articles: local.index.articles.length, passages: local.index.passages.length, embedder: "use-lite" });
  });

  it("answers every development question as the local index does, with the same citation ids", async () => {
    let answered = 0;
    for (const q of devQuestions()) {
      const [mine, theirs] = await Promise.all([postgres.answer({ question: q.question, history: q.history }), local.answer({ question: q.question, history: q.history })]);
      expect(mine.answer, q.question).toBe(theirs.answer);
      expect(mine.abstained, q.question).toBe(theirs.abstained);
      expect(mine.abstainReason, q.question).toBe(theirs.abstainReason);
      expect(mine.citations, q.question).toEqual(theirs.citations);
      if (!mine.abstained) answered++;
    }
    expect(answered).toBeGreaterThan(devQuestions().length / 2);
  });

  it("looks up citations, articles and searches as the local engine does", async () => {
    const answer = await local.answer({ question: devQuestions()[0].question });
    expect(answer.citations.length).toBeGreaterThan(0);
    const id = answer.citations[0].id;
    expect(await postgres.citation(id)).toEqual(local.citation(id));
    expect(await postgres.citation("0000000000000000-1-2")).toBeNull();
    expect(await postgres.articles()).toEqual(local.articles());
    const articleId = answer.citations[0].articleId;
    expect(await postgres.article(articleId)).toEqual(local.article(articleId));
    expect(await postgres.article("0000000000000000")).toBeNull();
    expect(await postgres.search("ceasefire talks", 5)).toEqual(await local.search("ceasefire talks", 5));
  });

  it("answers questions scoped to articles as the local index does, and names unknown ids", async () => {
    const ids = local.index.articles.map((a) => a.id);
    // Each question asked of each single article, and of two: answered or abstained with the same reason and citations.
    const scopes = [...ids.map((id) => [id]), ids.slice(0, 2)];
    for (const q of devQuestions().slice(0, 6))
      for (const articleIds of scopes) {
        const [mine, theirs] = await Promise.all([postgres.answer({ question: q.question, articleIds }), local.answer({ question: q.question, articleIds })]);
        expect(mine.answer, `${q.question} ${articleIds}`).toBe(theirs.answer);
        expect(mine.abstainReason, `${q.question} ${articleIds}`).toBe(theirs.abstainReason);
        expect(mine.citations, `${q.question} ${articleIds}`).toEqual(theirs.citations);
        for (const c of mine.citations) expect(articleIds).toContain(c.articleId);
      }
    await expect(postgres.answer({ question: "Who met whom?", articleIds: ["0000000000000000"] })).rejects.toThrow(/unknown article id: 0000000000000000/);
  });

  it("answers greetings, help and overviews of selected articles or on a topic as the local engine does", async () => {
    const ids = local.index.articles.map((a) => a.id);
    const same = async (question: string, articleIds?: string[], kind?: string) => {
      const [mine, theirs] = await Promise.all([postgres.answer({ question, articleIds }), local.answer({ question, articleIds })]);
      const label = `${question} ${articleIds ?? ""}`;
      if (kind) expect(theirs.kind, label).toBe(kind);
      for (const field of ["kind", "answer", "abstained", "citations", "suggestions"] as const) expect(mine[field], `${label}: ${field}`).toEqual(theirs[field]);
    };
    await same("hi", undefined, "help");
    await same("What can you do?", undefined, "help");
    await same("hello", [ids[0]], "help");
    await same("What are these articles about?", [ids[1], ids[2]], "overview");
    await same("Summarise the articles about Ukraine", undefined, "overview");
    await same("Give me an overview of the UN vote", undefined, "overview");
    // A greeting with a question in it is the question.
    await same("Hi, how many countries abstained in the UN vote?", undefined, "answer");
    await expect(postgres.answer({ question: "hi", articleIds: ["0000000000000000"] })).rejects.toThrow(/unknown article id: 0000000000000000/);
  });

  it("takes an overview of the whole corpus through the question path, which reads no article whole", async () => {
    const theirs = await local.answer({ question: "What are these articles about?" });
    expect(theirs.kind).toBe("overview");
    const mine = await postgres.answer({ question: "What are these articles about?" });
    expect(mine.kind).toBe("answer");
  });
});
