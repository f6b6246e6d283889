// Standard Webhooks (spec v1.0.0; Svix and the senders built on it, e.g. an ERP): any JSON payload, mapped
// entirely by the hook's mapping; `webhook-id` (or Svix's `svix-id`) is the event's id (kept across the
// sender's retries).
import type { SourceAdapter } from "../adapter.ts";
import { standardWebhookHeader, verifyStandardWebhook } from "../signatures/standard-webhooks.ts";
import { parseJson, skipReason, toEvent, toleranceSeconds } from "./signed-provider.ts";

/** The payload's `type` (the spec's recommended envelope field), when it has one. */
function eventType(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null || !("type" in payload)) return undefined;
  return typeof payload.type === "string" ? payload.type : undefined;
}

export const standardWebhooksSource: SourceAdapter = {
  kind: "standard-webhooks",

  authenticate(request, context) {
    verifyStandardWebhook({
      body: request.body,
      headers: request.headers,
      secrets: context.secrets,
      now: context.now,
      toleranceSeconds: toleranceSeconds(context),
    });
  },

  parse: parseJson,

  normalize(payload, request, context) {
    const type = eventType(payload);
    // Any event type may act; the hook's `events` narrows it to the payload types listed there.
    if (context.hook.events !== undefined) {
      const skipped = skipReason(context, type ?? "(no type)", context.hook.events);
      if (skipped) return { kind: "skip", reason: skipped };
    }
    const webhookId = standardWebhookHeader(request.headers, "id").value ?? undefined;
    const timestamp = standardWebhookHeader(request.headers, "timestamp").value;
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
