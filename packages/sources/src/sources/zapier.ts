// Zapier ("Webhooks by Zapier" POST/PUT/Custom Request). Zapier signs nothing and sends no event id, so it
// authenticates with an API key, Basic or a URL token, and dedups by Idempotency-Key, the hook's
// dedup.field or the business key. Bodies are JSON or form-encoded, stringly typed, with `__` keys and
// comma-joined line items; the mapping engine handles all of those.
import type { SourceAdapter } from "../adapter.ts";
import { type BodyFormat, parseBody } from "../body/index.ts";
import { toEvent } from "./signed-provider.ts";

/** An automation tool posting a flat object of named values (Zapier, Make). */
export function automationSource(accept: readonly BodyFormat[]): SourceAdapter {
  return {
    auth: { schemes: ["api-key", "basic", "url-token"] },
    events: "none",
    parse: (request) => parseBody(request, { accept }),
    normalize: (payload, request, context) => {
      const idempotencyKey = request.headers.get("idempotency-key") ?? undefined;
      return toEvent(
        { source: payload, nativeId: undefined, nativeIds: { idempotencyKey }, occurredAt: undefined },
        request,
        context,
      );
    },
  };
}

export const zapierSource = automationSource(["json", "form"]);
