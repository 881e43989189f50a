/**
 * POST /api/admin/reload: off without ADMIN_TOKEN (404), bearer-protected when
 * on, swaps the index in without a restart, and keeps the old one if loading fails.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArticle } from "../../src/core/article.js";
import { createEngine, type Engine } from "../../src/core/engine.js";
import { buildIndex, openIndex } from "../../src/core/store.js";
import { createApp } from "../../src/http/app.js";
import { ADMIN_RELOAD_PATH, adminTokenFromEnv } from "../../src/http/admin.js";
import { corpusPaths, writeIndex } from "../../src/node/corpus-files.js";
import { ingestFiles } from "../../src/node/ingest-files.js";
import { updateIndex } from "../../src/node/index-update.js";
import { watchIndex } from "../../src/node/index-watcher.js";
import { loadEngine } from "../../src/node/load-engine.js";
import { bagOfWordsEmbedder, CONTRACT_ARTICLES } from "./passage-store.contract.js";

const TOKEN = "s3cret-admin-token-for-tests";

async function engineOf(count: number): Promise<Engine> {
  const articles = CONTRACT_ARTICLES.slice(0, count).map((t, i) => parseArticle(t, {}, `${i}`));
  const embedder = bagOfWordsEmbedder(32);
  const { files } = await buildIndex(articles, embedder);
  return createEngine(openIndex(files, articles), embedder);
}

function appWith(env: Record<string, string>, reload?: () => Promise<Engine>) {
  let engine: Promise<Engine> = engineOf(2);
  const app = createApp({
    getEngine: () => engine,
    env: { RATE_LIMIT_PER_MIN: "0", ...env },
    log: () => {},
    ...(reload
      ? {
          reload: async () => {
            const next = await reload();
            engine = Promise.resolve(next);
            return next.health();
          },
        }
      : {}),
  });
  return app;
}

const post = (headers: Record<string, string> = {}) => ({ method: "POST", headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("POST /api/admin/reload", () => {
  it("does not exist without ADMIN_TOKEN", async () => {
    const app = appWith({}, () => engineOf(3));
    const res = await app.request(ADMIN_RELOAD_PATH, post(bearer(TOKEN)));
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("not_found");
  });

  it("does not exist on a runtime that cannot reload, even with a token", async () => {
    const res = await appWith({ ADMIN_TOKEN: TOKEN }).request(ADMIN_RELOAD_PATH, post(bearer(TOKEN)));
    expect(res.status).toBe(404);
  });

  it("treats a blank ADMIN_TOKEN as none", async () => {
    expect(adminTokenFromEnv({ ADMIN_TOKEN: "   " })).toBeUndefined();
    const res = await appWith({ ADMIN_TOKEN: " " }, () => engineOf(3)).request(ADMIN_RELOAD_PATH, post(bearer(" ")));
    expect(res.status).toBe(404);
  });

  it("refuses a missing or wrong token with 401 and the API error shape", async () => {
    let reloads = 0;
    const app = appWith({ ADMIN_TOKEN: TOKEN }, () => {
      reloads++;
      return engineOf(3);
    });
    for (const headers of [{}, bearer("wrong"), bearer(`${TOKEN}x`), { authorization: TOKEN }]) {
      const res = await app.request(ADMIN_RELOAD_PATH, post(headers));
      expect([400, 401]).toContain(res.status);
      const body = await res.json();
      expect(body.error.code).toMatch(/unauthorized|bad_request/);
      expect(res.headers.get("www-authenticate")).toMatch(/Bearer/);
    }
    expect(reloads).toBe(0);
  });

  it("swaps in the new index with the right token", async () => {
    const app = appWith({ ADMIN_TOKEN: TOKEN }, () => engineOf(4));
    expect((await (await app.request("/api/health")).json()).articles).toBe(2);
    const res = await app.request(ADMIN_RELOAD_PATH, post(bearer(TOKEN)));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ reloaded: true, articles: 4, passages: expect.any(Number), embedder: "test-bag-of-words-32" });
    expect((await (await app.request("/api/health")).json()).articles).toBe(4);
  });

  it("answers only POST", async () => {
    const app = appWith({ ADMIN_TOKEN: TOKEN }, () => engineOf(3));
    const res = await app.request(ADMIN_RELOAD_PATH, { headers: bearer(TOKEN) });
    expect(res.status).toBe(405);
  });

  it("keeps serving the previous index when the reload fails", async () => {
    const app = appWith({ ADMIN_TOKEN: TOKEN }, async () => {
      throw new Error("index file corpus/index/chunks.json is missing");
    });
    const res = await app.request(ADMIN_RELOAD_PATH, post(bearer(TOKEN)));
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error.code).toBe("reload_failed");
    expect(body.error.message).toMatch(/still serving the previous index: index file .* is missing/);
    expect((await (await app.request("/api/health")).json()).articles).toBe(2);
  });

  it("shares one load between concurrent reload requests", async () => {
    let loads = 0;
    const app = appWith({ ADMIN_TOKEN: TOKEN }, async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 30));
      return engineOf(3);
    });
    const results = await Promise.all([1, 2, 3].map(() => app.request(ADMIN_RELOAD_PATH, post(bearer(TOKEN)))));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(loads).toBe(1);
  });
});

describe("reload from disk after ingest", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "verbatim-reload-"));
    mkdirSync(join(root, "inbox"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("serves an article ingested while the app runs, after one reload", async () => {
    const paths = corpusPaths(join(root, "corpus"));
    const file = (i: number) => {
      const path = join(root, "inbox", `${i}.txt`);
      writeFileSync(path, CONTRACT_ARTICLES[i]);
      return path;
    };
    await ingestFiles(paths, [file(0), file(1)]);
    await updateIndex({ paths, embedder: null });
    const load = () => loadEngine({ paths, embedder: { name: "none" }, log: () => {} });
    let engine = await load();
    const app = createApp({
      getEngine: () => engine,
      env: { ADMIN_TOKEN: TOKEN, RATE_LIMIT_PER_MIN: "0" },
      log: () => {},
      reload: async () => (engine = await load()).health(),
    });
    const ask = async () => (await (await app.request("/api/answer", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: "How many seismometers were installed near the volcano?" }) })).json());
    expect((await ask()).abstained).toBe(true);

    await ingestFiles(paths, [file(5)]);
    await updateIndex({ paths, embedder: null });
    expect((await ask()).abstained).toBe(true);
    expect((await app.request(ADMIN_RELOAD_PATH, post(bearer(TOKEN)))).status).toBe(200);
    const after = await ask();
    expect(after.abstained).toBe(false);
    expect(after.answer).toMatch(/twenty new seismometers/);
  });

  it("watchIndex fires once a new generation is switched to", async () => {
    const paths = corpusPaths(join(root, "corpus"));
    const articles = CONTRACT_ARTICLES.slice(0, 2).map((t, i) => parseArticle(t, {}, `${i}`));
    await writeIndex(paths, (await buildIndex(articles, null)).files, articles);
    let fired = 0;
    const stop = watchIndex(paths, async () => void fired++, { debounceMs: 50 });
    try {
      await writeIndex(paths, (await buildIndex(articles.slice(0, 1), null)).files, articles.slice(0, 1));
      await new Promise((r) => setTimeout(r, 400));
      expect(fired).toBe(1);
    } finally {
      stop();
    }
  });
});
