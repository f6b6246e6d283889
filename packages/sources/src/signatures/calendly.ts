// Calendly: `Calendly-Webhook-Signature: t=<unix>,v1=<hex HMAC-SHA256(key, "<t>." + raw body)>`.
import { AuthenticationError } from "../errors.ts";
import { anySecretMatches, hmacSha256 } from "./hmac.ts";
import { checkTimestamp } from "./timestamp.ts";

export const CALENDLY_SIGNATURE_HEADER = "Calendly-Webhook-Signature";

export function verifyCalendlySignature(args: {
  body: Uint8Array;
  signature: string | null;
  secrets: readonly string[];
  /** Epoch ms. */
  now: number;
  toleranceSeconds: number;
}): void {
  const header = CALENDLY_SIGNATURE_HEADER;
  const value = args.signature?.trim();
  if (!value) {
    throw new AuthenticationError(
      `${header} header is missing: create the webhook subscription with a signing_key (Calendly signs only then)`,
      { header },
    );
  }
  const { t, v1 } = parseSignatureHeader(value);
  if (t === undefined || v1.length === 0) {
    throw new AuthenticationError(
      `${header}: expected "t=<unix seconds>,v1=<hex HMAC-SHA256>", got fields [${fieldNames(value)}]`,
      { header },
    );
  }
  // The window first: a replay is refused before any HMAC work.
  checkTimestamp({ header: `${header} t`, value: t, now: args.now, toleranceSeconds: args.toleranceSeconds });
  const matches = anySecretMatches(args.secrets, v1, (key) =>
    hmacSha256(key, `${t}.`, args.body).toString("hex"),
  );
  if (!matches) {
    throw new AuthenticationError(
      `${header}: no v1 signature matches "t." + body for any configured signing key (wrong key, or the body was altered on the way)`,
      { header },
    );
  }
}

function parseSignatureHeader(value: string): { t: string | undefined; v1: string[] } {
  let t: string | undefined;
  const v1: string[] = [];
  for (const pair of value.split(",")) {
    const at = pair.indexOf("=");
    const key = pair.slice(0, at).trim();
    const val = pair.slice(at + 1).trim();
    if (at < 0 || !val) continue;
    if (key === "t") t = val;
    else if (key === "v1") v1.push(val.toLowerCase());
  }
  return { t, v1 };
}

/** Only the field names: a mangled header is described without echoing signature material. */
function fieldNames(value: string): string {
  return value
    .split(",")
    .map((pair) => pair.split("=")[0]?.trim().slice(0, 16))
    .join(", ");
}
