// HMAC and comparison primitives shared by every provider signature scheme.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** HMAC-SHA256 over the concatenation of `parts` (raw bytes are used as they are, never re-encoded). */
export function hmacSha256(key: string | Uint8Array, ...parts: (string | Uint8Array)[]): Buffer {
  const mac = createHmac("sha256", key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/**
 * Constant-time string equality. Comparing sha256 digests keeps the compare constant-time even when the
 * lengths differ (timingSafeEqual itself throws on a length mismatch, which would leak the length).
 */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}

/**
 * True when any provided signature equals the expected signature for any secret (several secrets are valid
 * during a rotation). `expected` computes the signature for one secret, in the provider's encoding.
 * An empty secret (a variable set to nothing) is skipped: an HMAC under the empty key, or an empty key
 * itself, is something anyone can produce.
 */
export function anySecretMatches<Key extends string | Uint8Array>(
  secrets: readonly Key[],
  provided: readonly string[],
  expected: (secret: Key) => string,
): boolean {
  let matched = false;
  // No early exit: the time taken does not depend on which secret or signature matched.
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    const want = expected(secret);
    for (const candidate of provided) if (safeEqual(candidate, want)) matched = true;
  }
  return matched;
}
