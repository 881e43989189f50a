/**
 * Growing the corpus: only new articles are embedded, existing ids and
 * citation ids never change, removal works, and an incrementally updated
 * index is byte-for-byte the index a full rebuild would write.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Embedder } from "../../src/core/embed/embedder.js";
import { buildIndex, openIndex } from "../../src/core/store.js";
import { createEngine } from "../../src/core/engine.js";
import { corpusPaths, readArticles, readIndex, type CorpusPaths } from "../../src/node/corpus-files.js";
import { EmbeddingCache } from "../../src/node/embedding-cache.js";
import { ingestFiles } from "../../src/node/ingest-files.js";
import { cachedEmbedTexts, POOL_MIN_TEXTS, previousVectors, updateIndex } from "../../src/node/index-update.js";
import { bagOfWordsEmbedder, CONTRACT_ARTICLES } from "./passage-store.contract.js";

/** The deterministic test embedder, recording every text it is asked to embed. */
function countingEmbedder(): Embedder & { texts: string[]; calls: number } {
  const inner = bagOfWordsEmbedder(32);
  const self = {
    name: inner.name,
    dim: inner.dim,
    texts: [] as string[],
    calls: 0,
    async embed(texts: string[]) {
      self.calls++;
      self.texts.push(...texts);
      return inner.embed(texts);
    },
  };
  return self;
}

