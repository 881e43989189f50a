/**
 * Corpus generations in-process: the commit point, pruning, an unchanged
 * rebuild, verification on open, and the write lock.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArticle } from "../../src/core/article.js";
import { buildIndex } from "../../src/core/store.js";
import { corpusPaths, readServed, writeArticle, writeIndex, type CorpusPaths } from "../../src/node/corpus-files.js";
import { CorpusError, listGenerations, openCorpus, readCurrent } from "../../src/node/generations.js";
import { acquireWriteLock, LockBusyError } from "../../src/node/write-lock.js";
import { loadEngine } from "../../src/node/load-engine.js";
import { HealthSchema } from "../../src/http/schemas.js";
import { testApp } from "../helpers/engine.js";
import { CONTRACT_ARTICLES } from "./passage-store.contract.js";

let root: string;
let paths: CorpusPaths;
const articles = CONTRACT_ARTICLES.slice(0, 4).map((t, i) => parseArticle(t, {}, `${i}`));

async function commit(count: number) {
  const chosen = articles.slice(0, count);
  for (const a of chosen) await writeArticle(paths, a);
  return writeIndex(paths, (await buildIndex(chosen, null)).files, chosen);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "verbatim-generations-"));
  paths = corpusPaths(join(root, "corpus"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("generations", () => {
  it("switches CURRENT to each new generation and keeps the previous one only", async () => {
    for (const count of [1, 2, 3]) await commit(count);
    expect(readFileSync(paths.current, "utf8")).toBe("000003\n");
    expect(listGenerations(paths)).toEqual([2, 3]);
    expect((await readServed(paths)).articles).toHaveLength(3);
    expect(readdirSync(paths.generations).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("leaves the current generation alone when a rebuild changes nothing", async () => {
    await commit(2);
    const again = await commit(2);
    expect(again.generation).toBe(1);
    expect(listGenerations(paths)).toEqual([1]);
  });

  it("falls back to the previous generation, saying which file is damaged", async () => {
    await commit(1);
    await commit(2);
    const chunks = join(paths.generations, "000002", "chunks.json");
    writeFileSync(chunks, readFileSync(chunks, "utf8").replace(/\d/, "9"));
    const opened = openCorpus(paths);
    expect(opened.generation).toBe(1);
    expect(opened.degraded).toMatch(/generations\/000002\/chunks\.json is damaged/);
    expect(() => openCorpus(paths, { fallback: false })).toThrow(/chunks\.json is damaged.*npm run build:index/);
  });

  it("reports a fallback in /api/health as the API contract describes it", async () => {
    await commit(1);
    await commit(2);
    const chunks = join(paths.generations, "000002", "chunks.json");
    writeFileSync(chunks, readFileSync(chunks, "utf8").replace(/\d/, "9"));
    const engine = await loadEngine({ paths, embedder: { name: "none" }, log: () => {} });
    const body = await (await testApp(engine).request("/api/health")).json();
    expect(HealthSchema.parse(body)).toMatchObject({ status: "degraded", corpus: { generation: "000001", fix: "npm run build:index" } });
  });

  it("refuses a corpus of the layout before generations, saying how to move it", async () => {
    await commit(1);
    rmSync(paths.current);
    const gen = join(paths.generations, "000001");
    rmSync(join(gen, "articles"), { recursive: true });
    const { renameSync } = await import("node:fs");
    renameSync(gen, paths.index);
    rmSync(paths.generations, { recursive: true });
    expect(() => openCorpus(paths)).toThrow(CorpusError);
    expect(() => openCorpus(paths)).toThrow(/older version.*npm run build:index/);
    expect(readCurrent(paths).generation).toBeNull();
  });
});

describe("write lock", () => {
  it("is exclusive, names its holder, and is released", async () => {
    const release = await acquireWriteLock(paths, { log: () => {} });
    expect(JSON.parse(readFileSync(paths.lock, "utf8")).pid).toBe(process.pid);
    await expect(acquireWriteLock(paths, { waitMs: 0, log: () => {} })).rejects.toThrow(LockBusyError);
    release();
    expect(existsSync(paths.lock)).toBe(false);
    (await acquireWriteLock(paths, { waitMs: 0, log: () => {} }))();
  });

  it("queues a second writer until the first releases", async () => {
    const lines: string[] = [];
    const first = await acquireWriteLock(paths, { log: () => {} });
    const second = acquireWriteLock(paths, { waitMs: 5_000, log: (l) => lines.push(l) });
    await new Promise((r) => setTimeout(r, 250));
    expect(lines.join("\n")).toMatch(new RegExp(`waiting for pid ${process.pid}`));
    first();
    (await second)();
  });
});
