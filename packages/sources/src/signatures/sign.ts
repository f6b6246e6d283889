// Signing as each provider signs: the exact counterpart of the verifiers in this folder (same headers, same
// HMAC input, same encodings), for test senders such as `smx hooks test`. Kept next to the verifiers so the
// two readings of a scheme cannot drift apart.
import type { SourceKind } from "../config/hooks.ts";
import { CAL_COM_SIGNATURE_HEADER } from "./cal-com.ts";
import { CALENDLY_SIGNATURE_HEADER } from "./calendly.ts";
import { hmacSha256 } from "./hmac.ts";
import {
  SigningSecretFormatError,
  STANDARD_WEBHOOK_HEADERS,
  standardWebhooksKey,
} from "./standard-webhooks.ts";
import { TALLY_SIGNATURE_HEADER } from "./tally.ts";
import { TYPEFORM_SIGNATURE_HEADER } from "./typeform.ts";

export type SignedSource = "typeform" | "tally" | "calendly" | "cal-com" | "standard-webhooks";

export function isSignedSource(source: SourceKind): source is SignedSource {
  return ["typeform", "tally", "calendly", "cal-com", "standard-webhooks"].includes(source);
}

/**
 * The headers `source` would send with `body` signed by `secret` at `now` (epoch ms). `messageId` is the
 * Standard Webhooks `webhook-id` (a random one when omitted).
 */
export function providerSignatureHeaders(
  source: SignedSource,
  args: { secret: string; body: Uint8Array; now: number; messageId?: string },
): Record<string, string> {
  const { secret, body } = args;
  const seconds = String(Math.floor(args.now / 1000));
  switch (source) {
    case "typeform":
      return { [TYPEFORM_SIGNATURE_HEADER]: `sha256=${hmacSha256(secret, body).toString("base64")}` };
    case "tally":
      return { [TALLY_SIGNATURE_HEADER]: hmacSha256(secret, body).toString("base64") };
    case "cal-com":
      return { [CAL_COM_SIGNATURE_HEADER]: hmacSha256(secret, body).toString("hex") };
    case "calendly":
      return {
        [CALENDLY_SIGNATURE_HEADER]: `t=${seconds},v1=${hmacSha256(secret, `${seconds}.`, body).toString("hex")}`,
      };
    case "standard-webhooks": {
      const id = args.messageId ?? `msg_${crypto.randomUUID()}`;
      const key = standardWebhooksKey(secret);
      if (key === undefined) throw new SigningSecretFormatError(0);
      return {
        [STANDARD_WEBHOOK_HEADERS.id]: id,
        [STANDARD_WEBHOOK_HEADERS.timestamp]: seconds,
        [STANDARD_WEBHOOK_HEADERS.signature]: `v1,${hmacSha256(key, `${id}.${seconds}.`, body).toString("base64")}`,
      };
    }
  }
}
