/**
 * Node only: the committed static USE-lite table (rebuilt by
 * `npm run build:edge -- --train`), so the Node server can answer exactly as the Worker
 * does (VERBATIM_EMBEDDER=use-lite-static). The Worker never imports this.
 */
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../node/corpus-files.js";
import { createStaticEmbedder, type StaticEmbedder } from "./static-embedder.js";

export const STATIC_TABLE_PATH = join(PROJECT_ROOT, "src/edge/use-lite-static.bin");

export async function loadStaticEmbedderFile(path = STATIC_TABLE_PATH): Promise<StaticEmbedder> {
  if (!existsSync(path)) throw new Error(`no static token table at ${path}; run \`npm run build:edge -- --train\``);
  return createStaticEmbedder(await readFile(path));
}
