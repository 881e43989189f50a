/**
 * The OpenAPI document the app serves passes Redocly's `recommended` rules
 * with no errors and no warnings (redocly.yaml), so code generators and API
 * tools accept it as is. Redocly CLI runs from node_modules with telemetry and
 * update checks off: nothing leaves the machine.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedOpenApiDocument } from "../../src/cli/client-generate.js";
import { PROJECT_ROOT } from "../../src/node/corpus-files.js";

const REDOCLY = join(PROJECT_ROOT, "node_modules/@redocly/cli/bin/cli.js");
const OFFLINE = { REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" };

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
}

interface Operation {
  operationId?: string;
  security?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

let dir: string;
let document: Document;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "verbatim-openapi-"));
  document = (await servedOpenApiDocument()) as unknown as Document;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function lint(doc: unknown): Promise<LintReport> {
  const file = join(dir, "openapi.json");
  writeFileSync(file, JSON.stringify(doc));
  // Exit code 1 means problems were found; the JSON report on stdout says which.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [REDOCLY, "lint", "--config", join(PROJECT_ROOT, "redocly.yaml"), "--format", "json", file],
    { cwd: dir, env: { ...process.env, ...OFFLINE }, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  return JSON.parse(stdout.slice(stdout.indexOf("{")));
}

describe("the served OpenAPI document", () => {
  it("passes redocly lint (recommended) with no errors and no warnings", async () => {
    const report = await lint(document);
    const problems = report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it("catches a broken document (the lint really runs)", async () => {
    const broken = structuredClone(document);
    delete broken.paths["/api/answer"].post.operationId;
    const report = await lint(broken);
    expect(report.problems.map((p) => p.ruleId)).toContain("operation-operationId");
  }, 60_000);

  it("names every operation and documents each error status with the shared error shape", () => {
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    expect(operations.map((op) => op.operationId).sort()).toEqual(
      ["answer", "feedback", "gaps", "getArticle", "getCitation", "health", "listArticles", "reload", "search", "suggestions"].sort(),
    );
    for (const op of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const schema = response.content?.["application/json"]?.schema;
        expect(schema?.$ref, `${op.operationId} ${status}`).toBe("#/components/schemas/Error");
      }
    }
    const answer = document.paths["/api/answer"].post;
    expect(Object.keys(answer.responses)).toEqual(expect.arrayContaining(["400", "405", "413", "415", "429", "500"]));
    expect(answer.security).toEqual([]);
    expect(document.paths["/api/admin/reload"].post.security).toEqual([{ adminToken: [] }]);
    expect(document.paths["/api/admin/gaps"].get.security).toEqual([{ adminToken: [] }]);
    expect(document.paths["/api/feedback"].post.security).toEqual([]);
  });
});
