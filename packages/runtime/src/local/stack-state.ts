// `.local/stack.json`: where a running local stack is (endpoints, table, files), so `pnpm smx` in another
// terminal targets it with no flags. No secret is written; it is removed again when the stack stops.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as v from "valibot";
import { LocalStackStateError } from "./errors.ts";

const StackState = v.object({
  pid: v.number(),
  startedAt: v.string(),
  webhooksUrl: v.string(),
  dynamoEndpoint: v.string(),
  tableName: v.string(),
  configFile: v.string(),
  secretsFile: v.string(),
  sandboxUrl: v.optional(v.string()),
});
export type StackState = v.InferOutput<typeof StackState>;

export function stackStateFile(stateDir: string): string {
  return join(stateDir, "stack.json");
}

/** The local token rotation's versions of the tokens secrets, beside the stack's state. */
export function secretVersionsFile(stateDir: string): string {
  return join(stateDir, "secret-versions.json");
}

export function writeStackState(file: string, state: StackState): void {
  mkdirSync(dirname(file), { recursive: true });
  // Write then rename: a reader never sees half a file.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(partial, file);
}

/** The recorded stack, or undefined when none is recorded (none started, or it stopped cleanly). */
export function readStackState(file: string): StackState | undefined {
  const text = readIfExists(file);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LocalStackStateError(
      file,
      `expected JSON written by the local stack: ${(error as Error).message}`,
    );
  }
  const parsed = v.safeParse(StackState, json);
  if (!parsed.success) {
    const key = v.getDotPath(parsed.issues[0]) ?? "(top level)";
    throw new LocalStackStateError(file, `${key}: expected ${parsed.issues[0].expected ?? "a valid value"}`);
  }
  return parsed.output;
}

/** A file of `.local/` as text, or undefined when it does not exist (nothing recorded). */
export function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export function removeStackState(file: string): void {
  rmSync(file, { force: true });
}
