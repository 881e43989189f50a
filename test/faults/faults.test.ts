/**
 * Crash and corruption faults with real processes and files (scenarios.ts):
 * after each, the server starts on the last good state and answers, or
 * refuses to start naming the damaged file and the command that repairs it.
 * `npm run faults` prints the same scenarios as a table.
 */
import { afterAll, describe, expect, it } from "vitest";
import { cleanup, scenarios, setServeMode } from "./scenarios.js";

// Real server processes for the kill scenarios and a few damage ones; the rest start in-process through the same loadEngine.
setServeMode("in-process");
afterAll(cleanup);

describe("faults: the server starts on the last good state or refuses naming the file", () => {
  for (const scenario of scenarios())
    it(scenario.fault, async () => {
      const result = await scenario.run();
      expect(result.verdict, `${result.outcome}\n${result.details.join("\n")}\n${result.served?.log ?? ""}`).not.toBe("serves damaged data");
      expect(["last good state", "refuses naming the file"], `${result.outcome}\n${result.details.join("\n")}`).toContain(result.verdict);
    }, scenario.model ? 180_000 : 90_000);
});
