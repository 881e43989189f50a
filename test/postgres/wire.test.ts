/**
 * The PostgreSQL store over the wire, as a real deployment runs it: the `pg`
 * driver and the CLIs as child processes (`npm run db:load`, `npm run
 * ingest` with VERBATIM_STORE=postgres) against a Postgres server
 * (PGlite behind pglite-socket, test/helpers/postgres-server.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Engine, ServingEngine } from "../../src/core/engine.js";
import type { SqlClient } from "../../src/core/postgres/sql.js";
import { PROJECT_ROOT } from "../../src/node/corpus-files.js";
import { loadPostgresEngine } from "../../src/node/load-engine.js";
import { pgClient } from "../../src/core/postgres/pg-client.js";
import { parseInputs } from "../../src/node/ingest-files.js";
import { ingestIntoPostgres } from "../../src/node/postgres-ingest.js";
import { sharedEmbedder } from "../../src/node/load-engine.js";
import { embedderConfigFromEnv } from "../../src/core/embed/index.js";
import { BBC, DEV_SET, devQuestions, postJson, realEngine } from "../helpers/engine.js";
import { startServer } from "../browser/helpers.js";
import { startPostgresServer, type TestPostgres } from "../helpers/postgres-server.js";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      join(PROJECT_ROOT, "node_modules/.bin/tsx"),
      [script, ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, VERBATIM_EMBEDDING_CACHE: "off", FORCE_COLOR: "0", ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Two ingest processes, each loading the model, on a machine the rest of the suite keeps busy. */
const INGEST_TIMEOUT_MS = 240_000;

/** Stories read in place from the shared BBC corpus (never copied into the repo). */
const STORIES = Array.from({ length: 8 }, (_, i) => join(BBC, `tech/${String(i + 1).padStart(3, "0")}.txt`));

