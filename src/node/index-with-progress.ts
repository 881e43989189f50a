/**
 * The index (re)build both CLIs run: load the configured model, open the
 * embedding cache, rebuild with a progress bar (with ETA) over the texts the
 * model has to embed, write the next generation and switch to it, and print
 * where the time went. The caller holds the write lock.
 */
import cliProgress from "cli-progress";
import { embedderConfigFromEnv, loadEmbedder } from "../core/embed/index.js";
import type { CorpusPaths } from "./corpus-files.js";
import { generationName } from "./generations.js";
import { shown } from "./paths.js";
import { EmbeddingCache, embeddingCacheDirFromEnv } from "./embedding-cache.js";
import { createEmbedderPool, embedJobsFromEnv, type EmbedderPool } from "./embedder-pool.js";
import { updateIndex, type UpdateIndexResult } from "./index-update.js";

export interface RebuildOptions {
  /** Ignore the embedding cache and the previous index: embed every text again. */
  fresh?: boolean;
  log?: (line: string) => void;
  /** Models embedding at once (default VERBATIM_EMBED_JOBS, else up to 2). */
  jobs?: number;
}

/** The rebuild as a step of a larger job (training, question generation): its summary lines left out. */
export function rebuildIndexQuietly(paths: CorpusPaths, log: (line: string) => void): Promise<UpdateIndexResult> {
  return rebuildIndexWithProgress(paths, { log: (line) => (/^(indexed|vectors|time)/.test(line) ? undefined : log(line)) });
}

export async function rebuildIndexWithProgress(paths: CorpusPaths, options: RebuildOptions = {}): Promise<UpdateIndexResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const config = embedderConfigFromEnv();
  const t0 = performance.now();
  const embedder = await loadEmbedder(config);
  log(`embedder: ${embedder ? `${embedder.name} (${embedder.dim} dims, loaded in ${ms(performance.now() - t0)})` : "none (lexical only)"}`);
  const jobs = options.jobs ?? embedJobsFromEnv();
  let pool: EmbedderPool | null = null;
  // Extra models start only when there is enough to embed (see POOL_MIN_TEXTS).
  const makePool = embedder && jobs > 1 ? async () => (pool = await createEmbedderPool(embedder, config, jobs, log)) : undefined;
  const cacheDir = options.fresh ? null : embeddingCacheDirFromEnv();
  const cache = embedder && cacheDir ? EmbeddingCache.open(cacheDir, embedder.name, embedder.dim) : null;

  const bar = new cliProgress.SingleBar(
    {
      format: "embedding [{bar}] {value}/{total} new texts | {percentage}% | ETA {eta_formatted} | {rate} texts/s",
      hideCursor: true,
      etaBuffer: 64,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const models = () => (pool as EmbedderPool | null)?.size ?? 1;
  let barStarted = false;
  let barStartedAt = 0;
  try {
    const result = await updateIndex({
      paths,
      embedder,
      cache,
      reusePrevious: !options.fresh,
      makePool,
      log,
      onModelProgress(done, total) {
        if (total === 0) return;
        if (!barStarted) {
          barStarted = true;
          barStartedAt = performance.now();
          bar.start(total, 0, { rate: "–" });
        }
        const seconds = (performance.now() - barStartedAt) / 1000;
        bar.update(done, { rate: seconds > 0 ? (done / seconds).toFixed(1) : "–" });
      },
    });
    if (barStarted) bar.stop();
    const { files, timings, stats } = result;
    const m = files.manifest;
    log(`indexed ${m.articles} articles → ${m.sentences} sentences, ${m.passages} passages: generation ${generationName(result.generation)} in ${shown(paths.generations)}`);
    if (embedder)
      log(
        `vectors: ${stats.texts} texts — ${stats.fromCache} from the cache, ${stats.fromPreviousIndex} from the previous index, ${stats.embedded} embedded` +
          (stats.embedded ? ` (${(stats.modelMs / stats.embedded).toFixed(1)} ms per text with ${models()} model${models() > 1 ? "s" : ""})` : "") +
          (cache ? `; cache ${cache.path} holds ${cache.size}` : ""),
      );
    log(
      `time: chunking ${ms(timings.chunkMs)}, embedding ${ms(timings.embedMs)}, indexing ${ms(timings.indexMs)}, writing ${ms(timings.writeMs)}, total ${ms(performance.now() - t0)}`,
    );
    return result;
  } finally {
    if (barStarted) bar.stop();
    cache?.close();
    await (pool as EmbedderPool | null)?.close();
  }
}

export function ms(x: number): string {
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`;
}
