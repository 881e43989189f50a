/**
 * `npm run load` in miniature: the same load function, against the real
 * server in a child process on 127.0.0.1, for ~3 s with 10 connections.
 * Asserts correctness under concurrency (no errors, all 2xx, valid bodies),
 * not timing.
 */
import { describe, expect, it } from "vitest";
import { formatReport, runLoad } from "../../src/cli/load.js";

describe("load smoke", () => {
  it("serves a short mixed load with zero errors and only 2xx responses", async () => {
    // A generous per-request timeout: this checks correctness, and a busy CI
    // machine must not turn a slow response into a failure.
    const result = await runLoad({ duration: 3, connections: 10, timeout: 30 });
    const report = formatReport(result);
    expect(result.requests, report).toBeGreaterThan(0);
    expect(result.errors, report).toBe(0);
    expect(result.timeouts, report).toBe(0);
    expect(result.non2xx, report).toBe(0);
    expect(Object.keys(result.statusCodes), report).toEqual(["200"]);
    for (const [kind, stats] of Object.entries(result.byKind)) {
      expect(stats.count, `${kind}\n${report}`).toBeGreaterThan(0);
      expect(stats.non2xx, `${kind}\n${report}`).toBe(0);
      expect(stats.bad, `${kind}\n${report}`).toBe(0);
    }
    // Every kind of the mix took part (≈ 60/25/10/5, loosely).
    const { answer, search } = result.byKind;
    expect(answer.count).toBeGreaterThan(search.count);
    // The server shut down cleanly on SIGTERM after the load.
    expect(result.serverExitCode, report).toBe(0);
    expect(result.memory.snapshots.length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
