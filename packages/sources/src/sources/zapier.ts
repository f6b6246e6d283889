// Zapier ("Webhooks by Zapier" POST/PUT/Custom Request). Zapier signs nothing and sends no event id, so it
// authenticates with an API key, Basic or a URL token, and dedups by Idempotency-Key, the hook's
// dedup.field or the business key. Bodies are JSON or form-encoded, stringly typed, with `__` keys and
// comma-joined line items; the mapping engine handles all of those.
import type { SourceAdapter } from "../adapter.ts";
import { authenticateGeneric } from "../auth/index.ts";
import { type BodyFormat, parseBody } from "../body/index.ts";
import type { SourceKind } from "../config/hooks.ts";
import { toEvent } from "./signed-provider.ts";

/** An automation tool posting a flat object of named values (Zapier, Make). */
export function automationSource(kind: SourceKind, accept: readonly BodyFormat[]): SourceAdapter {
  return {
    kind,
    authenticate: authenticateGeneric,
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

export const zapierSource = automationSource("zapier", ["json", "form"]);
