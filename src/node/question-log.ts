/**
 * The question log as a JSON Lines file (Node only), for `VERBATIM_QUESTION_LOG`.
 *
 * Append-only: each record is one line, written by one `writeSync` on a file
 * opened for appending, so a crash mid-write can tear only the last line.
 * Reading skips a torn line (parseLogLines), and the next append first ends
 * it with a newline, so the new record starts on a fresh line and no earlier
 * record is ever touched. Writes are synchronous on purpose: in one process
 * they cannot interleave, which serialises concurrent appends without a queue.
 * Appends are not fsynced one by one (a power cut may lose the last moments);
 * a compaction is written durably (tmp + fsync + rename).
 *
 * Retention: records older than `retentionDays` are not read, and are dropped
 * when the file is compacted: when the log opens, once a day while it is
 * written, and whenever it grows past `maxBytes` (then the oldest records go
 * too, down to three quarters of it). One server process per file: a second
 * writer's records could be lost in the other's compaction.
 */
import { chmodSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseLogLines, type FeedbackRecord, type LogRecord, type QuestionLog, type QuestionRecord } from "../core/question-log.js";
import { replaceFileDurable } from "./durable.js";
import { PROJECT_ROOT } from "./paths.js";

export const DEFAULT_QUESTION_LOG = join(PROJECT_ROOT, ".cache", "questions.jsonl");
export const DEFAULT_RETENTION_DAYS = 90;
export const DEFAULT_MAX_MB = 50;

const DAY_MS = 86_400_000;
const NEWLINE = 0x0a;
/** The questions readers type are theirs, not every local user's. */
const PRIVATE = 0o600;

export interface QuestionLogSettings {
  path: string;
  retentionDays: number;
  maxBytes: number;
}

const ON = new Set(["1", "on", "true", "yes"]);
const OFF = new Set(["", "0", "off", "false", "no"]);

function positiveNumber(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not ${JSON.stringify(raw)}`);
  return value;
}

/**
 * The log's settings from the environment, or null when it is off (the default).
 * `VERBATIM_QUESTION_LOG=1` logs to .cache/questions.jsonl; any other value
 * that is not off is the file's path. `VERBATIM_QUESTION_LOG_DAYS` (default 90)
 * and `VERBATIM_QUESTION_LOG_MAX_MB` (default 50) bound what is kept.
 */
export function questionLogSettings(env: Record<string, string | undefined> = process.env): QuestionLogSettings | null {
  const setting = env.VERBATIM_QUESTION_LOG?.trim() ?? "";
  if (OFF.has(setting.toLowerCase())) return null;
  return {
    path: ON.has(setting.toLowerCase()) ? DEFAULT_QUESTION_LOG : resolve(setting),
    retentionDays: positiveNumber(env, "VERBATIM_QUESTION_LOG_DAYS", DEFAULT_RETENTION_DAYS),
    maxBytes: Math.round(positiveNumber(env, "VERBATIM_QUESTION_LOG_MAX_MB", DEFAULT_MAX_MB) * 1024 * 1024),
  };
}

/** The records of a log file within the retention limit, oldest first; an absent file holds none. */
export async function readQuestionLog(path: string, retentionDays: number, now = new Date()): Promise<{ records: LogRecord[]; skipped: number }> {
  if (!existsSync(path)) return { records: [], skipped: 0 };
  const { records, skipped } = parseLogLines(await readFile(path, "utf8"));
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  return { records: records.filter((r) => r.time >= cutoff), skipped };
}

/** True when the file is empty or ends with a newline, i.e. a torn last line needs no ending. */
function endsCleanly(fd: number): boolean {
  const { size } = fstatSync(fd);
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === NEWLINE;
}

export class FileQuestionLog implements QuestionLog {
  readonly settings: QuestionLogSettings;
  private readonly now: () => Date;
  private lastCompacted = 0;

  constructor(settings: QuestionLogSettings, options: { now?: () => Date } = {}) {
    this.settings = settings;
    this.now = options.now ?? (() => new Date());
    mkdirSync(dirname(settings.path), { recursive: true });
    this.compact();
  }

  async record(entry: QuestionRecord): Promise<void> {
    this.append(entry);
  }

  async feedback(entry: FeedbackRecord): Promise<void> {
    this.append(entry);
  }

  async read(): Promise<LogRecord[]> {
    return (await readQuestionLog(this.settings.path, this.settings.retentionDays, this.now())).records;
  }

  private append(record: LogRecord): void {
    const fd = openSync(this.settings.path, "a+", PRIVATE);
    let size: number;
    try {
      const line = Buffer.from((endsCleanly(fd) ? "" : "\n") + JSON.stringify(record) + "\n", "utf8");
      for (let at = 0; at < line.byteLength; ) at += writeSync(fd, line, at, line.byteLength - at);
      size = fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
    if (size > this.settings.maxBytes || this.now().getTime() - this.lastCompacted > DAY_MS) this.compact();
  }

  /** Rewrites the file with the records within retention, newest kept when it is over the size limit. */
  compact(): void {
    const now = this.now();
    this.lastCompacted = now.getTime();
    if (!existsSync(this.settings.path)) return;
    const text = readFileSync(this.settings.path, "utf8");
    const cutoff = new Date(now.getTime() - this.settings.retentionDays * DAY_MS).toISOString();
    const lines = parseLogLines(text).records.filter((r) => r.time >= cutoff).map((r) => JSON.stringify(r) + "\n");
    const budget = Buffer.byteLength(text) > this.settings.maxBytes ? Math.floor(this.settings.maxBytes * 0.75) : Infinity;
    let bytes = 0;
    let first = lines.length;
    while (first > 0 && bytes + Buffer.byteLength(lines[first - 1]) <= budget) bytes += Buffer.byteLength(lines[--first]);
    const kept = lines.slice(first).join("");
    if (kept === text) return;
    replaceFileDurable(this.settings.path, kept);
    chmodSync(this.settings.path, PRIVATE);
  }
}

/** The file-backed log the environment asks for, or undefined when logging is off. */
export function questionLogFromEnv(env: Record<string, string | undefined> = process.env): FileQuestionLog | undefined {
  const settings = questionLogSettings(env);
  return settings ? new FileQuestionLog(settings) : undefined;
}
