/**
 * One writer at a time: ingest and build:index hold corpus/.lock, a file
 * created exclusively (O_EXCL) holding the writer's pid. A second writer
 * waits for it (printing who holds it), or fails after the wait with a clear
 * message. A lock whose process is gone (killed, crashed) is stale: the next
 * writer removes it and says so. Breaking a stale lock is itself guarded by
 * corpus/.lock.breaking, so two writers that both find the same stale lock
 * cannot delete a fresh one by mistake.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync, fsyncSync } from "node:fs";
import { hostname } from "node:os";
import { isAlive } from "./durable.js";
import { shown, type CorpusPaths } from "./paths.js";

export interface LockInfo {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export class LockBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LockBusyError";
  }
}

export interface LockOptions {
  /** How long to wait for another writer (default VERBATIM_LOCK_WAIT_MS, else 30 minutes); 0 fails at once. */
  waitMs?: number;
  log?: (line: string) => void;
  command?: string;
}

let held = new Set<string>();

export function lockWaitFromEnv(): number {
  const n = Number(process.env.VERBATIM_LOCK_WAIT_MS);
  return process.env.VERBATIM_LOCK_WAIT_MS !== undefined && Number.isFinite(n) && n >= 0 ? n : 30 * 60_000;
}

export function readLock(path: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(path, "utf8")) as LockInfo;
    return Number.isInteger(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/** A lock whose writer is gone: dead pid on this host, or unreadable and older than a few seconds. */
function isStale(path: string, info: LockInfo | null): boolean {
  if (!info) {
    try {
      return Date.now() - statSync(path).mtimeMs > 5_000;
    } catch {
      return false;
    }
  }
  if (info.host !== hostname()) return false;
  if (info.pid === process.pid) return !held.has(path);
  return !isAlive(info.pid);
}

function tryCreate(path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(info) + "\n");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function breakStale(path: string, seen: LockInfo | null, log: (line: string) => void): void {
  const guard = `${path}.breaking`;
  let fd: number;
  try {
    fd = openSync(guard, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Another writer is breaking it; a guard left by a crash expires.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 10_000) rmSync(guard, { force: true });
    } catch {}
    return;
  }
  closeSync(fd);
  try {
    const now = readLock(path);
    if (now?.pid === seen?.pid && isStale(path, now)) {
      rmSync(path, { force: true });
      log(`removed a stale lock ${shown(path)}${seen ? ` left by pid ${seen.pid} (${seen.command}, since ${seen.since}), which is no longer running` : " (unreadable)"}`);
    }
  } finally {
    rmSync(guard, { force: true });
  }
}

/** Runs `fn` holding the corpus write lock. */
export async function withWriteLock<T>(paths: CorpusPaths, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireWriteLock(paths, options);
  try {
    return await fn();
  } finally {
    release();
  }
}

export async function acquireWriteLock(paths: CorpusPaths, options: LockOptions = {}): Promise<() => void> {
  const log = options.log ?? ((line: string) => console.error(line));
  const waitMs = options.waitMs ?? lockWaitFromEnv();
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    command: options.command ?? process.argv.slice(1).map((a) => a.replace(/^.*\/src\//, "src/")).join(" "),
    since: new Date().toISOString(),
  };
  mkdirSync(paths.root, { recursive: true });
  const started = Date.now();
  let announced = false;
  for (;;) {
    if (tryCreate(paths.lock, info)) break;
    const other = readLock(paths.lock);
    if (isStale(paths.lock, other)) {
      breakStale(paths.lock, other, log);
      continue;
    }
    const who = other ? `pid ${other.pid} (${other.command}, since ${other.since})` : "another writer";
    if (Date.now() - started >= waitMs)
      throw new LockBusyError(
        `another writer holds ${shown(paths.lock)}: ${who}. Wait for it to finish and try again` +
          `${waitMs > 0 ? ` (waited ${Math.round(waitMs / 1000)} s; VERBATIM_LOCK_WAIT_MS sets how long)` : ""}; ` +
          `if no such process is running, delete ${shown(paths.lock)}`,
      );
    if (!announced) {
      announced = true;
      log(`waiting for ${who} to finish writing ${shown(paths.root)} (lock ${shown(paths.lock)})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  held.add(paths.lock);
  return () => {
    held.delete(paths.lock);
    const now = readLock(paths.lock);
    if (now?.pid === process.pid && existsSync(paths.lock)) rmSync(paths.lock, { force: true });
  };
}

/** Who holds the lock, or null; a stale lock is reported as such. */
export function lockStatus(paths: CorpusPaths): (LockInfo & { stale: boolean }) | null {
  if (!existsSync(paths.lock)) return null;
  const info = readLock(paths.lock);
  return info ? { ...info, stale: isStale(paths.lock, info) } : { pid: 0, host: "", command: "unreadable", since: "", stale: true };
}

/** For tests: forget locks this process holds (as if it had crashed). */
export function _forgetHeldLocks(): void {
  held = new Set();
}
