// Standard Webhooks (spec v1.0.0, also Svix): `webhook-id`, `webhook-timestamp` (unix seconds) and
// `webhook-signature` (space-delimited `v1,<base64>` list), HMAC-SHA256 over `id.timestamp.body` with the
// base64 key of a `whsec_…` secret.
//
// Hand-written rather than the `standardwebhooks` package: that library takes one secret per instance, a
// fixed 5-minute tolerance, reads the clock itself and decodes the body to a string before signing, while
// this needs several secrets (rotation), the hook's tolerance, an injected `now` and the raw bytes. The tests
// sign with that library, so both readings of the spec must agree.
import { AuthenticationError } from "../errors.ts";
import { anySecretMatches, hmacSha256 } from "./hmac.ts";
import { checkTimestamp } from "./timestamp.ts";

export const STANDARD_WEBHOOK_HEADERS = {
  id: "webhook-id",
  timestamp: "webhook-timestamp",
  signature: "webhook-signature",
} as const;

/** A configured secret that is not `whsec_<base64>`: an operator's mistake, not the sender's. */
export class SigningSecretFormatError extends Error {
  override name = "SigningSecretFormatError";
  constructor(readonly index: number) {
    super(
      `signing secret #${index + 1} of this hook is not a Standard Webhooks secret: expected "whsec_" followed by base64 (the value is not shown)`,
    );
  }
}

export function verifyStandardWebhook(args: {
  body: Uint8Array;
  id: string | null;
  timestamp: string | null;
  signature: string | null;
  secrets: readonly string[];
  /** Epoch ms. */
  now: number;
  toleranceSeconds: number;
}): void {
  const id = required(STANDARD_WEBHOOK_HEADERS.id, args.id);
  const timestamp = required(STANDARD_WEBHOOK_HEADERS.timestamp, args.timestamp);
  const signatureList = required(STANDARD_WEBHOOK_HEADERS.signature, args.signature);
  // The window first, as the reference libraries do: a replay is refused before any HMAC work.
  checkTimestamp({
    header: STANDARD_WEBHOOK_HEADERS.timestamp,
    value: timestamp,
    now: args.now,
    toleranceSeconds: args.toleranceSeconds,
  });

  const v1 = signatureList
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .map((entry) => entry.slice(3));
  if (v1.length === 0) {
    throw new AuthenticationError(
      `${STANDARD_WEBHOOK_HEADERS.signature}: expected a space-delimited list with at least one "v1,<base64>" entry (asymmetric v1a is not supported), got versions [${signatureList
        .split(" ")
        .map((entry) => entry.split(",")[0]?.slice(0, 8))
        .join(", ")}]`,
      undefined,
      STANDARD_WEBHOOK_HEADERS.signature,
    );
  }
  const matches = anySecretMatches(args.secrets.map(decodeSecret), v1, (key) =>
    hmacSha256(key, `${id}.${timestamp}.`, args.body).toString("base64"),
  );
  if (!matches) {
    throw new AuthenticationError(
      `${STANDARD_WEBHOOK_HEADERS.signature}: no v1 signature matches "webhook-id.webhook-timestamp.body" for any configured secret`,
      undefined,
      STANDARD_WEBHOOK_HEADERS.signature,
    );
  }
}

function required(header: string, value: string | null): string {
  const trimmed = value?.trim();
  if (!trimmed) {
    throw new AuthenticationError(
      `${header} header is missing: Standard Webhooks senders send webhook-id, webhook-timestamp and webhook-signature`,
      undefined,
      header,
    );
  }
  return trimmed;
}

function decodeSecret(secret: string, index: number): Buffer {
  const encoded = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new SigningSecretFormatError(index);
  return Buffer.from(encoded, "base64");
}
