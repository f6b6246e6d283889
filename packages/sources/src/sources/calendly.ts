// Calendly: `invitee.created` → a visit on the booking's local date; `invitee.canceled` → a recorded
// CancelVisit. A reschedule fires both (canceled with `rescheduled: true` for the old time, created for the
// new one): only the created one makes a visit, so a reschedule never makes two.
import * as v from "valibot";
import type { SourceAdapter } from "../adapter.ts";
import type { Mapping } from "../config/hooks.ts";
import { CALENDLY_SIGNATURE_HEADER, verifyCalendlySignature } from "../signatures/calendly.ts";
import {
  asCancellation,
  bookingSkipReason,
  expectPayload,
  parseJson,
  toEvent,
  toleranceSeconds,
} from "./signed-provider.ts";

const PROVIDER = "Calendly";
const CREATED = "invitee.created";
const CANCELED = "invitee.canceled";

/** Used for any field the hook's mapping leaves out; see docs/sources/calendly.md. */
const DEFAULT_MAPPING: Mapping = {
  date: "scheduled_event.start_time",
  "customer.email": "invitee.email",
  "customer.name": "invitee.name",
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

function cancellationReason(invitee: Invitee): string {
  if (invitee.rescheduled) {
    return `rescheduled by the invitee: the new time arrives as its own ${CREATED}${invitee.new_invitee ? ` (${invitee.new_invitee})` : ""}, which makes the new visit`;
  }
  const by =
    invitee.cancellation?.canceled_by ?? invitee.cancellation?.canceler_type ?? "the invitee or host";
  const why = invitee.cancellation?.reason;
  return `canceled in Calendly by ${by}${why ? `: ${why}` : ""}`;
}

export const calendlySource: SourceAdapter = {
  kind: "calendly",

  authenticate(request, context) {
    verifyCalendlySignature({
      body: request.body,
      signature: request.headers.get(CALENDLY_SIGNATURE_HEADER),
      secrets: context.secrets,
      now: context.now,
      toleranceSeconds: toleranceSeconds(context),
    });
  },

  parse: parseJson,

  normalize(payload, request, context) {
    const { event } = expectPayload(Envelope, payload, PROVIDER);
    const skipped = bookingSkipReason(context, event, [CREATED, CANCELED], CANCELED);
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
      scheduled_event: invitee.scheduled_event,
    };
    return toEvent(
      {
        source,
        defaultMapping: DEFAULT_MAPPING,
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
