/**
 * packages/client's openapi.json and src/schema.ts are what
 * `npm run client:generate` makes from the document the app serves now: a
 * route or schema change without regenerating fails here, not in a caller's build.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLIENT_FILES, generateClientFiles } from "../../src/cli/client-generate.js";

describe("the client's generated files", () => {
  it("are current (run `npm run client:generate` after changing the API)", async () => {
    const fresh = await generateClientFiles();
    for (const key of Object.keys(CLIENT_FILES) as (keyof typeof CLIENT_FILES)[]) {
      expect(readFileSync(CLIENT_FILES[key], "utf8"), `${CLIENT_FILES[key]} is stale: run npm run client:generate`).toBe(fresh[key]);
    }
  });
});
