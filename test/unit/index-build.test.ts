/** Building the index: deterministic bytes, and the committed index is what the committed articles build to. */
import { describe, expect, it } from "vitest";
import { buildIndex, openIndex } from "../../src/core/store.js";
import { corpusPaths, readArticles, readIndex } from "../../src/node/corpus-files.js";
import { loadEmbedder } from "../../src/core/embed/index.js";
import { createEngine } from "../../src/core/engine.js";

const serialize = (files: Awaited<ReturnType<typeof buildIndex>>["files"]) => ({
  manifest: JSON.stringify(files.manifest),
  chunks: JSON.stringify(files.chunks),
  orama: JSON.stringify(files.orama),
  vectors: Buffer.from(files.vectors.buffer, files.vectors.byteOffset, files.vectors.byteLength).toString("base64"),
});

describe("buildIndex", () => {
  it("builds byte-identical files from the same articles, whatever their order", async () => {
    const articles = await readArticles(corpusPaths());
    const a = await buildIndex(articles, null);
    const b = await buildIndex([...articles].reverse(), null);
    expect(serialize(b.files)).toEqual(serialize(a.files));
  });

  it("matches the committed index when rebuilt with the default model", async () => {
    const paths = corpusPaths();
    const articles = await readArticles(paths);
    const committed = await readIndex(paths);
    const embedder = await loadEmbedder({ name: "use-lite" });
    const progress: string[] = [];
    const { files } = await buildIndex(articles, embedder, { onProgress: (p) => progress.push(p.phase) });
    expect(files.manifest).toEqual(committed.manifest);
    expect(JSON.stringify(files.chunks)).toBe(JSON.stringify(committed.chunks));
    expect(JSON.stringify(files.orama)).toBe(JSON.stringify(committed.orama));
    const bytes = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    expect(bytes(files.vectors).equals(bytes(committed.vectors))).toBe(true);
    expect(new Set(progress)).toEqual(new Set(["chunk", "embed", "index"]));
  }, 120_000);

  it("records the embedder and dimension that built it", async () => {
    const { manifest } = await readIndex(corpusPaths());
    expect(manifest).toMatchObject({ embedder: "use-lite", dim: 512 });
  });

  it("answers lexically, and says why, when the query embedder does not match the index", async () => {
    const paths = corpusPaths();
    const index = openIndex(await readIndex(paths), await readArticles(paths));
    const wrong = { name: "transformers:some/other-model", dim: 64, embed: async (t: string[]) => t.map(() => new Float32Array(64)) };
    const engine = createEngine(index, wrong);
    expect(engine.health().embedder).toBe("none");
    expect(engine.health().embedderReason).toMatch(/built with use-lite/);
    const result = await engine.answer({ question: "Who is the mayor of Khmelnitskyi?" });
    expect(result.answer).toContain("Oleksandr Symshyshyn");
  });

  it("answers lexically when the model failed to load", async () => {
    const paths = corpusPaths();
    const index = openIndex(await readIndex(paths), await readArticles(paths));
    const engine = createEngine(index, null, { embedderError: "embedder use-lite could not load: boom" });
    expect(engine.health()).toMatchObject({ embedder: "none", embedderReason: expect.stringMatching(/boom/) });
    expect((await engine.answer({ question: "What did Xi invite Putin to do?" })).answer).toMatch(/visit China later this year/);
  });
});
