/**
 * The corpus as a sequence of complete states ("generations"), after
 * Lucene's commit points:
 *
 *   corpus/articles/<id>.json            the working set ingest writes (not served)
 *   corpus/generations/000007/           one complete, immutable state
 *     articles/<id>.json                 the articles this index was built from
 *     manifest.json chunks.json orama.json vectors.bin   the index (core/store.ts)
 *     GENERATION.json                    size + SHA-256 of every file above, written last
 *   corpus/CURRENT                       "000007\n": the generation a server opens
 *
 * A writer builds the next generation in generations/<n>.tmp-<pid>-<time>/,
 * fsyncs every file, writes GENERATION.json last, renames the folder to
 * generations/<n>, and then commits by replacing CURRENT (temp file, fsync,
 * rename, fsync of the folder): the one atomic step. The previous
 * generation stays on disk (VERBATIM_KEEP_GENERATIONS, default 2 kept) so a
 * damaged current one can fall back to it.
 *
 * Opening verifies every file's size and checksum before parsing anything.
 * A damaged or missing file skips that generation, loudly (log + health),
 * for the newest older one that verifies; with none left, opening refuses,
 * naming each damaged file and the command that repairs it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Article } from "../core/article.js";
import { contentHash } from "../core/hash.js";
import { INDEX_FORMAT_VERSION, type Chunks, type IndexFiles, type Manifest } from "../core/store.js";
import { fsyncDir, isAlive, replaceFileDurable, sha256, writeFileDurable } from "./durable.js";
import { shown, stableJson, type CorpusPaths } from "./paths.js";

/** Version of the generations layout (GENERATION.json `layout`). */
export const LAYOUT_VERSION = 1;
export const GENERATION_FILE = "GENERATION.json";
const INDEX_FILES = ["manifest.json", "chunks.json", "orama.json", "vectors.bin"] as const;
const NAME = /^\d{6}$/;
export const REPAIR_COMMAND = "npm run build:index";

export interface FileRecord {
  bytes: number;
  sha256: string;
}

export interface GenerationRecord {
  layout: number;
  generation: number;
  /** Every file of the generation but GENERATION.json, by path relative to its folder. */
  files: Record<string, FileRecord>;
  /** SHA-256 of this record without this field (stableJson), so damage to it is caught too. */
  sha256: string;
}

/** A corpus that cannot be served: the message names the file(s) and the fix. */
export class CorpusError extends Error {
  constructor(
    message: string,
    readonly files: string[] = [],
  ) {
    super(message);
    this.name = "CorpusError";
  }
}

export const generationName = (n: number) => String(n).padStart(6, "0");
export const generationDir = (paths: CorpusPaths, n: number) => join(paths.generations, generationName(n));

/** Complete generations on disk (folders renamed into place), oldest first. */
export function listGenerations(paths: CorpusPaths): number[] {
  if (!existsSync(paths.generations)) return [];
  return readdirSync(paths.generations)
    .filter((n) => NAME.test(n))
    .map(Number)
    .sort((a, b) => a - b);
}

/** The generation CURRENT names, or why it names none. */
export function readCurrent(paths: CorpusPaths): { generation: number | null; problem?: string } {
  if (!existsSync(paths.current)) return { generation: null, problem: `${shown(paths.current)} is missing` };
  const text = readFileSync(paths.current, "utf8");
  const m = /^(\d{6})\n?$/.exec(text);
  if (!m) return { generation: null, problem: `${shown(paths.current)} is damaged (expected a generation number, found ${JSON.stringify(text.slice(0, 40))})` };
  return { generation: Number(m[1]) };
}

/** Does the corpus still have the layout of a version before generations (corpus/index/)? */
export function isLegacyLayout(paths: CorpusPaths): boolean {
  return !existsSync(paths.current) && listGenerations(paths).length === 0 && existsSync(join(paths.index, "manifest.json"));
}

export function legacyLayoutMessage(paths: CorpusPaths): string {
  return (
    `${shown(paths.root)} has the layout of an older version (${shown(paths.index)}/ without generations). ` +
    `Run \`${REPAIR_COMMAND}\` to move it to generations: it reuses that index's vectors, so nothing is embedded again.`
  );
}

function recordHash(record: Omit<GenerationRecord, "sha256">): string {
  return sha256(stableJson({ layout: record.layout, generation: record.generation, files: record.files }));
}

// ------------------------------------------------------------------ writing

export interface WriteGenerationOptions {
  /** Complete generations to keep, the new one included (default VERBATIM_KEEP_GENERATIONS, else 2). */
  keep?: number;
  log?: (line: string) => void;
}

