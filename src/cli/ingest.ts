/**
 * npm run ingest -- <file|dir…> [--remove <id>…]
 * Turns raw article text into clean article records in corpus/articles.
 * Refusals (empty, binary, oversized, not UTF-8, duplicate) change nothing.
 */
import { readFile, readdir, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { decodeArticleBytes, IngestError, parseArticle, type Article } from "../core/article.js";
import { articlePath, corpusPaths, removeArticle, writeArticle } from "../node/corpus-files.js";

async function expand(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (!info) throw new IngestError(`${input}: no such file or directory`);
    if (info.isDirectory()) {
      const names = (await readdir(input)).filter((n) => /\.txt$/i.test(n)).sort();
      files.push(...names.map((n) => join(input, n)));
    } else files.push(input);
  }
  return files;
}

async function main(argv: string[]) {
  const paths = corpusPaths();
  const removals: string[] = [];
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--remove") removals.push(argv[++i] ?? "");
    else inputs.push(argv[i]);
  }
  if (!inputs.length && !removals.length) throw new IngestError("usage: npm run ingest -- <file|dir…> [--remove <article id>…]");

  const parsed: { file: string; article: Article }[] = [];
  const refusals: string[] = [];
  for (const file of await expand(inputs)) {
    try {
      const article = parseArticle(decodeArticleBytes(await readFile(file), file), {}, file);
      const twin = parsed.find((p) => p.article.id === article.id);
      if (twin) throw new IngestError(`${file}: same content as ${twin.file} (id ${article.id})`);
      parsed.push({ file, article });
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      refusals.push(error.message);
    }
  }
  for (const r of refusals) console.error(`refused: ${r}`);

  let added = 0;
  for (const { file, article } of parsed) {
    if (existsSync(articlePath(paths, article.id))) {
      console.log(`unchanged: ${file} (${article.id} already in the corpus)`);
      continue;
    }
    await writeArticle(paths, article);
    added++;
    console.log(`added: ${file} → ${article.id} "${article.title}"${article.date ? ` [${article.date}]` : ""}${article.source ? ` (${article.source})` : ""}`);
  }
  for (const id of removals) console.log((await removeArticle(paths, id)) ? `removed: ${id}` : `not found: ${id}`);
  console.log(`${added} added, ${refusals.length} refused. Run \`npm run build:index\` to update the index.`);
  if (refusals.length) process.exitCode = 2;
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof IngestError ? `ingest: ${error.message}` : error);
  process.exit(error instanceof IngestError ? 2 : 1);
});
