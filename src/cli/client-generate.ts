/**
 * npm run client:generate
 *
 * Writes the OpenAPI document the app serves to packages/client/openapi.json
 * and its TypeScript types (openapi-typescript) to packages/client/src/schema.ts.
 * Run it after changing a route or schema in src/http/; a test
 * (test/client/generated.test.ts) fails while the committed files are stale.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { createApp } from "../http/app.js";
import { OPENAPI_PATH } from "../http/openapi.js";
import { PROJECT_ROOT } from "../node/corpus-files.js";

export const CLIENT_DIR = join(PROJECT_ROOT, "packages/client");
export const CLIENT_FILES = {
  openapi: join(CLIENT_DIR, "openapi.json"),
  schema: join(CLIENT_DIR, "src/schema.ts"),
};

const SCHEMA_HEADER = `/**
 * Types of the Verbatim API, generated from its OpenAPI document (openapi.json)
 * by \`npm run client:generate\` in the Verbatim repository. Do not edit by hand.
 */

`;

/** The OpenAPI document exactly as the app serves it (the document needs no engine). */
export async function servedOpenApiDocument(): Promise<OpenAPI3> {
  const app = createApp({
    getEngine: () => {
      throw new Error("the OpenAPI document needs no engine");
    },
    log: () => {},
  });
  const res = await app.request(OPENAPI_PATH);
  if (res.status !== 200) throw new Error(`${OPENAPI_PATH} answered ${res.status}`);
  return (await res.json()) as OpenAPI3;
}

/** The generated files' contents, keyed like CLIENT_FILES. */
export async function generateClientFiles(): Promise<Record<keyof typeof CLIENT_FILES, string>> {
  const document = await servedOpenApiDocument();
  const types = astToString(await openapiTS(document, { silent: true }));
  return { openapi: `${JSON.stringify(document, null, 2)}\n`, schema: SCHEMA_HEADER + types };
}

async function main() {
  const files = await generateClientFiles();
  for (const key of Object.keys(CLIENT_FILES) as (keyof typeof CLIENT_FILES)[]) {
    writeFileSync(CLIENT_FILES[key], files[key]);
    console.log(`wrote ${CLIENT_FILES[key]}`);
  }
}

if (process.argv[1]?.endsWith("client-generate.ts")) {
  main().catch((error) => {
    console.error(`client:generate failed: ${error.message}`);
    process.exit(1);
  });
}
