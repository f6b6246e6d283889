// Cal.com: `X-Cal-Signature-256: <hex HMAC-SHA256(secret, raw body)>`; no timestamp. Without a secret
// configured Cal.com sends the literal `no-secret-provided`, which must never authenticate anything.
import { AuthenticationError } from "../errors.ts";
import { type BodyHmacScheme, verifyBodyHmac } from "./body-hmac.ts";

export const CAL_COM_SIGNATURE_HEADER = "X-Cal-Signature-256";

const MISSING_HINT = "set a secret on the Cal.com webhook (Settings → Developer → Webhooks → Secret)";

const scheme: BodyHmacScheme = {
  header: CAL_COM_SIGNATURE_HEADER,
  encoding: "hex",
  missingHint: MISSING_HINT,
};

export function verifyCalComSignature(args: {
  body: Uint8Array;
  signature: string | null;
  secrets: readonly string[];
}): void {
  if (args.signature?.trim() === "no-secret-provided") {
    throw new AuthenticationError(
      `${CAL_COM_SIGNATURE_HEADER} is "no-secret-provided": the Cal.com webhook has no secret; ${MISSING_HINT}`,
      { header: CAL_COM_SIGNATURE_HEADER },
    );
  }
  verifyBodyHmac(scheme, { value: args.signature, signedContents: [args.body], secrets: args.secrets });
}