export function keepFromEnv(): number {
  const n = Number(process.env.VERBATIM_KEEP_GENERATIONS);
  return Number.isInteger(n) && n >= 2 ? n : 2;
}

/**
 * Write the index and the articles it was built from as the next generation,
 * then switch CURRENT to it. The caller holds the write lock.
 */
export function writeGeneration(paths: CorpusPaths, files: IndexFiles, articles: Article[], options: WriteGenerationOptions = {}): { generation: number; dir: string } {
  const log = options.log ?? (() => {});
  mkdirSync(paths.generations, { recursive: true });
  recoverStaging(paths);
  const committed = readCurrent(paths).generation;
  // Generations newer than CURRENT were finished but never switched to (a writer killed while switching): not a state anyone served.
  if (committed !== null) for (const n of listGenerations(paths).filter((g) => g > committed)) removeGeneration(paths, n);
  const current = committed ?? 0;
  const n = Math.max(current, ...listGenerations(paths), 0) + 1;
  const final = generationDir(paths, n);
  const staging = `${final}.tmp-${process.pid}-${Date.now()}`;

  const contents: [string, Uint8Array][] = [];
  const add = (rel: string, data: string | Uint8Array) => contents.push([rel, typeof data === "string" ? Buffer.from(data, "utf8") : data]);
  for (const article of [...articles].sort((a, b) => (a.id < b.id ? -1 : 1))) add(`articles/${article.id}.json`, stableJson(article));
  const v = files.vectors;
  add("manifest.json", stableJson(files.manifest));
  add("chunks.json", JSON.stringify(files.chunks) + "\n");
  add("orama.json", JSON.stringify(files.orama) + "\n");
  add("vectors.bin", new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  const listed = Object.fromEntries(
    contents.map(([rel, bytes]) => [rel, { bytes: bytes.byteLength, sha256: sha256(bytes) }] as const).sort(([a], [b]) => (a < b ? -1 : 1)),
  );

  // Same articles in, same bytes out: when the current generation (intact) already holds exactly this, nothing changes.
  if (committed !== null) {
    try {
      const existing = readGeneration(paths, committed);
      if (stableJson(existing.record.files) === stableJson(listed)) {
        log(`unchanged: generation ${generationName(committed)} already holds these articles and this index`);
        return { generation: committed, dir: existing.dir };
      }
    } catch {
      // Damaged or unreadable: write a new one (this is the repair).
    }
  }

  const record: Omit<GenerationRecord, "sha256"> = { layout: LAYOUT_VERSION, generation: n, files: listed };
  try {
    mkdirSync(join(staging, "articles"), { recursive: true });
    log(`writing generation ${generationName(n)}: ${articles.length} articles`);
    for (const [rel, bytes] of contents) {
      if (rel === "manifest.json") {
        fsyncDir(join(staging, "articles"));
        log(`writing generation ${generationName(n)}: index`);
      }
      writeFileDurable(join(staging, rel), bytes);
    }
    const full: GenerationRecord = { ...record, sha256: recordHash(record) };
    // Written last: a generation without it is not complete.
    writeFileDurable(join(staging, GENERATION_FILE), stableJson(full));
    fsyncDir(staging);
    renameSync(staging, final);
    fsyncDir(paths.generations);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  log(`switching to generation ${generationName(n)}`);
  replaceFileDurable(paths.current, `${generationName(n)}\n`);
  log(`switched to generation ${generationName(n)}`);
  prune(paths, n, options.keep ?? keepFromEnv());
  return { generation: n, dir: final };
}

/**
 * Clears what dead writers left: staging folders and temp files. A staging
 * folder of a live writer stays.
 */
export function recoverStaging(paths: CorpusPaths): string[] {
  const removed: string[] = [];
  const dead = (name: string) => {
    const m = /\.tmp-(\d+)-\d+$/.exec(name);
    return m !== null && (!isAlive(Number(m[1])) || Number(m[1]) === process.pid);
  };
  for (const dir of [paths.generations, paths.articles, paths.root])
    if (existsSync(dir))
      for (const name of readdirSync(dir))
        if (dead(name)) {
          rmSync(join(dir, name), { recursive: true, force: true });
          removed.push(join(dir, name));
        }
  // Staging and moved-aside folders of the layout before generations.
  if (existsSync(paths.root))
    for (const name of readdirSync(paths.root)) {
      const m = /^index\.(?:old|tmp)-(\d+)-\d+$/.exec(name);
      if (m && !isAlive(Number(m[1]))) {
        rmSync(join(paths.root, name), { recursive: true, force: true });
        removed.push(join(paths.root, name));
      }
    }
  return removed;
}

/**
 * Keeps the current generation and the `keep - 1` newest older ones; removes
 * older ones, generations newer than CURRENT (finished but never switched
 * to), and the index of the layout before generations.
 */
export function prune(paths: CorpusPaths, current: number, keep: number): void {
  const older = listGenerations(paths).filter((n) => n < current);
  const drop = [...older.slice(0, Math.max(0, older.length - (keep - 1))), ...listGenerations(paths).filter((n) => n > current)];
  for (const n of drop) removeGeneration(paths, n);
  if (existsSync(paths.index)) rmSync(paths.index, { recursive: true, force: true });
}

function removeGeneration(paths: CorpusPaths, n: number): void {
  // Renamed out of the generation names first, so no reader ever sees a half-deleted generation.
  const doomed = `${generationDir(paths, n)}.tmp-${process.pid}-${Date.now()}`;
  renameSync(generationDir(paths, n), doomed);
  rmSync(doomed, { recursive: true, force: true });
}

// ------------------------------------------------------------------ reading

/** One damaged or missing file, and what was wrong with it. */
export interface Damage {
  file: string;
  problem: string;
}

export class GenerationDamaged extends Error {
  constructor(
    readonly generation: number,
    readonly damage: Damage,
  ) {
    super(`${damage.file} ${damage.problem}`);
  }
}

export interface OpenedGeneration {
  generation: number;
  dir: string;
  files: IndexFiles;
  articles: Article[];
  record: GenerationRecord;
  /** Milliseconds spent checking sizes and checksums. */
  verifyMs: number;
}

function parseJson<T>(file: string, bytes: Buffer, generation: number): T {
  try {
    return JSON.parse(bytes.toString("utf8")) as T;
  } catch (error) {
    throw new GenerationDamaged(generation, { file: shown(file), problem: `is not valid JSON (${(error as Error).message})` });
  }
}

/** Reads one generation, checking every file against GENERATION.json before parsing it. */
export function readGeneration(paths: CorpusPaths, n: number): OpenedGeneration {
  const dir = generationDir(paths, n);
  const at = (rel: string) => join(dir, rel);
  const damaged = (rel: string, problem: string) => new GenerationDamaged(n, { file: shown(at(rel)), problem });
  if (!existsSync(at(GENERATION_FILE))) throw damaged(GENERATION_FILE, "is missing");
  const record = parseJson<GenerationRecord>(at(GENERATION_FILE), readFileSync(at(GENERATION_FILE)), n);
  if (typeof record.layout === "number" && record.layout > LAYOUT_VERSION)
    throw new CorpusError(
      `${shown(dir)} was written by a newer version of Verbatim (layout ${record.layout}; this one reads layout ${LAYOUT_VERSION}); update Verbatim or rebuild with \`${REPAIR_COMMAND}\``,
      [shown(at(GENERATION_FILE))],
    );
  if (record.layout !== LAYOUT_VERSION || record.generation !== n || !record.files || typeof record.files !== "object" || recordHash(record) !== record.sha256)
    throw damaged(GENERATION_FILE, "is damaged (its own checksum does not match)");

  let verifyMs = 0;
  const bytesOf = new Map<string, Buffer>();
  for (const [rel, expected] of Object.entries(record.files)) {
    if (!existsSync(at(rel))) throw damaged(rel, "is missing");
    const size = statSync(at(rel)).size;
    if (size !== expected.bytes) throw damaged(rel, `is damaged (${size} bytes, expected ${expected.bytes})`);
    const bytes = readFileSync(at(rel));
    const t = performance.now();
    const sum = sha256(bytes);
    verifyMs += performance.now() - t;
    if (sum !== expected.sha256) throw damaged(rel, `is damaged (SHA-256 ${sum.slice(0, 12)}…, expected ${expected.sha256.slice(0, 12)}…)`);
    bytesOf.set(rel, bytes);
  }
  for (const name of INDEX_FILES) if (!bytesOf.has(name)) throw damaged(name, "is not listed in GENERATION.json");

  const manifest = parseJson<Manifest>(at("manifest.json"), bytesOf.get("manifest.json")!, n);
  if (manifest.format !== INDEX_FORMAT_VERSION)
    throw new CorpusError(
      `${shown(at("manifest.json"))} has index format ${manifest.format}, this version reads format ${INDEX_FORMAT_VERSION}; rebuild with \`${REPAIR_COMMAND}\``,
      [shown(at("manifest.json"))],
    );
  const chunks = parseJson<Chunks>(at("chunks.json"), bytesOf.get("chunks.json")!, n);
  const orama = parseJson<IndexFiles["orama"]>(at("orama.json"), bytesOf.get("orama.json")!, n);
  const raw = bytesOf.get("vectors.bin")!;
  if (raw.byteLength % 4 !== 0) throw damaged("vectors.bin", `is damaged (${raw.byteLength} bytes is not a whole number of float32 values)`);
  // A view when the bytes are 4-byte aligned; otherwise a copy (Buffer slices may start anywhere).
  const vectors = raw.byteOffset % 4 === 0 ? new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4) : new Float32Array(new Uint8Array(raw).buffer);
  if (vectors.length !== (manifest.passages + manifest.sentences) * manifest.dim)
    throw damaged("vectors.bin", `does not match manifest.json (${vectors.length} floats for ${manifest.passages + manifest.sentences} rows of ${manifest.dim})`);

  const articles: Article[] = [];
  for (const [rel, bytes] of bytesOf) {
    if (!rel.startsWith("articles/")) continue;
    const article = parseJson<Article>(at(rel), bytes, n);
    if (`articles/${article.id}.json` !== rel || contentHash(article.text ?? "") !== article.id)
      throw damaged(rel, "is damaged (its text does not hash to its id)");
    articles.push(article);
  }
  const indexed = Object.keys(chunks.sentences ?? {});
  if (indexed.length !== articles.length || manifest.articles !== articles.length)
    throw damaged("chunks.json", `does not match the generation's ${articles.length} articles (${indexed.length} indexed)`);
  return { generation: n, dir, files: { manifest, chunks, orama, vectors }, articles, record, verifyMs };
}

export interface OpenCorpusOptions {
  /** Fall back to the newest older generation that verifies (default true). */
  fallback?: boolean;
  /** Extra check on a verified generation (e.g. building the in-memory index); a throw counts as damage. */
  check?: (opened: OpenedGeneration) => void;
}

export interface OpenedCorpus extends OpenedGeneration {
  /** The generation CURRENT names (null when CURRENT itself is missing or damaged). */
  current: number | null;
  /** Set when serving something other than the generation CURRENT names: why. */
  degraded?: string;
}

/** Opens the generation CURRENT names, or the newest good one before it (saying why). */
export function openCorpus(paths: CorpusPaths, options: OpenCorpusOptions = {}): OpenedCorpus {
  const all = listGenerations(paths);
  if (all.length === 0 && !existsSync(paths.current)) {
    if (isLegacyLayout(paths)) throw new CorpusError(legacyLayoutMessage(paths), [shown(paths.index)]);
    throw new CorpusError(`no index in ${shown(paths.root)}: run \`npm run ingest -- <files>\`, or \`${REPAIR_COMMAND}\` if ${shown(paths.articles)} has articles`);
  }
  const { generation: current, problem } = readCurrent(paths);
  const problems: string[] = problem ? [problem] : [];
  const candidates = current !== null ? [current, ...all.filter((n) => n < current).reverse()] : [...all].reverse();
  if (current !== null && !all.includes(current)) {
    problems.push(`generation ${generationName(current)} (named by ${shown(paths.current)}) is missing`);
    candidates.shift();
  }
  const files: string[] = problem ? [shown(paths.current)] : [];
  for (const n of candidates) {
    try {
      const opened = readGeneration(paths, n);
      options.check?.(opened);
      if (problems.length === 0) return { ...opened, current };
      const degraded = `${problems.join("; ")}; serving generation ${generationName(n)}, the last good state (${opened.articles.length} articles). Repair: \`${REPAIR_COMMAND}\``;
      return { ...opened, current, degraded };
    } catch (error) {
      if (error instanceof CorpusError && !(error instanceof GenerationDamaged) && options.fallback === false) throw error;
      const message = error instanceof GenerationDamaged ? error.message : `${generationName(n)}: ${(error as Error).message}`;
      problems.push(`generation ${generationName(n)}: ${message}`);
      if (error instanceof GenerationDamaged) files.push(error.damage.file);
      if (options.fallback === false) break;
    }
  }
  throw new CorpusError(
    `no intact generation to serve in ${shown(paths.root)}: ${problems.join("; ")}. ` +
      `Repair: \`${REPAIR_COMMAND}\` writes a new generation from ${shown(paths.articles)} (\`npm run doctor\` checks them first)`,
    files,
  );
}

/** Article ids of the working set (corpus/articles) that differ from a served generation's. */
export function pendingChanges(paths: CorpusPaths, served: Iterable<string>): { added: string[]; removed: string[] } {
  const working = new Set(
    existsSync(paths.articles)
      ? readdirSync(paths.articles)
          .filter((n) => n.endsWith(".json"))
          .map((n) => n.slice(0, -5))
      : [],
  );
  const have = new Set(served);
  return { added: [...working].filter((id) => !have.has(id)).sort(), removed: [...have].filter((id) => !working.has(id)).sort() };
}
