// The optional state file: read once at start, rewritten after writes — at most once per interval, and at
// once on stop. Writes go to a temp file renamed over the old one, so a crash mid-write never leaves a
// half-written state behind (a crash loses at most the last interval's changes).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import * as v from "valibot";
import { StateFileError } from "./errors.ts";
import { type Snapshot, SnapshotSchema } from "./store.ts";

/** The saved snapshot, or undefined when the file does not exist yet. */
export function loadStateFile(path: string): Snapshot | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(`state file ${path}: expected JSON, got ${(error as Error).message}`);
  }
  const result = v.safeParse(SnapshotSchema, json);
  if (!result.success) {
    const first = result.issues[0]!;
    throw new StateFileError(
      `state file ${path}: expected a sandbox snapshot (version 1), ${v.getDotPath(first) ?? "(root)"}: ${first.message}`,
    );
  }
  return result.output;
}

export function saveStateFile(path: string, snapshot: Snapshot): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(snapshot, null, 2)}\n`);
  renameSync(temp, path);
}

export const DEFAULT_STATE_WRITE_INTERVAL_MS = 1_000;

/** Saves `snapshot()` after changes, at most once per `intervalMs`, and at once on `flush()`. */
export class StateFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private lastWrite = Number.NEGATIVE_INFINITY;
  private readonly onExit = () => this.flush();

  constructor(
    private readonly path: string,
    private readonly snapshot: () => Snapshot,
    private readonly intervalMs = DEFAULT_STATE_WRITE_INTERVAL_MS,
  ) {
    // A process that ends without closing the server still writes its last changes (synchronously).
    process.once("exit", this.onExit);
  }

  changed(): void {
    this.dirty = true;
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastWrite + this.intervalMs - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref();
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    this.lastWrite = Date.now();
    saveStateFile(this.path, this.snapshot());
  }

  /** Writes what is pending and stops listening for the process's exit. */
  close(): void {
    this.flush();
    process.off("exit", this.onExit);
  }
}
