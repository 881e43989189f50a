/**
 * Embedding on several cores: the model in this thread plus `jobs - 1` worker
 * threads, each with its own copy. A model gives the same vector for a text
 * whatever else is in its batch (checked for USE-lite), so the pool changes
 * how long a build takes, never what it writes.
 *
 * VERBATIM_EMBED_JOBS sets the number of models (default: up to 2, one per
 * core); 1 keeps everything in this thread. Each extra model costs its memory
 * (~200 MB for USE-lite).
 */
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Embedder } from "../core/embed/embedder.js";
import type { EmbedderConfig } from "../core/embed/index.js";

export interface EmbedderPool {
  /** Runs one batch on whichever model is free. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Models in the pool: how many batches can run at once. */
  readonly size: number;
  close(): Promise<void>;
}

export function embedJobsFromEnv(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.VERBATIM_EMBED_JOBS);
  if (Number.isInteger(n) && n >= 1) return Math.min(n, 16);
  return Math.max(1, Math.min(2, availableParallelism()));
}

interface Slot {
  run(texts: string[]): Promise<Float32Array[]>;
  stop(): Promise<unknown>;
}

function workerSource(): string {
  const here = fileURLToPath(import.meta.url);
  const file = new URL(`./embed-worker${extname(here)}`, import.meta.url).href;
  // Under tsx (.ts sources) the worker registers tsx itself: loader hooks are not inherited by worker threads.
  return extname(here) === ".ts"
    ? `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`
    : `import(${JSON.stringify(file)})`;
}

function startWorker(config: EmbedderConfig, expect: Embedder): Promise<Slot> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource(), { eval: true, execArgv: [], workerData: { config } });
    worker.unref();
    const waiting = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
    let next = 0;
    worker.on("message", (m) => {
      if (m.loadError) return reject(new Error(m.loadError));
      if (m.ready) {
        if (m.name !== expect.name || m.dim !== expect.dim) return reject(new Error(`worker loaded ${m.name} (${m.dim}), expected ${expect.name}`));
        return resolve({
          run(texts) {
            return new Promise((res, rej) => {
              const id = next++;
              waiting.set(id, { resolve: res, reject: rej });
              worker.postMessage({ id, texts });
            });
          },
          stop: () => worker.terminate(),
        });
      }
      const pending = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error) pending?.reject(new Error(m.error));
      else pending?.resolve(m.vectors);
    });
    worker.on("error", (error) => {
      reject(error);
      for (const p of waiting.values()) p.reject(error);
      waiting.clear();
    });
  });
}

/**
 * A pool of `jobs` models: `primary` (already loaded here) plus workers
 * loading the same configuration. Workers that fail to start are left out.
 */
export async function createEmbedderPool(
  primary: Embedder,
  config: EmbedderConfig,
  jobs: number,
  log: (line: string) => void = () => {},
): Promise<EmbedderPool> {
  const slots: Slot[] = [
    {
      // Yield to the event loop first: a model that settles only through microtasks would otherwise keep
      // this thread from ever reading the workers' replies, and the pool would run on this thread alone.
      run: async (texts) => {
        await new Promise((resolve) => setImmediate(resolve));
        return primary.embed(texts);
      },
      stop: async () => {},
    },
  ];
  if (jobs > 1) {
    const started = await Promise.allSettled(Array.from({ length: jobs - 1 }, () => startWorker(config, primary)));
    for (const s of started)
      if (s.status === "fulfilled") slots.push(s.value);
      else log(`embedding worker unavailable, continuing with fewer: ${(s.reason as Error).message}`);
  }
  const idle = [...slots];
  const queue: ((slot: Slot) => void)[] = [];
  const acquire = () => new Promise<Slot>((resolve) => (idle.length ? resolve(idle.pop()!) : queue.push(resolve)));
  const release = (slot: Slot) => {
    const waiter = queue.shift();
    if (waiter) waiter(slot);
    else idle.push(slot);
  };
  return {
    size: slots.length,
    async embed(texts) {
      const slot = await acquire();
      try {
        return await slot.run(texts);
      } finally {
        release(slot);
      }
    },
    async close() {
      await Promise.all(slots.map((s) => s.stop()));
    },
  };
}