async function counts(db: SqlClient) {
  const [row] = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM verbatim_articles) AS articles,
            (SELECT count(*)::int FROM verbatim_passages) AS passages,
            (SELECT count(*)::int FROM verbatim_sentences) AS sentences,
            (SELECT coalesce(sum(articles), 0)::int FROM verbatim_batches) AS batch_articles,
            (SELECT coalesce(sum(passages), 0)::int FROM verbatim_batches) AS batch_passages,
            (SELECT coalesce(sum(sentences), 0)::int FROM verbatim_batches) AS batch_sentences,
            (SELECT count(*)::int FROM verbatim_articles a WHERE NOT EXISTS (SELECT 1 FROM verbatim_passages p WHERE p.article_id = a.id)) AS without_passages`,
  );
  return row;
}

/** Every article whole, and the totals the store ranks with agree with the rows. */
function expectConsistent(c: Record<string, number>) {
  expect(c.without_passages).toBe(0);
  expect(c.batch_articles).toBe(c.articles);
  expect(c.batch_passages).toBe(c.passages);
  expect(c.batch_sentences).toBe(c.sentences);
}

describe.skipIf(!existsSync(DEV_SET) && !process.env.CI)("PostgreSQL over the wire (pg + pglite-socket)", () => {
  let server: TestPostgres;
  let db: SqlClient;
  let local: Engine;
  let postgres: ServingEngine;
  const env = () => ({ VERBATIM_STORE: "postgres", DATABASE_URL: server.url });

  beforeAll(async () => {
    server = await startPostgresServer();
    const load = await cli("src/cli/db-load.ts", [], env());
    expect(load.code, load.stderr).toBe(0);
    expect(load.stdout).toMatch(/\d+ article\(s\) written, 0 already there/);
    db = pgClient(server.url);
    [local, postgres] = await Promise.all([realEngine(), loadPostgresEngine(db, { log: () => {} })]);
  });
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  it("answers the development questions as the local index does, over the wire", async () => {
    for (const q of devQuestions()) {
      const [mine, theirs] = await Promise.all([postgres.answer({ question: q.question, history: q.history }), local.answer({ question: q.question, history: q.history })]);
      expect(mine.answer, q.question).toBe(theirs.answer);
      expect(mine.citations.map((c) => c.id), q.question).toEqual(theirs.citations.map((c) => c.id));
    }
  });

  it("db:load again writes nothing", async () => {
    const again = await cli("src/cli/db-load.ts", [], env());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^0 article\(s\) written, \d+ already there/m);
  });

  describe.skipIf(!existsSync(BBC))("ingest", () => {
    it("a killed ingest leaves every committed batch whole and readable; run again, it finishes the rest", async () => {
      const stories = STORIES.slice(0, 6);
      const before = await counts(db);
      // Node itself with tsx's loader, not the tsx wrapper: the signal must reach the process that writes.
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/ingest.ts", ...stories], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...env(), VERBATIM_INGEST_BATCH: "1", VERBATIM_EMBEDDING_CACHE: "off", FORCE_COLOR: "0" },
      });
      let out = "";
      const closed = new Promise((resolve) => child.on("close", resolve));
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.on("data", (chunk) => {
            out += chunk;
            // Killed as soon as the first batch has committed: the next one is being embedded or written.
            if (/committed batch 1\//.test(out)) {
              child.kill("SIGKILL");
              resolve();
            }
          });
          child.on("exit", () => reject(new Error(`ingest exited before its first commit: ${out}`)));
        });
      } finally {
        // Whatever happened, no ingest may outlive this test and write under the next one.
        child.kill("SIGKILL");
        await closed;
      }
      const after = await counts(db);
      expectConsistent(after);
      expect(after.articles).toBeGreaterThan(before.articles);
      expect(after.articles).toBeLessThan(before.articles + stories.length);

      const rerun = await cli("src/cli/ingest.ts", stories, env());
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.stdout).toMatch(/unchanged: .*already in the database/);
      const done = await counts(db);
      expectConsistent(done);
      expect(done.articles).toBe(before.articles + stories.length);
    }, INGEST_TIMEOUT_MS);

    it("concurrent ingests of overlapping stories, on separate connections, write each story once", async () => {
      const before = await counts(db);
      const embedder = await sharedEmbedder(embedderConfigFromEnv());
      const [a, b] = [pgClient(server.url), pgClient(server.url)];
      try {
        const [first, second] = await Promise.all([
          parseInputs(STORIES.slice(4, 7)).then(({ parsed }) => ingestIntoPostgres(a, parsed, { embedder, batch: 1 })),
          parseInputs(STORIES.slice(5, 8)).then(({ parsed }) => ingestIntoPostgres(b, parsed, { embedder, batch: 1 })),
        ]);
        // Stories 5 and 6 were there already (the test above); 7 and 8 are new, each written by exactly one of the two.
        const written = [...first.written, ...second.written].map((p) => p.article.id);
        expect(new Set(written).size).toBe(written.length);
        expect(written).toHaveLength(2);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
      const after = await counts(db);
      expectConsistent(after);
      expect(after.articles).toBe(before.articles + 2);
    }, INGEST_TIMEOUT_MS);

    it("npm start on VERBATIM_STORE=postgres serves the database over HTTP, ingested stories included", async () => {
      const running = await startServer({ env: env() });
      try {
        const health = await (await fetch(`${running.baseUrl}/api/health`)).json();
        expect(health.articles).toBe((await counts(db)).articles);
        const question = devQuestions()[0];
        const served = await (await fetch(`${running.baseUrl}/api/answer`, postJson({ question: question.question }))).json();
        const expected = await local.answer({ question: question.question });
        expect(served.answer).toBe(expected.answer);
        expect(served.citations.map((c: { id: string }) => c.id)).toEqual(expected.citations.map((c) => c.id));
        const ingested = (await db.query<{ id: string }>("SELECT id FROM verbatim_articles ORDER BY id")).find((a) => !local.article(a.id))!;
        const article = await (await fetch(`${running.baseUrl}/api/articles/${ingested.id}`)).json();
        expect(article.id).toBe(ingested.id);
      } finally {
        await running.stop();
      }
    });

    it("a server already running on the database answers from what another process ingested", async () => {
      const article = (await db.query<{ id: string; title: string }>("SELECT id, title FROM verbatim_articles ORDER BY id")).find((a) => !local.article(a.id))!;
      expect(article).toBeDefined();
      const hits = await postgres.search(article.title, 3);
      expect(hits[0].articleId).toBe(article.id);
      expect((await postgres.health()).articles).toBe((await counts(db)).articles);
    });

    it("npm run ingest -- --remove takes a story out whole, a running engine stops finding it, and ingesting it again brings it back", async () => {
      const story = STORIES[7];
      const { id, title } = (await parseInputs([story])).parsed[0].article;
      expect((await postgres.search(title, 3))[0].articleId).toBe(id);
      const before = await counts(db);
      const removal = await cli("src/cli/ingest.ts", ["--remove", id, "--remove", "0000000000000000", "--remove", "nonsense"], env());
      expect(removal.code, removal.stderr).toBe(2);
      expect(removal.stdout).toContain(`removed: ${id}`);
      expect(removal.stdout).toMatch(/0 added, 0 unchanged, 1 removed, 2 refused/);
      expect(removal.stderr).toContain("refused: --remove 0000000000000000: no article with that id in the database");
      expect(removal.stderr).toContain("refused: --remove nonsense: not an article id");
      const after = await counts(db);
      expectConsistent(after);
      expect(after.articles).toBe(before.articles - 1);
      expect((await postgres.search(title, 3)).some((h) => h.articleId === id)).toBe(false);
      expect(await postgres.article(id)).toBeNull();
      expect((await postgres.health()).articles).toBe(after.articles);

      const again = await cli("src/cli/ingest.ts", [story], env());
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain(`→ ${id}`);
      expectConsistent(await counts(db));
      expect((await postgres.search(title, 3))[0].articleId).toBe(id);
    }, INGEST_TIMEOUT_MS);
  });
});
