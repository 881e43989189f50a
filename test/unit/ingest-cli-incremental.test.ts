/** `npm run ingest` end to end (lexical, so no model loads): add, re-add, remove, with the index kept in step. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { corpusPaths, PROJECT_ROOT, readArticles, readIndex } from "../../src/node/corpus-files.js";
import { CONTRACT_ARTICLES } from "./passage-store.contract.js";

const run = promisify(execFile);

async function ingest(corpus: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "src/cli/ingest.ts"), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, VERBATIM_CORPUS_DIR: corpus, VERBATIM_EMBEDDER: "none", VERBATIM_EMBEDDING_CACHE: "off" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("ingest CLI, incrementally", () => {
  let root: string;
  let corpus: string;
  let inbox: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "verbatim-ingest-cli-"));
    corpus = join(root, "corpus");
    inbox = join(root, "inbox");
    mkdirSync(inbox);
    CONTRACT_ARTICLES.slice(0, 3).forEach((t, i) => writeFileSync(join(inbox, `${i}.txt`), t));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("adds a folder and builds the index", async () => {
    const r = await ingest(corpus, inbox);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3 added, 0 unchanged, 0 removed, 0 refused/);
    expect(r.stdout).toMatch(/indexed 3 articles/);
    expect((await readIndex(corpusPaths(corpus))).manifest.articles).toBe(3);
  }, 60_000);

  it("leaves the corpus and the index alone when nothing is new", async () => {
    const manifest = join(corpus, "CURRENT");
    const before = statSync(manifest).mtimeMs;
    const generation = readFileSync(manifest, "utf8");
    const r = await ingest(corpus, inbox);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 added, 3 unchanged/);
    expect(r.stdout).not.toMatch(/indexed/);
    expect(statSync(manifest).mtimeMs).toBe(before);
    expect(readFileSync(manifest, "utf8")).toBe(generation);
  }, 60_000);

  it("adds a Markdown file next to refusals, exiting 2", async () => {
    writeFileSync(join(inbox, "new.md"), `# Quokkas bounce back\n\n${CONTRACT_ARTICLES[1].split("\n\n")[1]} Extra sentence here.\n`);
    writeFileSync(join(inbox, "empty.txt"), "");
    const r = await ingest(corpus, join(inbox, "new.md"), join(inbox, "empty.txt"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refused: .*empty\.txt: file is empty/);
    expect(r.stdout).toMatch(/added: .*new\.md → [0-9a-f]{16} "Quokkas bounce back"/);
    expect((await readIndex(corpusPaths(corpus))).manifest.articles).toBe(4);
  }, 60_000);

  it("removes an article by id and rebuilds the index", async () => {
    const [victim] = await readArticles(corpusPaths(corpus));
    const r = await ingest(corpus, "--remove", victim.id);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`removed: ${victim.id}`));
    const index = await readIndex(corpusPaths(corpus));
    expect(index.manifest.articles).toBe(3);
    expect(index.chunks.sentences[victim.id]).toBeUndefined();
  }, 60_000);

  it("refuses to remove an unknown id, exiting 2 and changing nothing", async () => {
    const r = await ingest(corpus, "--remove", "ffffffffffffffff");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refused: --remove ffffffffffffffff: no article with that id/);
    expect((await readArticles(corpusPaths(corpus))).length).toBe(3);
  }, 60_000);

  it("only writes records with --no-index", async () => {
    writeFileSync(join(inbox, "later.txt"), CONTRACT_ARTICLES[5]);
    const r = await ingest(corpus, "--no-index", join(inbox, "later.txt"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Run `npm run build:index`/);
    expect((await readArticles(corpusPaths(corpus))).length).toBe(4);
    expect((await readIndex(corpusPaths(corpus))).manifest.articles).toBe(3);
  }, 60_000);
});
