// Typeform: `Typeform-Signature: sha256=<base64 HMAC-SHA256(secret, raw body)>`; no timestamp.
import { type BodyHmacScheme, verifyBodyHmac } from "./body-hmac.ts";

export const TYPEFORM_SIGNATURE_HEADER = "Typeform-Signature";

const scheme: BodyHmacScheme = {
  header: TYPEFORM_SIGNATURE_HEADER,
  encoding: "base64",
  prefix: "sha256=",
  missingHint: "set a secret on the Typeform webhook (Connect → Webhooks → Edit → Secret)",
};

export function verifyTypeformSignature(args: {
  body: Uint8Array;
  signature: string | null;
  secrets: readonly string[];
}): void {
  verifyBodyHmac(scheme, { value: args.signature, signedContents: [args.body], secrets: args.secrets });
}
