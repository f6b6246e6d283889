// Zapier ("Webhooks by Zapier" POST/PUT/Custom Request). Zapier signs nothing and sends no event id, so it
// authenticates with an API key, Basic or a URL token, and dedups by Idempotency-Key, the hook's
// dedup.field or the business key. Bodies are JSON or form-encoded, stringly typed, with `__` keys and
// comma-joined line items; the mapping engine handles all of those (flattened keys: docs/mapping.md).
import type { SourceAdapter } from "../adapter.ts";
import { parseContentType } from "../body/content-type.ts";
import { type BodyFormat, parseBody } from "../body/index.ts";
import { MalformedBodyError, UnsupportedMediaTypeError } from "../errors.ts";
import { toEvent } from "./signed-provider.ts";

/** An automation tool posting a flat object of named values (Zapier, Make). */
export function automationSource(
  accept: readonly BodyFormat[],
  /** What to tell a sender that posted XML: where in the tool to choose another payload type. */
  xmlHint: string,
): SourceAdapter {
  return {
    auth: { schemes: ["api-key", "basic", "url-token"] },
    events: "none",
    parse: (request) => {
      const xml = looksLikeXml(request.headers.get("content-type"), request.body);
      try {
        return parseBody(request, { accept });
      } catch (error) {
        if (!xml || !(error instanceof UnsupportedMediaTypeError || error instanceof MalformedBodyError))
          throw error;
        throw new UnsupportedMediaTypeError(`body: XML is not accepted; ${xmlHint}`, {
          header: "content-type",
        });
      }
    },
    normalize: (payload, request, context) => {
      const idempotencyKey = request.headers.get("idempotency-key") ?? undefined;
      return toEvent(
        {
          source: payload,
          nativeId: undefined,
          nativeIds: { idempotencyKey },
          occurredAt: undefined,
          // Zapier and Make flatten nested objects into `customer__name`; a mapped `customer.name` reads it.
          flattenedKeys: true,
        },
        request,
        context,
      );
    },
  };
}

/** An XML media type (`application/xml`, `text/xml`, `…+xml`), or a body that opens with `<` whatever its type. */
function looksLikeXml(contentType: string | null, body: Uint8Array): boolean {
  const type = contentType === null ? "" : parseContentType(contentType).type;
  if (type === "application/xml" || type === "text/xml" || type.endsWith("+xml")) return true;
  const first = body.findIndex((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d);
  return first >= 0 && body[first] === 0x3c;
}

export const zapierSource = automationSource(
  ["json", "form"],
  'in the "Webhooks by Zapier" step choose Payload Type "json" (or "form") instead of "xml"',
);
