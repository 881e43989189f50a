/**
 * npm run ingest -- <file|dir…> [--remove <article id>…] [--no-index]
 *
 * Adds articles to corpus/articles — plain text (.txt), Markdown (.md) or
 * JSON Lines (.jsonl, one {title, source, date, url, text} per line); folders
 * are searched recursively — and then updates the index, embedding only the
 * new texts (progress bar with ETA). Articles already in the corpus keep their
 * ids, so existing citation ids stay valid. `--remove <id>` drops an article.
 * `--no-index` only writes the article records (run `npm run build:index` later).
 *
 * Articles go to the working set (corpus/articles); the index and those
 * articles then become the next generation in one atomic switch, so a server
 * sees either the previous state or the new one. One writer at a time: a
 * second ingest waits for the first (corpus/.lock), or gives up after
 * VERBATIM_LOCK_WAIT_MS with who holds the lock.
 *
 * Refusals (empty, binary, oversized, not UTF-8, duplicate, bad JSON line)
 * change nothing for the refused input and make the exit code 2.
 *
 * With VERBATIM_STORE=postgres the articles go straight into the database
 * DATABASE_URL names, in transactional batches (node/postgres-ingest.ts);
 * `--remove` deletes an article and its index rows there in one transaction.
 */
import { IngestError } from "../core/article.js";
import { corpusPaths } from "../node/corpus-files.js";
import { ingestFiles, parseInputs, removalIdRefusal } from "../node/ingest-files.js";
import { databaseFromEnv, storeFromEnv } from "../node/database.js";
import { ingestIntoPostgres } from "../node/postgres-ingest.js";
import { embedderConfigFromEnv, loadEmbedder } from "../core/embed/index.js";
import { EmbeddingCache, embeddingCacheDirFromEnv } from "../node/embedding-cache.js";
import { rebuildIndexWithProgress } from "../node/index-with-progress.js";
import { readCurrent, generationName } from "../node/generations.js";
import { withWriteLock } from "../node/write-lock.js";

const USAGE = "usage: npm run ingest -- <file|dir…> [--remove <article id>…] [--no-index]";

async function main(argv: string[]) {
  const paths = corpusPaths();
  const removals: string[] = [];
  const inputs: string[] = [];
  let index = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--remove") removals.push(argv[++i] ?? "");
    else if (argv[i] === "--no-index") index = false;
    else if (argv[i].startsWith("--")) throw new IngestError(`unknown option ${argv[i]}; ${USAGE}`);
    else inputs.push(argv[i]);
  }
  if (!inputs.length && !removals.length) throw new IngestError(USAGE);

  if (storeFromEnv() === "postgres") return runPostgres(inputs, removals);
  await withWriteLock(paths, () => run(paths, inputs, removals, index), { command: `npm run ingest` });
}

/** Straight into the database DATABASE_URL names: no corpus files, no write lock (the database keeps concurrent ingests safe). */
async function runPostgres(inputs: string[], removals: string[]) {
  const { parsed, refusals } = await parseInputs(inputs, (line) => console.log(line));
  const ids = removals.filter((id) => {
    const refusal = removalIdRefusal(id);
    if (refusal) refusals.push(refusal);
    return !refusal;
  });
  for (const r of refusals) console.error(`refused: ${r}`);
  const db = databaseFromEnv();
  const config = embedderConfigFromEnv();
  const embedder = parsed.length ? await loadEmbedder(config) : null;
  const cacheDir = embeddingCacheDirFromEnv();
  const cache = embedder && cacheDir ? EmbeddingCache.open(cacheDir, embedder.name, embedder.dim) : null;
  const started = performance.now();
  try {
    const outcome = await ingestIntoPostgres(db, parsed, {
      embedder,
      cache,
      remove: ids,
      batch: Number(process.env.VERBATIM_INGEST_BATCH) || undefined,
      onBatch: (b) => console.log(`committed batch ${b.batch}/${b.batches}: ${b.written} written${b.skipped ? `, ${b.skipped} already there` : ""}`),
    });
    for (const id of outcome.removed) console.log(`removed: ${id}`);
    for (const id of outcome.missing) {
      refusals.push(`--remove ${id}: no article with that id in the database`);
      console.error(`refused: ${refusals.at(-1)}`);
    }
    for (const { origin, article } of outcome.unchanged) console.log(`unchanged: ${origin} (${article.id} already in the database)`);
    for (const { origin, article } of outcome.written) console.log(`added: ${origin} → ${article.id} "${article.title}"`);
    console.log(
      `${outcome.written.length} added, ${outcome.unchanged.length} unchanged, ${outcome.removed.length} removed, ${refusals.length} refused; ` +
        `${outcome.stats.embedded} texts embedded, ${outcome.batches} batch(es), ${Math.round(performance.now() - started)} ms.`,
    );
  } finally {
    cache?.close();
    await db.close();
  }
  if (refusals.length) process.exitCode = 2;
}

async function run(paths: ReturnType<typeof corpusPaths>, inputs: string[], removals: string[], index: boolean) {
  const outcome = await ingestFiles(paths, inputs, removals, { log: (line) => console.log(line) });
  for (const r of outcome.refusals) console.error(`refused: ${r}`);
  for (const { origin, article } of outcome.unchanged) console.log(`unchanged: ${origin} (${article.id} already in the corpus)`);
  for (const { origin, article } of outcome.added)
    console.log(`added: ${origin} → ${article.id} "${article.title}"${article.date ? ` [${article.date}]` : ""}${article.source ? ` (${article.source})` : ""}`);
  for (const id of outcome.removed) console.log(`removed: ${id}`);
  const changed = outcome.added.length + outcome.removed.length > 0;
  console.log(
    `${outcome.added.length} added, ${outcome.unchanged.length} unchanged, ${outcome.removed.length} removed, ${outcome.refusals.length} refused.` +
      (changed && !index ? " Run `npm run build:index` to update the index." : ""),
  );
  if (changed && index)
    try {
      await rebuildIndexWithProgress(paths);
    } catch (error) {
      const served = readCurrent(paths).generation;
      throw new Error(
        `the article records were written, but the index could not be updated (${(error as Error).message}); ` +
          (served ? `servers keep serving generation ${generationName(served)}, without them; ` : "") +
          `run \`npm run build:index\` once that is fixed`,
      );
    }
  if (outcome.refusals.length) process.exitCode = 2;
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof IngestError ? `ingest: ${error.message}` : `ingest failed: ${error.message ?? error}`);
  process.exit(error instanceof IngestError ? 2 : 1);
});
