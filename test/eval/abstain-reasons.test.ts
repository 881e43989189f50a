/**
 * An abstention's reason must be true of what was searched: "no passage found
 * is about X" only when no candidate passage mentions X. Checked on every
 * question of the dev and own sets, plus questions built to name something the
 * articles mention without saying what is asked.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/core/engine.js";
import { parseQuestions } from "../../src/core/evaluate.js";
import { PROJECT_ROOT } from "../../src/node/corpus-files.js";
import { devQuestions, realEngine } from "../helpers/engine.js";

const OWN = parseQuestions(readFileSync(join(PROJECT_ROOT, "test/eval/verbatim-own.jsonl"), "utf8"));
/** Names the articles mention, asked about in ways they do not answer. */
const PROBES = [
  "What did Blinken say a ceasefire without withdrawal would do?",
  "What did Blinken eat for breakfast in Washington?",
  "What colour was Wang Yi's car in Moscow?",
  "How tall is Oleksandr Symshyshyn?",
];

describe("abstention reasons", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await realEngine();
  });

  it("say 'no passage found is about X' only when no candidate passage mentions X", async () => {
    const questions = [...devQuestions(), ...OWN].map((q) => ({ question: q.question, history: q.history })).concat(PROBES.map((question) => ({ question, history: undefined })));
    for (const q of questions) {
      const r = await engine.answer({ ...q, debug: true });
      const claim = /no passage found is about (.+)$/.exec(r.abstainReason ?? "");
      if (!claim) continue;
      const passages = (r.trace!.passages as { text: string }[]).map((p) => p.text.toLowerCase());
      for (const name of claim[1].split(/, | and /)) expect(passages.some((t) => t.includes(name.toLowerCase())), `${q.question}: ${r.abstainReason}`).toBe(false);
    }
    // The probes name people the articles mention: none of them may be reported as absent.
    for (const question of PROBES) {
      const r = await engine.answer({ question });
      expect(r.abstainReason ?? "", question).not.toMatch(/no passage found is about/);
    }
  });
});
