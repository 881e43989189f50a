/** The on-disk embedding cache: exact round trips, append-only, robust to a cut-short write. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddingCache, embeddingCacheDirFromEnv, embeddingKey } from "../../src/node/embedding-cache.js";

const vec = (seed: number, dim = 8) => Float32Array.from({ length: dim }, (_, i) => Math.sin(seed * 31 + i) / 3);

describe("EmbeddingCache", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "verbatim-cache-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("returns exactly the vectors put in, after reopening", () => {
    const cache = EmbeddingCache.open(dir, "model-a", 8);
    cache.putMany([
      ["first text", vec(1)],
      ["second text", vec(2)],
    ]);
    expect(cache.get("first text")).toEqual(vec(1));
    cache.close();
    const again = EmbeddingCache.open(dir, "model-a", 8);
    expect(again.size).toBe(2);
    expect(again.get("second text")).toEqual(vec(2));
    expect(again.get("unknown")).toBeUndefined();
    again.close();
  });

  it("stores each text once, in compact fixed-size records", () => {
    const cache = EmbeddingCache.open(dir, "model-a", 8);
    cache.putMany([["same", vec(1)]]);
    cache.putMany([
      ["same", vec(9)],
      ["other", vec(2)],
      ["other", vec(3)],
    ]);
    expect(cache.size).toBe(2);
    expect(cache.get("same")).toEqual(vec(1));
    expect(statSync(cache.path).size).toBe(16 + 2 * (16 + 8 * 4));
    cache.close();
  });

  it("keys vectors by model as well as text", () => {
    expect(embeddingKey("a", "text").equals(embeddingKey("b", "text"))).toBe(false);
    const a = EmbeddingCache.open(dir, "model-a", 8);
    a.putMany([["text", vec(1)]]);
    const b = EmbeddingCache.open(dir, "model-b", 8);
    expect(b.get("text")).toBeUndefined();
    a.close();
    b.close();
  });

  it("sees what another process appended", () => {
    const reader = EmbeddingCache.open(dir, "m", 8);
    const writer = EmbeddingCache.open(dir, "m", 8);
    writer.putMany([["late text", vec(5)]]);
    expect(reader.getMany(["late text"])[0]).toEqual(vec(5));
    reader.close();
    writer.close();
  });

  it("cuts off a partial last record left by an interrupted write", () => {
    const cache = EmbeddingCache.open(dir, "m", 8);
    cache.putMany([["kept", vec(1)]]);
    cache.close();
    appendFileSync(cache.path, Buffer.alloc(20, 7));
    const reopened = EmbeddingCache.open(dir, "m", 8);
    expect(reopened.size).toBe(1);
    reopened.putMany([["after", vec(2)]]);
    expect(reopened.get("kept")).toEqual(vec(1));
    expect(reopened.get("after")).toEqual(vec(2));
    reopened.close();
    const third = EmbeddingCache.open(dir, "m", 8);
    expect(third.get("after")).toEqual(vec(2));
    third.close();
  });

  it("moves a file with a foreign header aside instead of trusting it", () => {
    const cache = EmbeddingCache.open(dir, "m", 8);
    cache.close();
    writeFileSync(cache.path, "not a cache file at all");
    const fresh = EmbeddingCache.open(dir, "m", 8);
    expect(fresh.size).toBe(0);
    expect(readdirSync(dir).some((n) => n.includes(".invalid-"))).toBe(true);
    fresh.close();
  });

  it("refuses vectors of the wrong dimension", () => {
    const cache = EmbeddingCache.open(dir, "m", 8);
    expect(() => cache.putMany([["x", new Float32Array(4)]])).toThrow(/dims/);
    cache.close();
  });

  it("is configured by VERBATIM_EMBEDDING_CACHE", () => {
    expect(embeddingCacheDirFromEnv({ VERBATIM_EMBEDDING_CACHE: "off" })).toBeNull();
    expect(embeddingCacheDirFromEnv({ VERBATIM_EMBEDDING_CACHE: "/tmp/x" })).toBe("/tmp/x");
    expect(embeddingCacheDirFromEnv({})).toMatch(/\.cache[/\\]embeddings$/);
  });
});
