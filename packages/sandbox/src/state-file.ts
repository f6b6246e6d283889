// The optional state file: read once at start, rewritten after every write. Writes go to a temp file
// renamed over the old one, so a crash mid-write never leaves a half-written state behind.
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
