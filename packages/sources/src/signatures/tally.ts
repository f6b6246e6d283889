// Tally: `Tally-Signature: base64(HMAC-SHA256(secret, body))`; no timestamp.
import { parseJsonPlain } from "../body/json.ts";
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

/**
 * The raw bytes, then (only if they did not match) the compact re-serialization. The body is not trusted
 * yet: it is re-serialized only when it is JSON within the body limits (depth, field length), so a forged
 * signature on a hostile body costs one linear scan and is answered 401; parsing reports its errors later.
 */
function* signedForms(body: Uint8Array): Generator<Uint8Array> {
  yield body;
  const parsed = parseJsonPlain(new TextDecoder().decode(body));
  if (parsed === undefined) return;
  const compact = new TextEncoder().encode(JSON.stringify(parsed));
  if (!Buffer.from(compact).equals(body)) yield compact;
}
