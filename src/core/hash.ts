import { createHash } from "node:crypto";

/** Short, stable content id: the first 16 hex digits of SHA-256. */
export function contentHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, 16);
}
