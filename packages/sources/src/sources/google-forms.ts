// Google Forms through our Apps Script template (examples/google-forms/apps-script.gs): JSON
// `{responseId, formId, timestamp, respondentEmail, answers: {<question title>: value}}` with an X-Api-Key
// header. Dedup by responseId, which the script also sends as Idempotency-Key.
import * as v from "valibot";
import type { SourceAdapter } from "../adapter.ts";
import { expectPayload, parseJson, toEvent } from "./signed-provider.ts";

const GoogleFormsPayload = v.looseObject({
  responseId: v.pipe(v.string(), v.nonEmpty()),
  formId: v.optional(v.string()),
  timestamp: v.optional(v.string()),
  respondentEmail: v.optional(v.string()),
  answers: v.record(v.string(), v.unknown()),
});

export const googleFormsSource: SourceAdapter<Record<string, unknown>> = {
  // Apps Script can set headers; a URL token also works.
  auth: { schemes: ["api-key", "url-token"] },
  events: "none",
  sampleStamps: { ids: ["responseId"], times: ["timestamp"] },
  parse: parseJson,
  normalize: (payload, request, context) => {
    const body = expectPayload(GoogleFormsPayload, payload, "Google Forms (Apps Script)");
    return toEvent(
      {
        source: body,
        nativeId: body.responseId,
        nativeIds: { responseId: body.responseId, formId: body.formId },
        occurredAt: body.timestamp,
      },
      request,
      context,
    );
  },
};
