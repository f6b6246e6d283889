// Tally: `FORM_RESPONSE` acts. The mapping reads each field by its `key` (stable) or by its `label` (what
// the form builder shows); choice fields carry option ids, which are resolved to the option texts.
import * as v from "valibot";
import type { SourceAdapter } from "../adapter.ts";
import { TALLY_SIGNATURE_HEADER, verifyTallySignature } from "../signatures/tally.ts";
import {
  bodySignatureAuth,
  expectPayload,
  parseJson,
  refuseIfOlderThanRetention,
  skipReason,
  toEvent,
} from "./signed-provider.ts";

const PROVIDER = "Tally";
const DEFAULT_EVENTS = ["FORM_RESPONSE"];
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

export const tallySource: SourceAdapter = {
  kind: "tally",

  authenticate: bodySignatureAuth(verifyTallySignature, TALLY_SIGNATURE_HEADER),
  parse: parseJson,

  normalize(payload, request, context) {
    const body = expectPayload(TallyPayload, payload, PROVIDER);
    const skipped = skipReason(context, body.eventType, DEFAULT_EVENTS);
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
