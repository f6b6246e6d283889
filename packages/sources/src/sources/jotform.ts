// Jotform webhooks: multipart (sometimes urlencoded) with top-level fields (formID, submissionID, …) and the
// answers in `rawRequest`, a JSON string keyed `q3_name`. Answers are exposed under `answers` by both
// `q3_name` and `name`, so a mapping survives questions being reordered. Jotform cannot sign or set
// headers: the hook uses a URL token. Dedup by submissionID.
import type { SourceAdapter } from "../adapter.ts";
import { parseBody } from "../body/index.ts";
import { parseJsonText } from "../body/json.ts";
import { MalformedBodyError } from "../errors.ts";
import { isForbiddenKey } from "../mapping/path.ts";
import { toEvent } from "./signed-provider.ts";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Name and address answers are objects; `full` joins their parts so one path gives the whole value. */
function withFull(answer: unknown): unknown {
  if (!isRecord(answer) || "full" in answer) return answer;
  const parts = Object.values(answer).filter(
    (part): part is string => typeof part === "string" && part.trim() !== "",
  );
  if (parts.length === 0) return answer;
  const separator = "addr_line1" in answer ? ", " : " ";
  return { ...answer, full: parts.map((p) => p.trim()).join(separator) };
}

function answersOf(raw: Record<string, unknown>): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const match = /^q\d+_(.+)$/.exec(key);
    if (match === null || isForbiddenKey(match[1]!)) continue;
    answers[key] = withFull(value);
    answers[match[1]!] = answers[key];
  }
  return answers;
}

function parseRawRequest(text: unknown): Record<string, unknown> {
  if (typeof text !== "string")
    throw new MalformedBodyError(
      "body field rawRequest: expected Jotform's JSON string of answers, got none",
      { field: "rawRequest" },
    );
  const raw = parseJsonText(text, "body field rawRequest", "rawRequest");
  if (!isRecord(raw))
    throw new MalformedBodyError("body field rawRequest: expected a JSON object", { field: "rawRequest" });
  return raw;
}

export const jotformSource: SourceAdapter<Record<string, unknown>> = {
  // Jotform can only be given a URL.
  auth: { schemes: ["url-token"] },
  events: "none",
  parse: (request) => {
    // rawRequest holds every answer; its strings are held to the limits when it is parsed as JSON.
    const { rawRequest, ...fields } = parseBody(request, {
      accept: ["multipart", "form"],
      exempt: ["rawRequest"],
    });
    return { ...fields, answers: answersOf(parseRawRequest(rawRequest)) };
  },
  normalize: (payload, request, context) => {
    const text = (key: string) => (typeof payload[key] === "string" ? (payload[key] as string) : undefined);
    const submissionID = text("submissionID");
    return toEvent(
      {
        source: payload,
        nativeId: submissionID,
        nativeIds: { submissionID, formID: text("formID") },
        occurredAt: undefined,
      },
      request,
      context,
    );
  },
};
