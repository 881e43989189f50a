/**
 * The transformers.js path end to end with a real (small) model from
 * VERBATIM_MODEL_DIR: load, mean-pool, normalize, build an index, answer.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadEmbedder, dot } from "../../src/core/embed/index.js";
import { buildIndex, openIndex } from "../../src/core/store.js";
import { corpusPaths, PROJECT_ROOT, readArticles } from "../../src/node/corpus-files.js";
import { createEngine } from "../../src/core/engine.js";

const MODEL_DIR = resolve(PROJECT_ROOT, process.env.VERBATIM_MODEL_DIR ?? "../shared/models");
const MODEL = "minishlab/m2v-bge-base-vq128-64d";
const available = existsSync(join(MODEL_DIR, MODEL));

describe.skipIf(!available && !process.env.CI)("transformers.js embedder", () => {
  it("loads a local model, mean-pools and normalizes", async () => {
    const embedder = (await loadEmbedder({ name: `transformers:${MODEL}`, modelDir: MODEL_DIR }))!;
    expect(embedder.name).toBe(`transformers:${MODEL}`);
    expect(embedder.dim).toBe(64);
    const [a, b, c] = await embedder.embed(["The UN resolution passed.", "The United Nations resolution was adopted.", "Football scores"]);
    expect(dot(a, a)).toBeCloseTo(1, 5);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
  });

  it("builds an index and answers with it", async () => {
    const embedder = await loadEmbedder({ name: `transformers:${MODEL}`, modelDir: MODEL_DIR });
    const articles = await readArticles(corpusPaths());
    const { files } = await buildIndex(articles, embedder);
    expect(files.manifest).toMatchObject({ embedder: `transformers:${MODEL}`, dim: 64 });
    const engine = createEngine(openIndex(files, articles), embedder);
    expect(engine.health().embedder).toBe(`transformers:${MODEL}`);
    const result = await engine.answer({ question: "Who is the mayor of Khmelnitskyi?" });
    expect(result.abstained).toBe(false);
    expect(result.answer).toContain("Oleksandr Symshyshyn");
  });

  it("fails fast, without a download, for a model that is not in the local folder", async () => {
    await expect(loadEmbedder({ name: "transformers:nobody/no-such-model", modelDir: MODEL_DIR })).rejects.toThrow();
  });

  it("rejects an unknown embedder name with a readable message", async () => {
    await expect(loadEmbedder({ name: "word2vec" })).rejects.toThrow(/unknown embedder "word2vec"/);
  });
});
