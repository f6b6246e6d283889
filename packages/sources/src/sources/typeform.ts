// Typeform: `form_response` (a completed form) acts; `form_response_partial` is skipped by default.
// The mapping reads answers by field `ref` (stable across title edits), hidden fields and variables by key.
// Signature: `Typeform-Signature: sha256=<base64 HMAC-SHA256(secret, raw body)>`; no timestamp.
import * as v from "valibot";
import type { SourceAdapter } from "../adapter.ts";
import { bodyHmacScheme } from "../signatures/body-hmac.ts";
import {
  expectPayload,
  parseJson,
  refuseIfOlderThanRetention,
  skipReason,
  toEvent,
} from "./signed-provider.ts";

const PROVIDER = "Typeform";
const EVENTS = ["form_response"];

const Answer = v.looseObject({
  type: v.string(),
  field: v.looseObject({ id: v.string(), ref: v.optional(v.string()) }),
});
type Answer = v.InferOutput<typeof Answer>;

const TypeformPayload = v.looseObject({
  event_id: v.optional(v.string()),
  event_type: v.string(),
  form_response: v.looseObject({
    form_id: v.string(),
    token: v.pipe(v.string(), v.nonEmpty()),
    submitted_at: v.optional(v.string()),
    landed_at: v.optional(v.string()),
    hidden: v.optional(v.record(v.string(), v.unknown()), {}),
    calculated: v.optional(v.record(v.string(), v.unknown()), {}),
    variables: v.optional(v.array(v.looseObject({ key: v.string(), type: v.string() })), []),
    answers: v.optional(v.array(Answer), []),
  }),
});

/** An answer's value sits under a key named after its type; choices are reduced to their labels. */
function answerValue(answer: Answer): unknown {
  const raw = (answer as Record<string, unknown>)[answer.type];
  if (answer.type === "choice") {
    const choice = raw as { label?: string; other?: string } | undefined;
    return choice?.label ?? choice?.other;
  }
  if (answer.type === "choices") {
    // Not validated by the schema: a sender may put anything here.
    const choices = (typeof raw === "object" && raw !== null ? raw : {}) as {
      labels?: unknown;
      other?: unknown;
    };
    const labels = Array.isArray(choices.labels) ? choices.labels : [];
    return [...labels, ...(choices.other === undefined ? [] : [choices.other])];
  }
  return raw;
}

export const typeformSource: SourceAdapter = {
  auth: {
    signature: bodyHmacScheme({
      header: "Typeform-Signature",
      encoding: "base64",
      prefix: "sha256=",
      missingHint: "set a secret on the Typeform webhook (Connect → Webhooks → Edit → Secret)",
    }),
  },
  events: EVENTS,
  // Typeform retries 429/408/503/423 every 2–3 minutes for 10 hours (other failures: 5 retries within 4 h).
  resendWindowHours: 10,
  sampleStamps: { ids: ["event_id", "form_response.token"], times: ["form_response.submitted_at"] },
  parse: parseJson,

  normalize(payload, request, context) {
    const body = expectPayload(TypeformPayload, payload, PROVIDER);
    const skipped = skipReason(context, body.event_type, EVENTS);
    if (skipped) return { kind: "skip", reason: skipped };
    const response = body.form_response;
    refuseIfOlderThanRetention(response.submitted_at, "form_response.submitted_at", context);
    const source = {
      event_id: body.event_id,
      event_type: body.event_type,
      form_id: response.form_id,
      token: response.token,
      submitted_at: response.submitted_at,
      landed_at: response.landed_at,
      answers: Object.fromEntries(
        response.answers.map((answer) => [answer.field.ref ?? answer.field.id, answerValue(answer)]),
      ),
      hidden: response.hidden,
      calculated: response.calculated,
      variables: Object.fromEntries(
        response.variables.map((variable) => [
          variable.key,
          (variable as Record<string, unknown>)[variable.type],
        ]),
      ),
    };
    return toEvent(
      {
        source,
        nativeId: `${body.event_type}:${response.token}`,
        nativeIds: { eventId: body.event_id, responseToken: response.token, formId: response.form_id },
        occurredAt: response.submitted_at,
      },
      request,
      context,
    );
  },
};
