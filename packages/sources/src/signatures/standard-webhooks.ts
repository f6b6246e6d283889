// Standard Webhooks (spec v1.0.0, also Svix): `webhook-id`, `webhook-timestamp` (unix seconds) and
// `webhook-signature` (space-delimited `v1,<base64>` list), HMAC-SHA256 over `id.timestamp.body` with the
// base64 key of a `whsec_…` secret. Svix sends the same headers as `svix-id`, `svix-timestamp` and
// `svix-signature` by default; like Svix's own libraries, each is read under either prefix (`svix-` first).
//
// Hand-written rather than the `standardwebhooks` package: that library takes one secret per instance, a
// fixed 5-minute tolerance, reads the clock itself and decodes the body to a string before signing, while
// this needs several secrets (rotation), the hook's tolerance, an injected `now` and the raw bytes. The tests
// sign with that library and with Svix's, so every reading of the spec must agree.
import { AuthenticationError } from "../errors.ts";
import { anySecretMatches, hmacSha256 } from "./hmac.ts";
import { checkTimestamp } from "./timestamp.ts";

/** The spec's header names (what this service sends, e.g. `smx hooks test`). */
export const STANDARD_WEBHOOK_HEADERS = {
  id: "webhook-id",
  timestamp: "webhook-timestamp",
  signature: "webhook-signature",
} as const;

type Part = keyof typeof STANDARD_WEBHOOK_HEADERS;

/** One header as received: the name it came under (`svix-id` or `webhook-id`) and its value. */
export interface ReceivedHeader {
  name: string;
  value: string | null;
}

/** Reads one Standard Webhooks header under the `svix-` prefix, else the spec's `webhook-` one. */
export function standardWebhookHeader(headers: Headers, part: Part): ReceivedHeader {
  const svix = `svix-${part}`;
  if (headers.has(svix)) return { name: svix, value: headers.get(svix) };
  const name = STANDARD_WEBHOOK_HEADERS[part];
  return { name, value: headers.get(name) };
}

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
  headers: Headers;
  secrets: readonly string[];
  /** Epoch ms. */
  now: number;
  toleranceSeconds: number;
}): void {
  const idHeader = standardWebhookHeader(args.headers, "id");
  const timestampHeader = standardWebhookHeader(args.headers, "timestamp");
  const signatureHeader = standardWebhookHeader(args.headers, "signature");
  const id = required(idHeader);
  const timestamp = required(timestampHeader);
  const signatureList = required(signatureHeader);
  // The window first, as the reference libraries do: a replay is refused before any HMAC work.
  checkTimestamp({
    header: timestampHeader.name,
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
      `${signatureHeader.name}: expected a space-delimited list with at least one "v1,<base64>" entry (asymmetric v1a is not supported), got versions [${signatureList
        .split(" ")
        .map((entry) => entry.split(",")[0]?.slice(0, 8))
        .join(", ")}]`,
      { header: signatureHeader.name },
    );
  }
  const matches = anySecretMatches(args.secrets.map(decodeSecret), v1, (key) =>
    hmacSha256(key, `${id}.${timestamp}.`, args.body).toString("base64"),
  );
  if (!matches) {
    throw new AuthenticationError(
      `${signatureHeader.name}: no v1 signature matches "${idHeader.name}.${timestampHeader.name}.body" for any configured secret`,
      { header: signatureHeader.name },
    );
  }
}

function required(header: ReceivedHeader): string {
  const trimmed = header.value?.trim();
  if (!trimmed) {
    throw new AuthenticationError(
      `${header.name} header is missing: Standard Webhooks senders send webhook-id, webhook-timestamp and webhook-signature (Svix: svix-id, svix-timestamp, svix-signature)`,
      { header: header.name },
    );
  }
  return trimmed;
}

function decodeSecret(secret: string, index: number): Buffer {
  const key = standardWebhooksKey(secret);
  if (key === undefined) throw new SigningSecretFormatError(index);
  return key;
}

/** The HMAC key of a `whsec_<base64>` secret; undefined for anything else. */
export function standardWebhooksKey(secret: string): Buffer | undefined {
  if (!secret.startsWith("whsec_")) return undefined;
  const encoded = secret.slice("whsec_".length);
  return /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, "base64") : undefined;
}
