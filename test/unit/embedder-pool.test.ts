/** Several models at once give exactly the vectors one model gives (a real model in real worker threads). */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadEmbedder } from "../../src/core/embed/index.js";
import { PROJECT_ROOT } from "../../src/node/corpus-files.js";
import { createEmbedderPool, embedJobsFromEnv } from "../../src/node/embedder-pool.js";
import { cachedEmbedTexts } from "../../src/node/index-update.js";

const MODEL_DIR = resolve(PROJECT_ROOT, process.env.VERBATIM_MODEL_DIR ?? "../shared/models");
const MODEL = "minishlab/m2v-bge-base-vq128-64d";

describe("embedJobsFromEnv", () => {
  it("reads VERBATIM_EMBED_JOBS, else uses up to two models", () => {
    expect(embedJobsFromEnv({ VERBATIM_EMBED_JOBS: "3" })).toBe(3);
    expect(embedJobsFromEnv({ VERBATIM_EMBED_JOBS: "1" })).toBe(1);
    expect(embedJobsFromEnv({ VERBATIM_EMBED_JOBS: "zero" })).toBeGreaterThanOrEqual(1);
    expect(embedJobsFromEnv({})).toBeLessThanOrEqual(2);
  });
});

describe("createEmbedderPool", () => {
  it("embeds in worker threads with results identical to the model in this thread", async () => {
    const config = { name: "use-lite" };
    const primary = (await loadEmbedder(config))!;
    const pool = await createEmbedderPool(primary, config, 2);
    try {
      expect(pool.size).toBe(2);
      const texts = Array.from({ length: 48 }, (_, i) => `Sentence number ${i} about ${["ink", "votes", "bridges", "quokkas"][i % 4]}.`);
      const viaPool = await cachedEmbedTexts(primary, { pool, batchSize: 4 })(texts, () => {});
      // The same batches on this thread's model: batch composition is fixed by batchSize, not by the pool.
      const direct = await cachedEmbedTexts(primary, { batchSize: 4 })(texts, () => {});
      expect(viaPool.map((v) => Array.from(v))).toEqual(direct.map((v) => Array.from(v)));
    } finally {
      await pool.close();
    }
  }, 120_000);

  it("leaves out workers that cannot load the model", async () => {
    const primary = (await loadEmbedder({ name: "use-lite" }))!;
    const lines: string[] = [];
    const pool = await createEmbedderPool(primary, { name: "no-such-embedder" }, 2, (l) => lines.push(l));
    expect(pool.size).toBe(1);
    expect(lines[0]).toMatch(/embedding worker unavailable.*unknown embedder/);
    expect((await pool.embed(["still works"]))[0]).toHaveLength(512);
    await pool.close();
  }, 120_000);

  it.skipIf(!existsSync(join(MODEL_DIR, MODEL)) && !process.env.CI)("keeps a transformers.js model to one copy in this thread", async () => {
    const config = { name: `transformers:${MODEL}`, modelDir: MODEL_DIR };
    const primary = (await loadEmbedder(config))!;
    const lines: string[] = [];
    const pool = await createEmbedderPool(primary, config, 2, (l) => lines.push(l));
    expect(pool.size).toBe(1);
    expect(lines[0]).toMatch(/one transformers:.* model: ONNX Runtime uses every core/);
    expect(await pool.embed(["one copy"])).toEqual(await primary.embed(["one copy"]));
    await pool.close();
  }, 60_000);
});
