// The sample request as a shell command to paste: the banner's curl (the request itself is made by
// @smx/sources' test sender, signed by the same code that verifies it).
import type { HookRequest } from "@smx/sources";

/** `request` as a curl command (single-quoted; the body is read from `bodyFile`). */
export function curlCommand(request: HookRequest, bodyFile: string): string {
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  const lines = [`curl -i -X POST ${quote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers))
    lines.push(`  -H ${quote(`${name}: ${value}`)}`);
  lines.push(`  --data-binary @${quote(bodyFile)}`);
  return lines.join(" \\\n");
}
