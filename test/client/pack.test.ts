/**
 * The client as npm would ship it: `npm pack` in packages/client (which builds
 * it), the tarball unpacked into a plain TypeScript project that depends on
 * nothing else, compiled there with strict settings, and run with Node.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { CLIENT_DIR } from "../../src/cli/client-generate.js";
import { PROJECT_ROOT } from "../../src/node/corpus-files.js";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "verbatim-client-pack-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONSUMER = `import { createClient, VerbatimError, type AnswerResponse } from "@verbatim/client";

const health = { status: "ok", articles: 3, passages: 9, embedder: "use-lite", ranker: "features" };
const client = createClient({
  baseUrl: "http://verbatim.test",
  fetch: async (request) =>
    new URL(request.url).pathname === "/api/health"
      ? Response.json(health)
      : Response.json({ error: { code: "not_found", message: "No article with id x" } }, { status: 404 }),
});

const status: string = (await client.health()).status;
const answer: (question: string) => Promise<AnswerResponse> = (question) => client.answer({ question });
void answer;
try {
  await client.article("x");
} catch (error) {
  if (!(error instanceof VerbatimError)) throw error;
  console.log(JSON.stringify({ status, error: { status: error.status, code: error.code } }));
}
`;

describe("the packed client", () => {
  it("compiles in a plain TypeScript project and runs there", async () => {
    await run("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: CLIENT_DIR });
    const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"));
    expect(tarball).toBeTruthy();

    const project = join(dir, "consumer");
    const installed = join(project, "node_modules/@verbatim/client");
    mkdirSync(installed, { recursive: true });
    await run("tar", ["-xzf", join(dir, tarball!), "-C", installed, "--strip-components=1"]);
    // The package's one dependency (and its types), as npm install would put them.
    for (const dep of ["openapi-fetch", "openapi-typescript-helpers"])
      symlinkSync(join(PROJECT_ROOT, "node_modules", dep), join(project, "node_modules", dep), "dir");
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    writeFileSync(join(project, "index.ts"), CONSUMER);
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022", "DOM"], strict: true, types: [], outDir: "out" },
        files: ["index.ts"],
      }),
    );

    await run(process.execPath, [join(PROJECT_ROOT, "node_modules/typescript/bin/tsc"), "-p", project]);
    const { stdout } = await run(process.execPath, [join(project, "out/index.js")], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ status: "ok", error: { status: 404, code: "not_found" } });
  }, 120_000);
});
