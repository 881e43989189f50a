/**
 * A persistent cache of text embeddings, so rebuilding an index (or a
 * benchmark corpus) only embeds texts no earlier build has seen.
 *
 * One file per embedder under .cache/embeddings/ (VERBATIM_EMBEDDING_CACHE
 * overrides the folder; "off" disables the cache):
 *
 *   header   8 bytes "VBEMBED1", uint32 LE dimension, uint32 LE reserved (0)
 *   record   16-byte key, then `dim` little-endian float32s
 *
 * The key is the first 16 bytes of sha256(embedder name + "\n" + text), so a
 * vector can only ever be found for the exact text and model that made it.
 * Records are fixed-size and only ever appended, one write per batch: a crash
 * mid-write leaves at most a partial last record, which is cut off the next
 * time the cache is opened. Only the
 * keys are held in memory; vectors are read from the file when asked for.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fstatSync, linkSync, mkdirSync, openSync, readSync, renameSync, statSync, truncateSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./corpus-files.js";

const MAGIC = "VBEMBED1";
const HEADER_BYTES = 16;
const KEY_BYTES = 16;

export const DEFAULT_EMBEDDING_CACHE_DIR = join(PROJECT_ROOT, ".cache", "embeddings");

/** The cache folder from the environment, or null when caching is switched off. */
export function embeddingCacheDirFromEnv(env: Record<string, string | undefined> = process.env): string | null {
  const value = env.VERBATIM_EMBEDDING_CACHE?.trim();
  if (value === "off" || value === "0" || value === "none") return null;
  return value || DEFAULT_EMBEDDING_CACHE_DIR;
}

export function embeddingKey(embedderName: string, text: string): Buffer {
  return createHash("sha256").update(embedderName).update("\n").update(text, "utf8").digest().subarray(0, KEY_BYTES);
}

function fileName(embedderName: string, dim: number): string {
  return `${embedderName.replace(/[^A-Za-z0-9._-]+/g, "_")}-${dim}.bin`;
}

function header(dim: number): Buffer {
  const buf = Buffer.alloc(HEADER_BYTES);
  buf.write(MAGIC, 0, "ascii");
  buf.writeUInt32LE(dim, 8);
  return buf;
}

export class EmbeddingCache {
  readonly path: string;
  readonly embedderName: string;
  readonly dim: number;
  private readonly recordBytes: number;
  /** Key (hex) → record number. */
  private readonly rows = new Map<string, number>();
  /** Bytes of the file already scanned for keys. */
  private scanned = HEADER_BYTES;
  private fd: number | null = null;

  private constructor(dir: string, embedderName: string, dim: number) {
    this.embedderName = embedderName;
    this.dim = dim;
    this.recordBytes = KEY_BYTES + 4 * dim;
    this.path = join(dir, fileName(embedderName, dim));
  }

  /** Opens (or creates) the cache file for one embedder. A file with a foreign header is moved aside, not trusted. */
  static open(dir: string, embedderName: string, dim: number): EmbeddingCache {
    mkdirSync(dir, { recursive: true });
    const cache = new EmbeddingCache(dir, embedderName, dim);
    cache.ensureFile();
    cache.fd = openSync(cache.path, "r");
    cache.refresh();
    return cache;
  }

  /** Number of vectors in the cache. */
  get size(): number {
    return this.rows.size;
  }

  private ensureFile(): void {
    if (existsSync(this.path)) {
      const fd = openSync(this.path, "r");
      const head = Buffer.alloc(HEADER_BYTES);
      const n = readSync(fd, head, 0, HEADER_BYTES, 0);
      closeSync(fd);
      if (n === HEADER_BYTES && head.toString("ascii", 0, 8) === MAGIC && head.readUInt32LE(8) === this.dim) {
        // A partial last record (a write cut short) would misalign every later append: cut it off.
        const size = statSync(this.path).size;
        const extra = (size - HEADER_BYTES) % this.recordBytes;
        if (extra) truncateSync(this.path, size - extra);
        return;
      }
      renameSync(this.path, `${this.path}.invalid-${Date.now()}`);
    }
    // Create with its header in one step: link a finished temp file into place (fails harmlessly if another process won).
    const tmp = `${this.path}.tmp-${process.pid}-${Date.now()}`;
    writeFileSync(tmp, header(this.dim));
    try {
      linkSync(tmp, this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      unlinkSync(tmp);
    }
  }

  /** Picks up records appended since the last scan (by this or another process). */
  refresh(): void {
    const fd = this.requireFd();
    const size = fstatSync(fd).size;
    const whole = HEADER_BYTES + Math.floor((size - HEADER_BYTES) / this.recordBytes) * this.recordBytes;
    if (whole <= this.scanned) return;
    const perChunk = Math.max(1, Math.floor((8 << 20) / this.recordBytes));
    const buf = Buffer.alloc(perChunk * this.recordBytes);
    let row = (this.scanned - HEADER_BYTES) / this.recordBytes;
    for (let pos = this.scanned; pos < whole; ) {
      const want = Math.min(buf.length, whole - pos);
      const got = readSync(fd, buf, 0, want, pos);
      if (got <= 0) break;
      const records = Math.floor(got / this.recordBytes);
      for (let r = 0; r < records; r++, row++) {
        const key = buf.toString("hex", r * this.recordBytes, r * this.recordBytes + KEY_BYTES);
        if (!this.rows.has(key)) this.rows.set(key, row);
      }
      pos += records * this.recordBytes;
    }
    this.scanned = HEADER_BYTES + row * this.recordBytes;
  }

  private requireFd(): number {
    if (this.fd === null) throw new Error("embedding cache is closed");
    return this.fd;
  }

  private read(row: number): Float32Array {
    const out = new Float32Array(this.dim);
    readSync(this.requireFd(), new Uint8Array(out.buffer), 0, 4 * this.dim, HEADER_BYTES + row * this.recordBytes + KEY_BYTES);
    return out;
  }

  get(text: string): Float32Array | undefined {
    const row = this.rows.get(embeddingKey(this.embedderName, text).toString("hex"));
    return row === undefined ? undefined : this.read(row);
  }

  /** Vectors for many texts (undefined where missing), after picking up records other processes appended. */
  getMany(texts: string[]): (Float32Array | undefined)[] {
    this.refresh();
    return texts.map((t) => this.get(t));
  }

  /** Appends vectors in one write; texts already cached are skipped. */
  putMany(entries: [text: string, vector: Float32Array][]): void {
    const fresh: [Buffer, Float32Array][] = [];
    const seen = new Set<string>();
    for (const [text, vector] of entries) {
      if (vector.length !== this.dim) throw new Error(`embedding cache: vector has ${vector.length} dims, expected ${this.dim}`);
      const key = embeddingKey(this.embedderName, text);
      const hex = key.toString("hex");
      if (this.rows.has(hex) || seen.has(hex)) continue;
      seen.add(hex);
      fresh.push([key, vector]);
    }
    if (!fresh.length) return;
    const buf = Buffer.alloc(fresh.length * this.recordBytes);
    fresh.forEach(([key, vector], i) => {
      const at = i * this.recordBytes;
      key.copy(buf, at);
      Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(buf, at + KEY_BYTES);
    });
    const fd = openSync(this.path, "a");
    try {
      writeSync(fd, buf);
    } finally {
      closeSync(fd);
    }
    this.refresh();
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
