// The simplest provider scheme: one header carrying HMAC-SHA256(secret, raw body), with no timestamp
// (Typeform, Tally, Cal.com). Only the header name, the encoding, an optional prefix and the forms of the
// body the provider may have signed differ.
import { AuthenticationError } from "../errors.ts";
import { anySecretMatches, hmacSha256 } from "./hmac.ts";
import type { SignatureScheme } from "./scheme.ts";

export interface BodyHmacOptions {
  /** Header name as the provider documents it (used in error messages). */
  header: string;
  encoding: "base64" | "hex";
  /** Text before the signature in the header value, e.g. `sha256=`. */
  prefix?: string;
  /** What to tell the sender when the header is missing (where to set the secret in that tool). */
  missingHint: string;
  /** Every form of the body the provider may have signed, raw bytes first; read lazily, stopping at a match. */
  signedForms?: (body: Uint8Array) => Iterable<Uint8Array>;
  /** A header value that must never authenticate (a placeholder the provider sends), and what to say. */
  refused?: { value: string; message: string };
}

export function bodyHmacScheme(options: BodyHmacOptions): SignatureScheme {
  const { header, encoding, prefix = "", signedForms = (body: Uint8Array) => [body] } = options;
  const sign: SignatureScheme["sign"] = ({ secret, body }) => ({
    [header]: `${prefix}${hmacSha256(secret, body).toString(encoding)}`,
  });
  return {
    sign,
    verify({ body, headers, secrets }) {
      const value = headers.get(header)?.trim();
      if (options.refused !== undefined && value === options.refused.value)
        throw new AuthenticationError(options.refused.message, { header });
      if (!value)
        throw new AuthenticationError(`${header} header is missing: ${options.missingHint}`, { header });
      if (!value.startsWith(prefix)) {
        throw new AuthenticationError(
          `${header}: expected "${prefix}<${encoding} HMAC-SHA256>", got a value starting ${JSON.stringify(value.slice(0, prefix.length || 8))}`,
          { header },
        );
      }
      const signature = value.slice(prefix.length);
      const provided = `${prefix}${encoding === "hex" ? signature.toLowerCase() : signature}`;
      for (const content of signedForms(body)) {
        const expected = (secret: string) =>
          sign({ secret, body: content, timestamp: "", messageId: "" })[header] ?? "";
        if (anySecretMatches(secrets, [provided], expected)) return;
      }
      throw new AuthenticationError(
        `${header}: the signature does not match the body for any configured secret (wrong secret, or the body was altered on the way)`,
        { header },
      );
    },
  };
}
