/**
 * Reload-on-change for the Node server (VERBATIM_WATCH_INDEX=1): writeIndex
 * replaces corpus/index by renaming a finished folder into place, so a rename
 * of that folder inside the corpus folder means a complete new index is there.
 * Events are debounced; a reload that fails is logged and the old index kept.
 */
import { existsSync, watch, type FSWatcher } from "node:fs";
import { basename } from "node:path";
import type { CorpusPaths } from "./corpus-files.js";

export interface WatchOptions {
  debounceMs?: number;
  log?: (line: string) => void;
}

/** Calls `onChange` after the index folder was replaced; returns a function that stops watching. */
export function watchIndex(paths: CorpusPaths, onChange: () => Promise<unknown>, options: WatchOptions = {}): () => void {
  const log = options.log ?? ((line: string) => console.error(line));
  const debounceMs = options.debounceMs ?? 300;
  if (!existsSync(paths.root)) {
    log(`verbatim: not watching ${paths.root}: no such folder`);
    return () => {};
  }
  const name = basename(paths.index);
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
    if (!existsSync(paths.index)) return;
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
