// Standard Webhooks (spec v1.0.0; Svix and the senders built on it, e.g. an ERP): any JSON payload, mapped
// entirely by the hook's mapping; `webhook-id` (or Svix's `svix-id`) is the event's id (kept across the
// sender's retries).
//
// Signature: `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature` (space-delimited
// `v1,<base64>` list), HMAC-SHA256 over `id.timestamp.body` with the base64 key of a `whsec_…` secret. Svix
// sends the same headers as `svix-id`, `svix-timestamp` and `svix-signature` by default; like Svix's own
// libraries, each is read under either prefix (`svix-` first). Hand-written rather than the
// `standardwebhooks` package: that library takes one secret per instance, a fixed 5-minute tolerance, reads
// the clock itself and decodes the body to a string before signing, while this needs several secrets
// (rotation), the hook's tolerance, an injected `now` and the raw bytes. The tests sign with that library
// and with Svix's, so every reading of the spec must agree.
import { SecretFormatError } from "@smx/core";
import type { SourceAdapter } from "../adapter.ts";
import { AuthenticationError } from "../errors.ts";
import { anySecretMatches, hmacSha256 } from "../signatures/hmac.ts";
import type { SignatureScheme } from "../signatures/scheme.ts";
import { checkTimestamp } from "../signatures/timestamp.ts";
import { parseJson, skipReason, toEvent } from "./signed-provider.ts";

/** The spec's header names (what this service sends, e.g. `smx hooks test`). */
const HEADERS = { id: "webhook-id", timestamp: "webhook-timestamp", signature: "webhook-signature" } as const;

type Part = keyof typeof HEADERS;

/** One header as received: the name it came under (`svix-id` or `webhook-id`) and its value. */
interface ReceivedHeader {
  name: string;
  value: string | null;
}

/** Reads one Standard Webhooks header under the `svix-` prefix, else the spec's `webhook-` one. */
function received(headers: Headers, part: Part): ReceivedHeader {
  const svix = `svix-${part}`;
  if (headers.has(svix)) return { name: svix, value: headers.get(svix) };
  const name = HEADERS[part];
  return { name, value: headers.get(name) };
}

const SECRET_FORM = '"whsec_" followed by base64 (a Standard Webhooks secret; the value is not shown)';

/** The HMAC key of a `whsec_<base64>` secret; undefined for anything else. */
function keyOf(secret: string): Buffer | undefined {
  if (!secret.startsWith("whsec_")) return undefined;
  const encoded = secret.slice("whsec_".length);
  return /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, "base64") : undefined;
}

const sign: SignatureScheme["sign"] = ({ secret, body, timestamp, messageId }) => {
  const key = keyOf(secret);
  if (key === undefined) throw new SecretFormatError("the signing secret", { expected: SECRET_FORM });
  return {
    [HEADERS.id]: messageId,
    [HEADERS.timestamp]: timestamp,
    [HEADERS.signature]: `v1,${hmacSha256(key, `${messageId}.${timestamp}.`, body).toString("base64")}`,
  };
};

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

/** The scheme as one object; the Google Calendar Apps Script template signs with it too. */
export const standardWebhooksSignature: SignatureScheme = {
  sign,
  verify({ body, headers, secrets, now, toleranceSeconds }) {
    const idHeader = received(headers, "id");
    const timestampHeader = received(headers, "timestamp");
    const signatureHeader = received(headers, "signature");
    const id = required(idHeader);
    const timestamp = required(timestampHeader);
    const signatureList = required(signatureHeader);
    // The window first, as the reference libraries do: a replay is refused before any HMAC work.
    checkTimestamp({ header: timestampHeader.name, value: timestamp, now, toleranceSeconds });
    const entries = signatureList.split(" ");
    const v1 = entries.filter((entry) => entry.startsWith("v1,"));
    if (v1.length === 0) {
      throw new AuthenticationError(
        `${signatureHeader.name}: expected a space-delimited list with at least one "v1,<base64>" entry (asymmetric v1a is not supported), got versions [${entries
          .map((entry) => entry.split(",")[0]?.slice(0, 8))
          .join(", ")}]`,
        { header: signatureHeader.name },
      );
    }
    // An operator's mistake, not the sender's: named by position, before any signature is compared.
    secrets.forEach((secret, index) => {
      if (keyOf(secret) === undefined)
        throw new SecretFormatError(`#${index + 1}`, { expected: SECRET_FORM });
    });
    const expected = (secret: string) =>
      sign({ secret, body, timestamp, messageId: id })[HEADERS.signature] ?? "";
    if (!anySecretMatches(secrets, v1, expected)) {
      throw new AuthenticationError(
        `${signatureHeader.name}: no v1 signature matches "${idHeader.name}.${timestampHeader.name}.body" for any configured secret`,
        { header: signatureHeader.name },
      );
    }
  },
  secretProblem: (value) =>
    keyOf(value) === undefined
      ? 'is not a Standard Webhooks secret: expected "whsec_" followed by base64'
      : undefined,
};

/** The payload's `type` (the spec's recommended envelope field), when it has one. */
function eventType(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null || !("type" in payload)) return undefined;
  return typeof payload.type === "string" ? payload.type : undefined;
}

export const standardWebhooksSource: SourceAdapter = {
  auth: { signature: standardWebhooksSignature },
  events: "any",
  parse: parseJson,

  normalize(payload, request, context) {
    const type = eventType(payload);
    // Any event type may act; the hook's `events` narrows it to the payload types listed there.
    if (context.hook.events !== undefined) {
      const skipped = skipReason(context, type ?? "(no type)", context.hook.events);
      if (skipped) return { kind: "skip", reason: skipped };
    }
    const webhookId = received(request.headers, "id").value ?? undefined;
    const timestamp = received(request.headers, "timestamp").value;
    return toEvent(
      {
        source: payload,
        nativeId: webhookId,
        nativeIds: { webhookId, type },
        occurredAt:
          timestamp && /^\d{1,12}$/.test(timestamp)
            ? new Date(Number(timestamp) * 1000).toISOString()
            : undefined,
      },
      request,
      context,
    );
  },
};
