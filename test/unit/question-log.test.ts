/**
 * The question log file: settings from the environment, append-only JSON
 * Lines that survive a process killed mid-write (a real child process, killed
 * by the fault injector halfway through a record), serialised concurrent
 * appends, retention and the size limit.
 */
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { feedbackRecord, parseLogLines, questionRecord, type QuestionRecord } from "../../src/core/question-log.js";
import { DEFAULT_QUESTION_LOG, FileQuestionLog, questionLogSettings, readQuestionLog } from "../../src/node/question-log.js";
import { PROJECT_ROOT } from "../../src/node/paths.js";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "verbatim-question-log-"));
  file = join(dir, "questions.jsonl");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const asked = (i: number, time = new Date()): QuestionRecord =>
  questionRecord(uuid(i), { question: `Question ${i}?` }, { abstained: true, abstainReason: "no article mentions it", citations: [] }, time);
const settings = (extra: Partial<{ retentionDays: number; maxBytes: number }> = {}) => ({ path: file, retentionDays: 90, maxBytes: 1 << 20, ...extra });

describe("questionLogSettings", () => {
  it("is off unless VERBATIM_QUESTION_LOG is set", () => {
    expect(questionLogSettings({})).toBeNull();
    for (const off of ["", "0", "off", "false"]) expect(questionLogSettings({ VERBATIM_QUESTION_LOG: off })).toBeNull();
  });

  it("logs to .cache/questions.jsonl for 1, or to the path given, 90 days and 50 MB by default", () => {
    expect(questionLogSettings({ VERBATIM_QUESTION_LOG: "1" })).toEqual({ path: DEFAULT_QUESTION_LOG, retentionDays: 90, maxBytes: 50 * 1024 * 1024 });
    expect(DEFAULT_QUESTION_LOG).toBe(join(PROJECT_ROOT, ".cache", "questions.jsonl"));
    expect(questionLogSettings({ VERBATIM_QUESTION_LOG: file, VERBATIM_QUESTION_LOG_DAYS: "7", VERBATIM_QUESTION_LOG_MAX_MB: "2" })).toEqual({
      path: file,
      retentionDays: 7,
      maxBytes: 2 * 1024 * 1024,
    });
  });

  it("refuses a retention that is not a positive number", () => {
    expect(() => questionLogSettings({ VERBATIM_QUESTION_LOG: "1", VERBATIM_QUESTION_LOG_DAYS: "-3" })).toThrow(/VERBATIM_QUESTION_LOG_DAYS/);
    expect(() => questionLogSettings({ VERBATIM_QUESTION_LOG: "1", VERBATIM_QUESTION_LOG_MAX_MB: "lots" })).toThrow(/VERBATIM_QUESTION_LOG_MAX_MB/);
  });
});

