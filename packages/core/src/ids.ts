// Deterministic ids and payload fingerprints. An event id depends only on (hook, dedup key), so every
// redelivery of one event lands on the same ledger record.
import { createHash } from "node:crypto";

// Crockford base32 (no i, l, o, u): unambiguous when an operator reads an id aloud or types it.
const BASE32 = "0123456789abcdefghjkmnpqrstvwxyz";

function base32(bytes: Uint8Array, length: number): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
    if (out.length === length) break;
  }
  return out;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** `evt_` + 26 base32 characters (130 bits) of sha256 over the hook id and dedup key. */
export function eventIdFor(hookId: string, dedupKey: string): string {
  // JSON keeps the pair unambiguous whatever characters either part contains.
  const digest = createHash("sha256")
    .update(JSON.stringify([hookId, dedupKey]))
    .digest();
  return `evt_${base32(digest, 26)}`;
}

/** JSON with object keys sorted at every level; `undefined` members are dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return sorted;
  }
  return value;
}

/** sha256 (hex) of the canonical JSON: equal for equal data whatever the key order. */
export function fingerprint(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
