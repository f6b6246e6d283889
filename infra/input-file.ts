// Which deploy input file to read: the one a variable names (it must exist: a typo must not silently fall
// back), else the default file at the project root if there is one. Plain Node.
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { DeployConfigError } from "./deploy-error.ts";

/** The file relative to `root` (SST resolves `copyFiles` sources against the root), or undefined if none. */
export function findInputFile(
  root: string,
  env: Record<string, string | undefined>,
  variable: string,
  defaultPath: string,
): string | undefined {
  const explicit = env[variable];
  if (explicit !== undefined && explicit !== "") {
    if (!existsSync(resolve(root, explicit)))
      throw new DeployConfigError(variable, [
        `expected a readable file, got "${explicit}" which does not exist`,
      ]);
    return relative(root, resolve(root, explicit));
  }
  return existsSync(resolve(root, defaultPath)) ? defaultPath : undefined;
}
