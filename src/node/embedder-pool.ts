/**
 * Embedding on several cores: the model in this thread plus `jobs - 1` worker
 * threads, each with its own copy. Batches are cut by size before they reach
 * a model, and every copy gives the same vectors for the same batch (USE-lite
 * even embeds each text alone, see use-lite.ts), so the pool changes how long
 * a build takes, never what it writes.
 *
 * VERBATIM_EMBED_JOBS sets the number of models (default: up to 2, one per
 * core); 1 keeps everything in this thread. Each extra model costs its memory
 * (~200 MB for USE-lite).
 *
 * transformers.js models always run as one model in this thread: ONNX Runtime
 * already spreads a model over every core, and its Node binding is not safe in
 * worker threads (starting or ending such a worker can crash the whole
 * process; microsoft/onnxruntime#13086, #24486).
 */
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Embedder } from "../core/embed/embedder.js";
import type { EmbedderConfig } from "../core/embed/index.js";
import { TRANSFORMERS_PREFIX } from "../core/embed/transformers.js";

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

/** Asks the worker to end once its current batch is done; terminates it if it has not within a few seconds. */
function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => void worker.terminate(), 10_000);
    worker.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage({ close: true });
  });
}

function startWorker(config: EmbedderConfig, expect: Embedder): Promise<Slot> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource(), { eval: true, execArgv: [], workerData: { config } });
    worker.unref();
    const waiting = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
    let next = 0;
    worker.on("message", (m) => {
      // A worker left running until the process exits can crash it (Node tears down its module loader hooks late).
      if (m.loadError) return void worker.terminate().then(() => reject(new Error(m.loadError)));
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
          stop: () => stopWorker(worker),
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
  if (jobs > 1 && config.name?.startsWith(TRANSFORMERS_PREFIX)) log(`embedding with one ${config.name} model: ONNX Runtime uses every core itself`);
  else if (jobs > 1) {
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
