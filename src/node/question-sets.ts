/** The question sets `npm run eval` reads by default: the shared development set, then the project's own (test/eval). */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./corpus-files.js";

export function defaultQuestionFiles(): string[] {
  const files: string[] = [];
  const dev = join(PROJECT_ROOT, "../shared/eval/qa-dev.jsonl");
  if (existsSync(dev)) files.push(dev);
  const own = join(PROJECT_ROOT, "test/eval");
  if (existsSync(own)) for (const n of readdirSync(own).filter((n) => n.endsWith(".jsonl")).sort()) files.push(join(own, n));
  return files;
}
