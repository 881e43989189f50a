/**
 * npm run build:index — chunk and embed every article in corpus/articles and
 * write the search index to corpus/index. Same articles in, same bytes out.
 */
import cliProgress from "cli-progress";
import { buildIndex, type BuildPhase } from "../core/store.js";
import { embedderConfigFromEnv, loadEmbedder } from "../core/embed/index.js";
import { corpusPaths, readArticles, writeIndex } from "../node/corpus-files.js";

const LABELS: Record<BuildPhase, string> = { chunk: "chunking ", embed: "embedding", index: "indexing " };

async function main() {
  const paths = corpusPaths();
  const config = embedderConfigFromEnv();
  const articles = await readArticles(paths);
  if (articles.length === 0) throw new Error(`no articles in ${paths.articles}; run \`npm run ingest -- <files>\` first`);
  const t0 = performance.now();
  const embedder = await loadEmbedder(config);
  const loadMs = performance.now() - t0;
  console.log(`embedder: ${embedder?.name ?? "none (lexical only)"}${embedder ? ` (${embedder.dim} dims, loaded in ${ms(loadMs)})` : ""}`);

  const bar = new cliProgress.SingleBar(
    { format: "{phase} [{bar}] {value}/{total} | {percentage}% | ETA {eta_formatted}", hideCursor: true, noTTYOutput: false, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let phase: BuildPhase | null = null;
  const { files, timings } = await buildIndex(articles, embedder, {
    onProgress(p) {
      if (p.phase !== phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(p.total, 0, { phase: LABELS[p.phase] });
      }
      bar.update(p.done, { phase: LABELS[p.phase] });
    },
  });
  bar.stop();
  await writeIndex(paths, files);
  const m = files.manifest;
  console.log(`indexed ${m.articles} articles → ${m.sentences} sentences, ${m.passages} passages into ${paths.index}`);
  const perText = m.sentences + m.passages ? timings.embedMs / (m.sentences + m.passages) : 0;
  console.log(
    `time: chunking ${ms(timings.chunkMs)}, embedding ${ms(timings.embedMs)} (${perText.toFixed(1)} ms per text), indexing ${ms(timings.indexMs)}, total ${ms(performance.now() - t0)}`,
  );
}

function ms(x: number): string {
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`;
}

main().catch((error) => {
  console.error(`build:index failed: ${error.message}`);
  process.exit(1);
});
