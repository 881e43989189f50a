/** The real engine over the committed index, with the configured (default: USE-lite) model. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Engine } from "../../src/core/engine.js";
import { loadEngine } from "../../src/node/load-engine.js";
import { PROJECT_ROOT } from "../../src/node/corpus-files.js";
import { createApp } from "../../src/http/app.js";
import { parseQuestions } from "../../src/core/evaluate.js";

let pending: Promise<Engine> | null = null;
export function realEngine(): Promise<Engine> {
  pending ??= loadEngine({ log: () => {} });
  return pending;
}

export function testApp(engine: Engine, env: Record<string, string> = {}) {
  return createApp({ getEngine: () => engine, env: { RATE_LIMIT_PER_MIN: "0", ...env }, log: () => {} });
}

export const SHARED = join(PROJECT_ROOT, "../shared");
export const DEV_SET = join(SHARED, "eval/qa-dev.jsonl");
export const BBC = join(SHARED, "corpora/bbc");

export function devQuestions() {
  return parseQuestions(readFileSync(DEV_SET, "utf8"));
}

export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) };
}
