// The simplest provider scheme: one header carrying HMAC-SHA256(secret, raw body), with no timestamp
// (Typeform, Tally, Cal.com). Only the encoding, an optional prefix and the header name differ.
import { AuthenticationError } from "../errors.ts";
import { anySecretMatches, hmacSha256 } from "./hmac.ts";

export interface BodyHmacScheme {
  /** Header name as the provider documents it (used in error messages). */
  header: string;
  encoding: "base64" | "hex";
  /** Text before the signature in the header value, e.g. `sha256=`. */
  prefix?: string;
  /** What to tell the sender when the header is missing (where to set the secret in that tool). */
  missingHint: string;
}

export interface BodyHmacInput {
  /** The header's value, `null` when absent. */
  value: string | null;
  /** Every form of the body the provider may have signed, raw bytes first; read lazily, stopping at a match. */
  signedContents: Iterable<Uint8Array>;
  secrets: readonly string[];
}

export function verifyBodyHmac(scheme: BodyHmacScheme, input: BodyHmacInput): void {
  const { header, encoding, prefix = "" } = scheme;
  const value = input.value?.trim();
  if (!value) {
    throw new AuthenticationError(`${header} header is missing: ${scheme.missingHint}`, { header });
  }
  if (!value.startsWith(prefix)) {
    throw new AuthenticationError(
      `${header}: expected "${prefix}<${encoding} HMAC-SHA256>", got a value starting ${JSON.stringify(value.slice(0, prefix.length || 8))}`,
      { header },
    );
  }
  const provided = value.slice(prefix.length);
  const normalized = encoding === "hex" ? provided.toLowerCase() : provided;
  let matches = false;
  for (const content of input.signedContents) {
    matches = anySecretMatches(input.secrets, [normalized], (secret) =>
      hmacSha256(secret, content).toString(encoding),
    );
    if (matches) break;
  }
  if (!matches) {
    throw new AuthenticationError(
      `${header}: the signature does not match the body for any configured secret (wrong secret, or the body was altered on the way)`,
      { header },
    );
  }
}
