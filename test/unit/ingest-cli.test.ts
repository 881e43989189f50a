/**
 * `npm run ingest` as a user runs it: a child process over a throwaway corpus
 * (VERBATIM_CORPUS_DIR in a mkdtemp folder; nothing is copied from the repo's
 * corpus). Bad input is refused with a clear message and a non-zero exit code
 * and changes nothing on disk; a good file is added.
 *
 * Crashes, damage and concurrent writers: test/faults/.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { corpusPaths, PROJECT_ROOT, readIndex } from "../../src/node/corpus-files.js";
import { BBC } from "../helpers/engine.js";

const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `verbatim-${prefix}-`));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function ingest(corpus: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    // What `npm run ingest` runs (tsx from node_modules/.bin), minus npm/npx start-up time.
    execFile(
      join(PROJECT_ROOT, "node_modules/.bin/tsx"),
      ["src/cli/ingest.ts", ...args],
      {
        cwd: PROJECT_ROOT,
        // The embedding cache stays off so the run writes nowhere but the temp corpus.
        env: { ...process.env, VERBATIM_CORPUS_DIR: corpus, VERBATIM_EMBEDDING_CACHE: "off", FORCE_COLOR: "0" },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Every file and folder under `dir`, with a content hash for files. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const full = join(dir, path);
      if (statSync(full).isDirectory()) {
        out[`${path}/`] = "dir";
        walk(path);
      } else out[path] = createHash("sha256").update(readFileSync(full)).digest("hex");
    }
  };
  walk("");
  return out;
}

const GOOD_TEXT = `Harbour bridge reopens after repairs

The harbour bridge in Port Elsworth reopened on Monday after eight months of repairs, the city council said. Engineers replaced 140 steel cables and resurfaced the deck. Mayor Ada Lindqvist called the work "overdue but worth it". Traffic is expected to return to normal by Friday.
`;
const OTHER_TEXT = `Library extends opening hours

The central library in Port Elsworth will open until 10 p.m. on weekdays from next month, the council announced. Librarian Tomas Rask said evening visits had doubled since the winter. The longer hours will cost 80,000 crowns a year.
`;

describe("npm run ingest (child process, temp corpus)", () => {
  let corpus: string;
  let inputs: string;
  let firstRun: Run;

  beforeAll(async () => {
    corpus = tempDir("corpus");
    inputs = tempDir("inputs");
    writeFileSync(join(inputs, "bridge.txt"), GOOD_TEXT);
    firstRun = await ingest(corpus, [join(inputs, "bridge.txt")]);
  }, 180_000);

  it("adds a normal file as one article record (and builds a readable index)", async () => {
    expect(firstRun.code, firstRun.stderr).toBe(0);
    expect(firstRun.stdout).toMatch(/added: .*bridge\.txt → [0-9a-f]{16} "Harbour bridge reopens after repairs"/);
    const records = readdirSync(join(corpus, "articles")).filter((n) => n.endsWith(".json"));
    expect(records).toHaveLength(1);
    const article = JSON.parse(readFileSync(join(corpus, "articles", records[0]), "utf8"));
    expect(article.title).toBe("Harbour bridge reopens after repairs");
    expect(article.text).toContain("Engineers replaced 140 steel cables");
    // Only the article and the index were written: no temp files left behind.
    expect(Object.keys(snapshot(corpus)).filter((p) => /tmp|old/.test(p))).toEqual([]);
    if (existsSync(join(corpus, "index"))) {
      const files = await readIndex(corpusPaths(corpus));
      expect(files.manifest.articles).toBe(1);
    }
  });

  const refusals: { name: string; make: (dir: string) => string; message: RegExp }[] = [
    {
      name: "a binary file",
      make: (dir) => {
        const path = join(dir, "photo.txt");
        writeFileSync(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]));
        return path;
      },
      message: /binary/i,
    },
    {
      name: "an empty file",
      make: (dir) => {
        const path = join(dir, "empty.txt");
        writeFileSync(path, "");
        return path;
      },
      message: /empty/i,
    },
    {
      name: "a file over 1 MB",
      make: (dir) => {
        const path = join(dir, "huge.txt");
        writeFileSync(path, `Huge title\n\n${"All work and no play makes Jack a dull boy. ".repeat(Math.ceil((1024 * 1024 + 1) / 44))}`);
        return path;
      },
      message: /larger than .*limit|too large/i,
    },
    {
      name: "a non-UTF-8 file",
      make: (dir) => {
        // A real Latin-1 story from the shared BBC corpus when it is there (read in place, never copied into a corpus).
        const bbc = join(BBC, "sport/199.txt");
        if (existsSync(bbc)) return bbc;
        const path = join(dir, "latin1.txt");
        writeFileSync(path, Buffer.from("Caf\xe9 owners protest\n\nThe caf\xe9 owners of the old town protested on Tuesday against new rent rules.\n", "latin1"));
        return path;
      },
      message: /not valid UTF-8/i,
    },
    {
      name: "a file with only whitespace",
      make: (dir) => {
        const path = join(dir, "blank.txt");
        writeFileSync(path, "\n\n   \n\t\n");
        return path;
      },
      message: /empty|no article text/i,
    },
  ];

  for (const { name, make, message } of refusals) {
    it(`refuses ${name} with a clear message, exit code 2, and no change to the corpus`, async () => {
      const file = make(tempDir("bad"));
      const before = snapshot(corpus);
      const run = await ingest(corpus, [file]);
      expect(run.code, run.stdout + run.stderr).not.toBe(0);
      expect(run.code).toBe(2);
      const line = run.stderr.split("\n").find((l) => l.startsWith("refused:"));
      expect(line, run.stderr).toBeDefined();
      expect(line).toContain(file);
      expect(line).toMatch(message);
      expect(run.stdout).toMatch(/0 added.*1 refused/);
      expect(snapshot(corpus)).toEqual(before);
    }, 120_000);
  }

  it("refuses a folder of only bad files, naming each, and changes nothing", async () => {
    const dir = tempDir("bad-folder");
    writeFileSync(join(dir, "a.txt"), "");
    writeFileSync(join(dir, "b.txt"), Buffer.from([0, 1, 2, 3, 0]));
    const before = snapshot(corpus);
    const run = await ingest(corpus, [dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refused: .*a\.txt: file is empty/);
    expect(run.stderr).toMatch(/refused: .*b\.txt: .*binary/);
    expect(snapshot(corpus)).toEqual(before);
  }, 120_000);

  it("refuses a missing path with a clear message and exit code 2", async () => {
    const before = snapshot(corpus);
    const run = await ingest(corpus, [join(inputs, "does-not-exist.txt")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/does-not-exist\.txt: no such file or directory/);
    expect(snapshot(corpus)).toEqual(before);
  }, 120_000);

  it("leaves an already-ingested file alone: says so, writes nothing, ids stay", async () => {
    // Re-running ingest over the same file (or a folder of mostly known files)
    // is idempotent by design: reported as "unchanged", not a failure (exit 0).
    const copy = join(tempDir("again"), "bridge-again.txt");
    writeFileSync(copy, GOOD_TEXT);
    const before = snapshot(corpus);
    const run = await ingest(corpus, [copy]);
    expect(run.stdout).toMatch(/unchanged: .*bridge-again\.txt \([0-9a-f]{16} already in the corpus\)/);
    expect(run.stdout).toMatch(/0 added, 1 unchanged/);
    expect(run.code).toBe(0);
    expect(snapshot(corpus)).toEqual(before);
  }, 120_000);

  it("refuses the second of two files with the same content; only the first is written", async () => {
    const dir = tempDir("twins");
    writeFileSync(join(dir, "one.txt"), OTHER_TEXT);
    writeFileSync(join(dir, "two.txt"), OTHER_TEXT);
    const articlesBefore = readdirSync(join(corpus, "articles")).sort();
    const run = await ingest(corpus, [join(dir, "one.txt"), join(dir, "two.txt")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refused: .*two\.txt: same content as .*one\.txt \(id [0-9a-f]{16}\)/);
    expect(run.stdout).toMatch(/1 added.*1 refused/);
    const articlesAfter = readdirSync(join(corpus, "articles")).sort();
    expect(articlesAfter.length).toBe(articlesBefore.length + 1);
    expect(Object.keys(snapshot(corpus)).filter((p) => /tmp|old/.test(p))).toEqual([]);
  }, 180_000);
});
