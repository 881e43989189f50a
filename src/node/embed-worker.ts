/**
 * A worker thread holding its own copy of the model (see embedder-pool.ts).
 * Messages in: {id, texts} or {close}; out: {id, vectors} or {id, error}; first out: {ready, name, dim} or {loadError}.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadEmbedder, type EmbedderConfig } from "../core/embed/index.js";

const port = parentPort!;
const config = (workerData as { config: EmbedderConfig }).config;

try {
  const embedder = await loadEmbedder(config);
  if (!embedder) throw new Error(`embedder ${config.name} has no model to run`);
  port.postMessage({ ready: true, name: embedder.name, dim: embedder.dim });
  port.on("message", async ({ id, texts, close }: { id: number; texts: string[]; close?: true }) => {
    // Ending by closing the port lets the thread finish on its own instead of being cut off mid-task.
    if (close) return port.close();
    try {
      const vectors = await embedder.embed(texts);
      port.postMessage({ id, vectors }, [...new Set(vectors.map((v) => v.buffer as ArrayBuffer))]);
    } catch (error) {
      port.postMessage({ id, error: (error as Error).message });
    }
  });
} catch (error) {
  port.postMessage({ loadError: (error as Error).message });
}
