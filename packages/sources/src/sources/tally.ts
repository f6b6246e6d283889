// Tally: `FORM_RESPONSE` acts. The mapping reads each field by its `key` (stable) or by its `label` (what
// the form builder shows); choice fields carry option ids, which are resolved to the option texts.
// Signature: `Tally-Signature: base64(HMAC-SHA256(secret, body))`; no timestamp.
import * as v from "valibot";
import type { SourceAdapter } from "../adapter.ts";
import { parseJsonPlain } from "../body/json.ts";
import { bodyHmacScheme } from "../signatures/body-hmac.ts";
import {
  expectPayload,
  parseJson,
  refuseIfOlderThanRetention,
  skipReason,
  toEvent,
} from "./signed-provider.ts";

const PROVIDER = "Tally";
const EVENTS = ["FORM_RESPONSE"];
/** Choice types where one answer is the usual case: a single pick is given as text, not a one-item list. */
const SINGLE_CHOICE_TYPES = new Set(["MULTIPLE_CHOICE", "DROPDOWN"]);

const Field = v.looseObject({
  key: v.string(),
  label: v.optional(v.nullable(v.string())),
  type: v.string(),
  value: v.optional(v.unknown()),
  options: v.optional(v.array(v.looseObject({ id: v.string(), text: v.string() }))),
});
type Field = v.InferOutput<typeof Field>;

const TallyPayload = v.looseObject({
  eventId: v.optional(v.string()),
  eventType: v.string(),
  createdAt: v.optional(v.string()),
  data: v.looseObject({
    responseId: v.pipe(v.string(), v.nonEmpty()),
    submissionId: v.optional(v.string()),
    respondentId: v.optional(v.string()),
    formId: v.string(),
    formName: v.optional(v.string()),
    createdAt: v.optional(v.string()),
    fields: v.array(Field),
  }),
});

function fieldValue(field: Field): unknown {
  if (field.options === undefined) return field.value;
  const texts = new Map(field.options.map((option) => [option.id, option.text]));
  const resolve = (id: unknown) => (typeof id === "string" ? (texts.get(id) ?? id) : id);
  if (!Array.isArray(field.value)) return resolve(field.value);
  const resolved = field.value.map(resolve);
  return SINGLE_CHOICE_TYPES.has(field.type) && resolved.length === 1 ? resolved[0] : resolved;
}

/** Every field by key, and by label where no earlier field or key has that name. */
function fieldsByKeyAndLabel(fields: readonly Field[]): Record<string, unknown> {
  const named: Record<string, unknown> = {};
  for (const field of fields) named[field.key] = fieldValue(field);
  for (const field of fields) {
    if (field.label && !Object.hasOwn(named, field.label)) named[field.label] = fieldValue(field);
  }
  return named;
}

/**
 * The raw bytes, then (only if they did not match) the compact re-serialization: Tally's own example verifies
 * `JSON.stringify(req.body)`. Both need the secret, so this widens nothing an attacker can forge; it only
 * survives a proxy that re-formats the JSON on the way. The body is not trusted yet: it is re-serialized only
 * when it is JSON within the body limits (depth, field length), so a forged signature on a hostile body costs
 * one linear scan and is answered 401; parsing reports its errors later.
 */
function* signedForms(body: Uint8Array): Generator<Uint8Array> {
  yield body;
  const parsed = parseJsonPlain(new TextDecoder().decode(body));
  if (parsed === undefined) return;
  const compact = new TextEncoder().encode(JSON.stringify(parsed));
  if (!Buffer.from(compact).equals(body)) yield compact;
}

export const tallySource: SourceAdapter = {
  auth: {
    signature: bodyHmacScheme({
      header: "Tally-Signature",
      encoding: "base64",
      missingHint: "set a signing secret on the Tally webhook (Integrations → Webhooks → Signing secret)",
      signedForms,
    }),
  },
  events: EVENTS,
  // Tally retries 5 times after 5 min, 30 min, 1 h, 6 h and 24 h: 31 h 35 min in all.
  resendWindowHours: 32,
  sampleStamps: {
    ids: ["eventId", "data.responseId", "data.submissionId"],
    times: ["createdAt", "data.createdAt"],
  },
  parse: parseJson,

  normalize(payload, request, context) {
    const body = expectPayload(TallyPayload, payload, PROVIDER);
    const skipped = skipReason(context, body.eventType, EVENTS);
    if (skipped) return { kind: "skip", reason: skipped };
    const { data } = body;
    if (body.createdAt !== undefined) refuseIfOlderThanRetention(body.createdAt, "createdAt", context);
    else refuseIfOlderThanRetention(data.createdAt, "data.createdAt", context);
    const source = {
      eventId: body.eventId,
      eventType: body.eventType,
      createdAt: data.createdAt ?? body.createdAt,
      responseId: data.responseId,
      submissionId: data.submissionId,
      respondentId: data.respondentId,
      formId: data.formId,
      formName: data.formName,
      fields: fieldsByKeyAndLabel(data.fields),
    };
    return toEvent(
      {
        source,
        nativeId: `${body.eventType}:${data.responseId}`,
        nativeIds: { eventId: body.eventId, responseId: data.responseId, formId: data.formId },
        occurredAt: source.createdAt,
      },
      request,
      context,
    );
  },
};
