// Sample payloads (examples/payloads/<source>.json|.txt) and the content type each is sent with: the banner's
// curl and `smx hooks test` send exactly these bytes.
import { existsSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { SamplePayloadError } from "./errors.ts";
import { REPO_ROOT } from "./settings.ts";

export const EXAMPLE_PAYLOADS_DIR = join(REPO_ROOT, "examples", "payloads");

export interface SamplePayload {
  file: string;
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
}

export function samplePayload(source: string, directory: string = EXAMPLE_PAYLOADS_DIR): SamplePayload {
  const file = [".json", ".txt"].map((ext) => join(directory, `${source}${ext}`)).find(existsSync);
  if (file === undefined) throw new SamplePayloadError(source, directory);
  return payloadFromFile(file);
}

/** `.json` is JSON; other text is a form post, multipart when it opens with a `--boundary` line. */
export function payloadFromFile(file: string): SamplePayload {
  const body = new Uint8Array(readFileSync(file));
  if (extname(file).toLowerCase() === ".json") return { file, contentType: "application/json", body };
  const firstLine = new TextDecoder().decode(body.subarray(0, 200)).split(/\r?\n/, 1)[0] ?? "";
  const contentType = firstLine.startsWith("--")
    ? `multipart/form-data; boundary=${firstLine.slice(2).trim()}`
    : "application/x-www-form-urlencoded";
  return { file, contentType, body };
}
