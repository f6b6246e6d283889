// The base path of a custom domain's API mapping (smx.deploy.json `domain.basePath`): one path segment, as
// API Gateway takes it for an HTTP API. The deploy validates it with this schema and hands it to the webhooks
// function as SMX_BASE_PATH, whose app strips it before routing (docs/deploy.md#a-custom-domain).
import * as v from "valibot";

export const BASE_PATH_VARIABLE = "SMX_BASE_PATH";

export const BasePath = v.pipe(
  v.string(),
  v.regex(
    /^[A-Za-z0-9._-]{1,100}$/,
    'one path segment of letters, digits, ".", "_" or "-" (no slashes), such as "hooks-v1"',
  ),
);

/** A URL's path with `basePath` taken off its front, when it starts with it; any other path unchanged. */
export function stripBasePath(path: string, basePath: string): string {
  const prefix = `/${basePath}`;
  if (path === prefix) return "/";
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}
