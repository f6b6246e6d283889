// The base path of the stage's custom domain (SMX_BASE_PATH, set by the deploy): API Gateway keeps it in the
// request's path, so routing sees `/<base>/hooks/…`. The app takes it off first; a request without it (the
// execute-api address, which keeps working) routes as it is. Powertools' `strip_prefixes` does the same.
import { RuntimeEnvError } from "@smx/runtime";
import { BASE_PATH_VARIABLE, BasePath, stripBasePath } from "@smx/sources";
import { getPath } from "hono/utils/url";
import * as v from "valibot";

/** The base path the environment names, if any; an unusable one stops the function at start. */
export function basePathFrom(env: Record<string, string | undefined>): string | undefined {
  const value = env[BASE_PATH_VARIABLE]?.trim();
  if (!value) return undefined;
  const parsed = v.safeParse(BasePath, value);
  if (!parsed.success) throw new RuntimeEnvError(BASE_PATH_VARIABLE, parsed.issues[0].message);
  return parsed.output;
}

/** Hono's `getPath`, with `basePath` taken off the front when a request's path starts with it. */
export function pathWithout(basePath: string): (request: Request) => string {
  return (request) => stripBasePath(getPath(request), basePath);
}
