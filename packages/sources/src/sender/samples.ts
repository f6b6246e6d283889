// Sample payloads (examples/payloads/<source>.json|.txt) and the content type each is sent with: the local
// stack's sample curl and `smx hooks test` send these bytes. A test sender freshens a sample's ids and times
// (the paths its adapter names), so it is neither older than the ledger's retention nor a repeat of the last
// test.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceKind } from "../config/hooks.ts";
import { writePath } from "../mapping/path.ts";
import { sourceAdapter } from "../registry.ts";
import { SamplePayloadError } from "./errors.ts";

export const EXAMPLE_PAYLOADS_DIR = fileURLToPath(new URL("../../../../examples/payloads", import.meta.url));

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

/**
 * `sample` with the ids and submission times `source`'s adapter names set to fresh values (`now`, epoch ms).
 * A sample of another form, or of a source that names none, is returned as it is.
 */
export function freshSample(source: SourceKind, sample: SamplePayload, now: number): SamplePayload {
  const stamps = sourceAdapter(source).sampleStamps;
  if (stamps === undefined || sample.contentType !== "application/json") return sample;
  const payload = JSON.parse(new TextDecoder().decode(sample.body)) as Record<string, unknown>;
  for (const path of stamps.ids) writePath(payload, path, `smx-test-${randomUUID()}`);
  for (const path of stamps.times) writePath(payload, path, new Date(now).toISOString());
  return { ...sample, body: new TextEncoder().encode(`${JSON.stringify(payload, null, 2)}\n`) };
}
