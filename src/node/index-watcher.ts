/**
 * Reload-on-change for the Node server (VERBATIM_WATCH_INDEX=1): a writer
 * commits a new generation by renaming a finished corpus/CURRENT into place,
 * only after the generation it names is complete and fsynced, so a change of
 * CURRENT means a complete new state is there (see generations.ts); the
 * reload verifies it like a start does. Events are debounced; a reload that
 * fails is logged and the old engine kept.
 */
import { existsSync, watch, type FSWatcher } from "node:fs";
import { basename } from "node:path";
import type { CorpusPaths } from "./corpus-files.js";

export interface WatchOptions {
  debounceMs?: number;
  log?: (line: string) => void;
}

/** Calls `onChange` after CURRENT was replaced; returns a function that stops watching. */
export function watchIndex(paths: CorpusPaths, onChange: () => Promise<unknown>, options: WatchOptions = {}): () => void {
  const log = options.log ?? ((line: string) => console.error(line));
  const debounceMs = options.debounceMs ?? 300;
  if (!existsSync(paths.root)) {
    log(`verbatim: not watching ${paths.root}: no such folder`);
    return () => {};
  }
  const name = basename(paths.current);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<unknown> | null = null;
  let again = false;

  const fire = () => {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    running = onChange()
      .catch((error) => log(`verbatim: index reload failed, keeping the previous index: ${(error as Error).message}`))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          fire();
        }
      });
  };

  const watcher: FSWatcher = watch(paths.root, (_event, file) => {
    if (file !== null && file.toString() !== name) return;
    if (!existsSync(paths.current)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  });
  watcher.on("error", (error) => log(`verbatim: index watcher stopped: ${error.message}`));
  // Never the reason the process stays alive (graceful shutdown waits for the event loop).
  watcher.unref();
  return () => {
    if (timer) clearTimeout(timer);
    watcher.close();
  };
}
