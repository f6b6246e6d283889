// The local stack's configuration reload: `smx.config.json` is watched, and a valid new version replaces
// the running runtime (hooks, mappings, connections) without a restart; an invalid one is logged with its key
// paths and the old runtime stays. The folder is watched rather than the file, so an editor that saves by
// writing a temporary file and renaming it over the old one (vim, JetBrains, VS Code's safe write) is seen.
import { type FSWatcher, watch } from "node:fs";
import { basename, dirname } from "node:path";
import type { Logger } from "@smx/core";
import type { Runtime } from "@smx/runtime";
import { ConfigError } from "@smx/sources";

/** Editors save in bursts (truncate, write, rename); one reload follows the last event of a burst. */
export const RELOAD_DEBOUNCE_MS = 150;

/** What one look at the file came to; listeners (tests, the banner) get each one. */
export type ConfigReload =
  | { kind: "reloaded"; file: string; hooks: number; connections: number }
  | { kind: "refused"; file: string; problems: readonly string[] };

export interface ConfigReloader {
  /** The runtime built from the last valid configuration. */
  current(): Runtime;
  /** Called after every reload or refusal; returns a function that unsubscribes. */
  onReload(listener: (reload: ConfigReload) => void): () => void;
  /** Stops watching; a pending reload is dropped. */
  stop(): void;
}

export interface ConfigReloaderOptions {
  file: string;
  initial: Runtime;
  /** Reads the file and builds a runtime from it; throws ConfigError when the file is not a valid config. */
  build(): Runtime;
  /** Runs after a reload has replaced the runtime (e.g. the secret check). */
  afterReload?(runtime: Runtime): void;
  logger: Logger;
  debounceMs?: number;
}

export function watchConfig(options: ConfigReloaderOptions): ConfigReloader {
  const { file, logger, debounceMs = RELOAD_DEBOUNCE_MS } = options;
  let runtime = options.initial;
  const listeners = new Set<(reload: ConfigReload) => void>();
  let timer: NodeJS.Timeout | undefined;

  const announce = (reload: ConfigReload) => {
    for (const listener of listeners) listener(reload);
  };

  const reload = () => {
    timer = undefined;
    let next: Runtime;
    try {
      next = options.build();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      logger.error("configuration not reloaded: the running one stays until the file is fixed", {
        file,
        problems: error.problems,
      });
      announce({ kind: "refused", file, problems: error.problems });
      return;
    }
    runtime = next;
    const counts = { hooks: next.config.hooks.length, connections: next.config.connections.length };
    logger.info("configuration reloaded", { file, ...counts });
    options.afterReload?.(next);
    announce({ kind: "reloaded", file, ...counts });
  };

  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        reload();
      } catch (error) {
        // A runtime that cannot be built for another reason (a bad variable) is reported; the old one stays.
        logger.error("configuration reload failed; the running one stays", {
          file,
          error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
        });
        announce({
          kind: "refused",
          file,
          problems: [error instanceof Error ? error.message : String(error)],
        });
      }
    }, debounceMs);
  };

  const name = basename(file);
  const watcher: FSWatcher = watch(dirname(file), (_event, changed) => {
    // Some platforms give no file name; then any change in the folder is a reason to look.
    if (changed === null || changed === name) schedule();
  });
  watcher.on("error", (error) => logger.warn("configuration watch stopped", { file, error: error.message }));

  return {
    current: () => runtime,
    onReload(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      watcher.close();
    },
  };
}