describe("FileQuestionLog", () => {
  it("appends one JSON line per record, readable back, private to its owner", async () => {
    const log = new FileQuestionLog(settings());
    await log.record(asked(1));
    await log.feedback(feedbackRecord({ answerId: uuid(1) }, false));
    const lines = readFileSync(file, "utf8").split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(await log.read()).toEqual([JSON.parse(lines[0]), JSON.parse(lines[1])]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("serialises concurrent appends: every record whole, none lost", async () => {
    const log = new FileQuestionLog(settings());
    await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 3 ? log.record(asked(i)) : log.feedback(feedbackRecord({ answerId: uuid(i) }, i % 2 === 0)))));
    const { records, skipped } = parseLogLines(readFileSync(file, "utf8"));
    expect(skipped).toBe(0);
    expect(records).toHaveLength(300);
    expect(new Set(records.map((r) => r.answerId)).size).toBe(300);
  });

  it("skips a torn last line when reading, and starts the next record on a fresh line", async () => {
    const log = new FileQuestionLog(settings());
    await log.record(asked(1));
    appendFileSync(file, JSON.stringify(asked(2)).slice(0, 40));
    expect((await readQuestionLog(file, 90)).records.map((r) => r.answerId)).toEqual([uuid(1)]);
    await log.record(asked(3));
    const { records, skipped } = await readQuestionLog(file, 90);
    expect(records.map((r) => r.answerId)).toEqual([uuid(1), uuid(3)]);
    expect(skipped).toBe(1);
  });

  it("survives a process killed halfway through writing a record", async () => {
    const child = await new Promise<{ signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
      const proc = spawn(
        process.execPath,
        ["--import", join(PROJECT_ROOT, "node_modules/tsx/dist/esm/index.mjs"), "--import", join(PROJECT_ROOT, "test/faults/inject.mjs"), "test/fixtures/append-questions.ts", file, "5"],
        { cwd: PROJECT_ROOT, env: { ...process.env, FAULT_KILL_ON: `^write ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, FAULT_KILL_NTH: "3" }, stdio: ["ignore", "ignore", "pipe"] },
      );
      let stderr = "";
      proc.stderr.on("data", (d) => (stderr += d));
      proc.on("close", (_code, signal) => resolve({ signal, stderr }));
    });
    expect(child.signal, child.stderr).toBe("SIGKILL");
    const torn = readFileSync(file, "utf8");
    expect(torn.endsWith("\n")).toBe(false); // the third record is half written
    expect(torn.split("\n")).toHaveLength(3);

    const { records, skipped } = await readQuestionLog(file, 90);
    expect(records.map((r) => r.answerId)).toEqual([uuid(1), uuid(2)]);
    expect(skipped).toBe(1);

    // The next server to open the log compacts it (the torn line goes, both whole records stay) and appends after them.
    const log = new FileQuestionLog(settings());
    await log.record(asked(4));
    expect((await log.read()).map((r) => (r as QuestionRecord).question)).toEqual(["Question number 1 about the harbour bridge?", "Question number 2 about the harbour bridge?", "Question 4?"]);
    expect(readFileSync(file, "utf8").split("\n").filter(Boolean).every((line) => JSON.parse(line))).toBe(true);
  }, 60_000);

  it("does not read records past the retention limit, and drops them when it compacts", async () => {
    const now = Date.now();
    writeFileSync(file, [asked(1, new Date(now - 100 * DAY)), asked(2, new Date(now - 10 * DAY))].map((r) => JSON.stringify(r) + "\n").join("") + "{torn");
    expect((await readQuestionLog(file, 90)).records.map((r) => r.answerId)).toEqual([uuid(2)]);
    const log = new FileQuestionLog(settings()); // opening compacts
    expect(parseLogLines(readFileSync(file, "utf8"))).toEqual({ records: [asked(2, new Date(now - 10 * DAY))], skipped: 0 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Opened 79 days on, the 89-day-old record stays; a day later the next append compacts again and it goes.
    let clock = now + 79 * DAY;
    const later = new FileQuestionLog(settings(), { now: () => new Date(clock) });
    expect((await later.read()).map((r) => r.answerId)).toEqual([uuid(2)]);
    await log.record(asked(3, new Date(now)));
    clock += DAY + 1;
    await later.record(asked(4, new Date(clock)));
    expect((await readQuestionLog(file, 90, new Date(clock))).records.map((r) => r.answerId)).toEqual([uuid(3), uuid(4)]);
    expect(parseLogLines(readFileSync(file, "utf8")).records.map((r) => r.answerId)).toEqual([uuid(3), uuid(4)]);
  });

  it("keeps the newest records when the file grows past its size limit", async () => {
    const line = JSON.stringify(asked(0)).length + 1;
    const log = new FileQuestionLog(settings({ maxBytes: line * 10 }));
    for (let i = 0; i < 11; i++) await log.record(asked(i));
    const ids = (await log.read()).map((r) => r.answerId);
    expect(statSync(file).size).toBeLessThanOrEqual(line * 10 * 0.75 + 10);
    expect(ids.at(-1)).toBe(uuid(10));
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => uuid(11 - ids.length + i)));
  });
});
