/**
 * Durable file writes for the corpus (Node only): every byte is written and
 * fsynced before the step that makes it visible (a rename), and the folder
 * holding a renamed entry is fsynced after it, so a power cut cannot leave a
 * name pointing at data that never reached the disk.
 *
 * Synchronous on purpose: writers are CLIs holding the corpus lock, and one
 * code path (openSync / writeSync / fsyncSync / renameSync) is what the fault
 * tests wrap to simulate a full disk or a kill mid-write.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname } from "node:path";

/** Writes in pieces this big, so a kill or a full disk can land mid-file as it would on a big index. */
const PIECE = 1 << 20;

export function writeFileDurable(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const fd = openSync(path, "w");
  try {
    for (let at = 0; at < bytes.byteLength; ) at += writeSync(fd, bytes, at, Math.min(PIECE, bytes.byteLength - at));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename or a new entry in `dir` durable. Some platforms cannot fsync a folder; that is not an error there. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL" && code !== "EBADF") throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Write to a temporary sibling, fsync, rename over `path`, fsync the folder. Readers see the old file or the new one. */
export function replaceFileDurable(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileDurable(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  fsyncDir(dirname(path));
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
