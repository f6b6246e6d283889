// Tally: `Tally-Signature: base64(HMAC-SHA256(secret, body))`; no timestamp.
import { type BodyHmacScheme, verifyBodyHmac } from "./body-hmac.ts";

export const TALLY_SIGNATURE_HEADER = "Tally-Signature";

const scheme: BodyHmacScheme = {
  header: TALLY_SIGNATURE_HEADER,
  encoding: "base64",
  missingHint: "set a signing secret on the Tally webhook (Integrations → Webhooks → Signing secret)",
};

/**
 * Tally's own example verifies `JSON.stringify(req.body)`, i.e. the compact re-serialization, so it is
 * accepted as a second form of the body after the raw bytes. Both need the secret, so this widens nothing
 * an attacker can forge; it only survives a proxy that re-formats the JSON on the way.
 */
export function verifyTallySignature(args: {
  body: Uint8Array;
  signature: string | null;
  secrets: readonly string[];
}): void {
  verifyBodyHmac(scheme, {
    value: args.signature,
    signedContents: signedForms(args.body),
    secrets: args.secrets,
  });
}

/** The raw bytes, then (only if they did not match) the compact re-serialization. */
function* signedForms(body: Uint8Array): Generator<Uint8Array> {
  yield body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    // Not JSON: only the raw bytes can have been signed; parsing reports the body error later.
    return;
  }
  const compact = new TextEncoder().encode(JSON.stringify(parsed));
  if (!Buffer.from(compact).equals(body)) yield compact;
}