describe("incremental ingest", () => {
  let root: string;
  let inbox: string;
  let paths: CorpusPaths;
  const write = (name: string, text: string) => {
    const path = join(inbox, name);
    writeFileSync(path, text);
    return path;
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "verbatim-ingest-"));
    inbox = join(root, "inbox");
    mkdirSync(inbox);
    paths = corpusPaths(join(root, "corpus"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("embeds only the new article's texts and keeps every existing id", async () => {
    const first = CONTRACT_ARTICLES.slice(0, 4).map((text, i) => write(`${i}.txt`, text));
    const embedder = countingEmbedder();
    const one = await ingestFiles(paths, first);
    expect(one.added).toHaveLength(4);
    const initial = await updateIndex({ paths, embedder });
    expect(initial.stats.embedded).toBe(initial.stats.texts);
    const before = openIndex(await readIndex(paths), await readArticles(paths));
    const citationIdsBefore = [...before.sentencesByArticle].flatMap(([id, ss]) => ss.map((s) => `${id}-${s.start}-${s.end}`));

    embedder.texts = [];
    const added = write("new.txt", CONTRACT_ARTICLES[4]);
    const two = await ingestFiles(paths, [...first, added]);
    expect(two.added.map((a) => a.origin)).toEqual([added]);
    expect(two.unchanged).toHaveLength(4);
    const update = await updateIndex({ paths, embedder });

    const newArticle = two.added[0].article;
    expect(embedder.texts.length).toBeGreaterThan(0);
    for (const text of embedder.texts) expect(`${newArticle.title}\n${newArticle.text}`).toContain(text.replace(`${newArticle.title}\n`, ""));
    expect(update.stats.fromPreviousIndex).toBe(initial.stats.texts);
    expect(update.stats.embedded).toBe(embedder.texts.length);

    const after = openIndex(await readIndex(paths), await readArticles(paths));
    const citationIdsAfter = new Set([...after.sentencesByArticle].flatMap(([id, ss]) => ss.map((s) => `${id}-${s.start}-${s.end}`)));
    for (const id of citationIdsBefore) expect(citationIdsAfter.has(id)).toBe(true);
    for (const a of before.articles) expect(after.articleById.get(a.id)).toEqual(a);
  });

  it("writes the same bytes as a full rebuild from scratch", async () => {
    const files = CONTRACT_ARTICLES.map((text, i) => write(`${i}.txt`, text));
    await ingestFiles(paths, files.slice(0, 3));
    await updateIndex({ paths, embedder: countingEmbedder() });
    await ingestFiles(paths, files.slice(3));
    await updateIndex({ paths, embedder: countingEmbedder() });
    const incremental = await readIndex(paths);

    const scratch = await buildIndex(await readArticles(paths), bagOfWordsEmbedder(32));
    expect(JSON.stringify(incremental.chunks)).toBe(JSON.stringify(scratch.files.chunks));
    expect(JSON.stringify(incremental.orama)).toBe(JSON.stringify(scratch.files.orama));
    expect(Buffer.from(incremental.vectors.buffer).equals(Buffer.from(scratch.files.vectors.buffer))).toBe(true);
  });

  it("re-ingesting unchanged files changes nothing and embeds nothing", async () => {
    const files = CONTRACT_ARTICLES.slice(0, 2).map((text, i) => write(`${i}.txt`, text));
    await ingestFiles(paths, files);
    await updateIndex({ paths, embedder: countingEmbedder() });
    const again = await ingestFiles(paths, files);
    expect(again.added).toHaveLength(0);
    expect(again.unchanged).toHaveLength(2);
    const embedder = countingEmbedder();
    const rebuilt = await updateIndex({ paths, embedder });
    expect(embedder.calls).toBe(0);
    expect(rebuilt.stats.embedded).toBe(0);
  });

  it("uses the embedding cache when there is no previous index", async () => {
    const cacheDir = join(root, "cache");
    const files = CONTRACT_ARTICLES.slice(0, 2).map((text, i) => write(`${i}.txt`, text));
    await ingestFiles(paths, files);
    const first = countingEmbedder();
    const cache = EmbeddingCache.open(cacheDir, first.name, first.dim);
    const built = await updateIndex({ paths, embedder: first, cache });
    // No previous index: every generation and the commit point gone.
    rmSync(paths.generations, { recursive: true });
    rmSync(paths.current);
    const second = countingEmbedder();
    const rebuilt = await updateIndex({ paths, embedder: second, cache });
    cache.close();
    expect(second.calls).toBe(0);
    expect(rebuilt.stats.fromCache).toBe(built.stats.texts);
  });

  it("removes an article with --remove and drops it from the index without embedding", async () => {
    const files = CONTRACT_ARTICLES.slice(0, 3).map((text, i) => write(`${i}.txt`, text));
    const { added } = await ingestFiles(paths, files);
    await updateIndex({ paths, embedder: countingEmbedder() });
    const gone = added[1].article.id;

    const outcome = await ingestFiles(paths, [], [gone]);
    expect(outcome.removed).toEqual([gone]);
    const embedder = countingEmbedder();
    await updateIndex({ paths, embedder });
    expect(embedder.calls).toBe(0);
    const index = openIndex(await readIndex(paths), await readArticles(paths));
    expect(index.articleById.has(gone)).toBe(false);
    expect(index.passages.some((p) => p.articleId === gone)).toBe(false);
    expect(index.articles).toHaveLength(2);
  });

  it("refuses removals that name no article, changing nothing", async () => {
    await ingestFiles(paths, [write("0.txt", CONTRACT_ARTICLES[0])]);
    const outcome = await ingestFiles(paths, [], ["0123456789abcdef", "../../etc/passwd", ""]);
    expect(outcome.removed).toEqual([]);
    expect(outcome.refusals).toEqual([
      expect.stringMatching(/0123456789abcdef: no article with that id/),
      expect.stringMatching(/\.\.\/\.\.\/etc\/passwd: not an article id/),
      expect.stringMatching(/\(missing\): not an article id/),
    ]);
    expect(await readArticles(paths)).toHaveLength(1);
  });

  it("reads .txt, .md and .jsonl from a folder, recursively, and ignores other files", async () => {
    mkdirSync(join(inbox, "nested"));
    write("a.txt", CONTRACT_ARTICLES[0]);
    write("nested/b.md", `---\nurl: https://example.com/quokkas\n---\n# Quokkas bounce back\n\n${CONTRACT_ARTICLES[1].split("\n\n")[1]}\n`);
    write(
      "bulk.jsonl",
      [
        JSON.stringify({ title: "Bridge closes", source: "Gazette", date: "2024-05-02", url: "https://example.com/bridge", text: CONTRACT_ARTICLES[2].split("\n\n")[1] }),
        "{broken",
        JSON.stringify({ text: CONTRACT_ARTICLES[3].split("\n\n")[1] }),
      ].join("\n"),
    );
    write("notes.csv", "a,b,c\n");
    write(".hidden.txt", CONTRACT_ARTICLES[4]);
    write("README.TXT", "This folder holds the articles for the test. Each file is one story.");

    const outcome = await ingestFiles(paths, [inbox]);
    expect(outcome.refusals).toEqual([expect.stringMatching(/bulk\.jsonl:2: not valid JSON/)]);
    expect(outcome.added.map((a) => a.origin.replace(inbox, ""))).toEqual(["/a.txt", "/bulk.jsonl:1", "/bulk.jsonl:3", "/nested/b.md"]);
    const byTitle = new Map(outcome.added.map((a) => [a.article.title, a.article]));
    expect(byTitle.get("Quokkas bounce back")!.url).toBe("https://example.com/quokkas");
    expect(byTitle.get("Bridge closes")).toMatchObject({ source: "Gazette", date: "2024-05-02", url: "https://example.com/bridge" });

    // Quotes from every format are verbatim substrings of the stored text, and answerable.
    const embedder = bagOfWordsEmbedder(32);
    await updateIndex({ paths, embedder });
    const engine = createEngine(openIndex(await readIndex(paths), await readArticles(paths)), embedder);
    const result = await engine.answer({ question: "How much will the bridge repairs cost?" });
    expect(result.abstained).toBe(false);
    const c = result.citations[0];
    expect(engine.article(c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
    expect(engine.article(c.articleId)!.url).toBe("https://example.com/bridge");
  });

  it("refuses a second copy of the same content within one run, whatever its format or title", async () => {
    const a = write("a.txt", CONTRACT_ARTICLES[0]);
    const b = write("b.md", `# Another headline\n\n${CONTRACT_ARTICLES[0].split("\n\n")[1]}\n`);
    const c = write("c.txt", CONTRACT_ARTICLES[1]);
    const outcome = await ingestFiles(paths, [a, b, c]);
    expect(outcome.added.map((x) => x.origin)).toEqual([a, c]);
    expect(outcome.refusals).toEqual([expect.stringMatching(/b\.md: same content as .*a\.txt/)]);
  });

  it("refuses a path that does not exist before writing anything", async () => {
    const a = write("a.txt", CONTRACT_ARTICLES[0]);
    await expect(ingestFiles(paths, [a, join(inbox, "missing.txt")])).rejects.toThrow(/no such file/);
    expect(await readArticles(paths)).toHaveLength(0);
  });
});

describe("cachedEmbedTexts", () => {
  it("embeds each distinct missing text once, in order, and reports progress", async () => {
    const embedder = countingEmbedder();
    const progress: number[] = [];
    const previous = new Map([["known", (await embedder.embed(["known"]))[0]]]);
    embedder.texts = [];
    const embed = cachedEmbedTexts(embedder, { previous, batchSize: 2 });
    const texts = ["a b c", "known", "a b c", "d e f", "g h i"];
    const out = await embed(texts, (done) => progress.push(done));
    expect(embedder.texts).toEqual(["a b c", "d e f", "g h i"]);
    expect(out).toHaveLength(5);
    expect(out[0]).toEqual(out[2]);
    expect(out[1]).toBe(previous.get("known"));
    expect(progress[progress.length - 1]).toBe(5);
  });

  it("starts extra models only when there is enough to embed", async () => {
    const embedder = countingEmbedder();
    let started = 0;
    const makePool = async () => {
      started++;
      return { size: 2, embed: (texts: string[]) => embedder.embed(texts) };
    };
    await cachedEmbedTexts(embedder, { makePool })(["one text", "two texts"], () => {});
    expect(started).toBe(0);
    const many = Array.from({ length: POOL_MIN_TEXTS }, (_, i) => `text ${i}`);
    await cachedEmbedTexts(embedder, { makePool })(many, () => {});
    expect(started).toBe(1);
  });

  it("runs batches on a pool concurrently and keeps results in place", async () => {
    const embedder = countingEmbedder();
    let inFlight = 0;
    let maxInFlight = 0;
    const pool = {
      size: 3,
      async embed(texts: string[]) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5 * Math.random()));
        inFlight--;
        return embedder.embed(texts);
      },
    };
    const texts = Array.from({ length: 40 }, (_, i) => `text number ${i} ${"abcdefghij"[i % 10]}`);
    const out = await cachedEmbedTexts(embedder, { pool, batchSize: 4 })(texts, () => {});
    expect(maxInFlight).toBeGreaterThan(1);
    const direct = await bagOfWordsEmbedder(32).embed(texts);
    expect(out).toEqual(direct);
  });
});

describe("previousVectors", () => {
  it("maps every text of an index to its vector, skipping removed articles", async () => {
    const { parseArticle } = await import("../../src/core/article.js");
    const articles = CONTRACT_ARTICLES.slice(0, 3).map((t, i) => parseArticle(t, {}, `${i}`));
    const embedder = bagOfWordsEmbedder(32);
    const { files } = await buildIndex(articles, embedder);
    const all = previousVectors(files, articles);
    expect(all.size).toBeLessThanOrEqual(files.manifest.passages + files.manifest.sentences);
    for (const [text, vector] of all) expect(vector).toEqual((await embedder.embed([text]))[0]);
    const partial = previousVectors(files, articles.slice(1));
    expect([...partial.keys()].some((t) => articles[0].text.includes(t))).toBe(false);
    expect(partial.size).toBeGreaterThan(0);
  });
});
