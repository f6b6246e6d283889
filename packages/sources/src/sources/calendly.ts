// Calendly: `invitee.created` → a visit on the booking's local date; `invitee.canceled` → a recorded
// CancelVisit. A reschedule fires both (canceled with `rescheduled: true` for the old time, created for the
// new one): only the created one makes a visit, so a reschedule never makes two.
// Signature: `Calendly-Webhook-Signature: t=<unix>,v1=<hex HMAC-SHA256(key, "<t>." + raw body)>`.
import * as v from "valibot";
import type { SourceAdapter } from "../adapter.ts";
import type { Mapping } from "../config/hooks.ts";
import { AuthenticationError } from "../errors.ts";
import { anySecretMatches, hmacSha256 } from "../signatures/hmac.ts";
import type { SignatureScheme } from "../signatures/scheme.ts";
import { checkTimestamp } from "../signatures/timestamp.ts";
import { phoneAnswer } from "./booking-phone.ts";
import { asCancellation, bookingSkipReason, expectPayload, parseJson, toEvent } from "./signed-provider.ts";

const PROVIDER = "Calendly";
const CREATED = "invitee.created";
const CANCELED = "invitee.canceled";
const EVENTS = [CREATED, CANCELED];
const SIGNATURE_HEADER = "Calendly-Webhook-Signature";

/** Used for any field the hook's mapping leaves out; see docs/sources/calendly.md. */
const DEFAULT_MAPPING: Mapping = {
  date: "scheduled_event.start_time",
  "customer.email": "invitee.email",
  "customer.name": "invitee.name",
  "customer.phone": "invitee_phone",
};

const Envelope = v.looseObject({ event: v.string(), created_at: v.optional(v.string()) });

const NullableText = v.optional(v.nullable(v.string()));

const InviteeEvent = v.looseObject({
  event: v.string(),
  created_at: v.optional(v.string()),
  payload: v.looseObject({
    uri: v.pipe(v.string(), v.nonEmpty()),
    email: NullableText,
    name: NullableText,
    rescheduled: v.optional(v.nullable(v.boolean())),
    old_invitee: NullableText,
    new_invitee: NullableText,
    cancellation: v.optional(
      v.nullable(
        v.looseObject({ canceled_by: NullableText, reason: NullableText, canceler_type: NullableText }),
      ),
    ),
    questions_and_answers: v.optional(
      v.nullable(
        v.array(v.looseObject({ question: v.string(), answer: v.optional(v.nullable(v.unknown())) })),
      ),
    ),
    tracking: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
    scheduled_event: v.looseObject({ uri: v.string(), start_time: v.string() }),
  }),
});
type Invitee = v.InferOutput<typeof InviteeEvent>["payload"];

const sign: SignatureScheme["sign"] = ({ secret, body, timestamp }) => ({
  [SIGNATURE_HEADER]: `t=${timestamp},v1=${hmacSha256(secret, `${timestamp}.`, body).toString("hex")}`,
});

const signature: SignatureScheme = {
  sign,
  verify({ body, headers, secrets, now, toleranceSeconds }) {
    const header = SIGNATURE_HEADER;
    const value = headers.get(header)?.trim();
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
    checkTimestamp({ header: `${header} t`, value: t, now, toleranceSeconds });
    const expected = (secret: string) =>
      parseSignatureHeader(sign({ secret, body, timestamp: t, messageId: "" })[header] ?? "").v1[0] ?? "";
    if (!anySecretMatches(secrets, v1, expected)) {
      throw new AuthenticationError(
        `${header}: no v1 signature matches "t." + body for any configured signing key (wrong key, or the body was altered on the way)`,
        { header },
      );
    }
  },
};

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

function cancellationReason(invitee: Invitee): string {
  if (invitee.rescheduled) {
    return `rescheduled by the invitee: the new time arrives as its own ${CREATED}${invitee.new_invitee ? ` (${invitee.new_invitee})` : ""}, which makes the new visit`;
  }
  const by =
    invitee.cancellation?.canceled_by ?? invitee.cancellation?.canceler_type ?? "the invitee or host";
  const why = invitee.cancellation?.reason;
  return `canceled in Calendly by ${by}${why ? `: ${why}` : ""}`;
}

const textOf = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : undefined);

export const calendlySource: SourceAdapter = {
  auth: { signature },
  events: EVENTS,
  sampleStamps: { ids: ["payload.uri"], times: ["created_at"] },
  parse: parseJson,

  normalize(payload, request, context) {
    const { event } = expectPayload(Envelope, payload, PROVIDER);
    const skipped = bookingSkipReason(context, event, EVENTS, CANCELED);
    if (skipped) return { kind: "skip", reason: skipped };

    const body = expectPayload(InviteeEvent, payload, PROVIDER);
    const invitee = body.payload;
    const source = {
      event,
      created_at: body.created_at,
      invitee,
      questions: Object.fromEntries(
        (invitee.questions_and_answers ?? []).map((qa) => [qa.question, qa.answer]),
      ),
      tracking: invitee.tracking ?? {},
      // The SMS-reminder number, else the answer to a booking question that asks for a phone.
      invitee_phone:
        textOf(invitee.text_reminder_number) ??
        phoneAnswer((invitee.questions_and_answers ?? []).map((qa) => [qa.question, qa.answer])),
      scheduled_event: invitee.scheduled_event,
    };
    return toEvent(
      {
        source,
        defaultMapping: DEFAULT_MAPPING,
        lenientDefaultPhone: true,
        nativeId: `${event}:${invitee.uri}`,
        nativeIds: {
          invitee: invitee.uri,
          scheduledEvent: invitee.scheduled_event.uri,
          oldInvitee: invitee.old_invitee ?? undefined,
          newInvitee: invitee.new_invitee ?? undefined,
        },
        occurredAt: body.created_at,
        ...(event === CANCELED ? { finish: asCancellation(cancellationReason(invitee)) } : {}),
      },
      request,
      context,
    );
  },
};
