/** `npm run ask` prints the same answer as the API, with numbered citations. */
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/node/corpus-files.js";
import { realEngine } from "../helpers/engine.js";

const run = promisify(execFile);

describe("npm run ask", () => {
  // The second question's answer opens "It stressed…": its first citation is context, and says so.
  it.each(["How many civilians were injured in the first year?", "What did the ministry stress about nuclear weapons?"])(
    "prints the engine's answer and each citation with its quote and offsets: %s",
    async (question) => {
      const { stdout } = await run(join(PROJECT_ROOT, "node_modules/.bin/tsx"), ["src/cli/ask.ts", question], { cwd: PROJECT_ROOT });
      const expected = await (await realEngine()).answer({ question });
      expect(stdout).toContain(expected.answer);
      for (const c of expected.citations) {
        expect(stdout).toContain(`[${c.n}] ${c.context ? "(context for the next sentence) " : ""}${c.title}`);
        expect(stdout).toContain(`"${c.quote}"`);
        expect(stdout).toContain(`characters ${c.start}–${c.end}`);
      }
    },
    90_000,
  );

  it("explains its usage when no question is given", async () => {
    await expect(run(join(PROJECT_ROOT, "node_modules/.bin/tsx"), ["src/cli/ask.ts"], { cwd: PROJECT_ROOT })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/usage: npm run ask/),
    });
  });
});
