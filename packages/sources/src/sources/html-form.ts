// Plain HTML forms posting from a browser (urlencoded, or multipart with files). A browser can send no
// secret header, so the hook uses a URL token; a filled honeypot field `_gotcha` marks a bot and is skipped.
// After the post the webhooks app sends the browser on with a 303 to `formRedirect(...)`.

import type { SourceAdapter } from "../adapter.ts";
import { parseBody } from "../body/index.ts";
import type { HookConfig } from "../config/hooks.ts";
import { isEmpty } from "../mapping/transforms.ts";
import { toEvent } from "./signed-provider.ts";

export const HONEYPOT_FIELD = "_gotcha";

export const htmlFormSource: SourceAdapter<Record<string, unknown>> = {
  // A browser can only be given a URL.
  auth: { schemes: ["url-token"] },
  events: "none",
  parse: (request) => parseBody(request, { accept: ["form", "multipart"] }),
  normalize: (payload, request, context) => {
    if (!isEmpty(payload[HONEYPOT_FIELD]))
      return { kind: "skip", reason: `the hidden field ${HONEYPOT_FIELD} was filled in, as only bots do` };
    return toEvent(
      { source: payload, nativeId: undefined, nativeIds: {}, occurredAt: undefined },
      request,
      context,
    );
  },
};

/**
 * Where to send the browser after its post, or undefined to answer with JSON: the hook's `redirect.success`,
 * or `redirect.failure` with `?error=<code>` so the page can say what went wrong.
 */
export function formRedirect(
  hook: HookConfig,
  outcome: { ok: true } | { ok: false; code: string },
): string | undefined {
  if (outcome.ok) return hook.redirect?.success;
  const failure = hook.redirect?.failure;
  if (failure === undefined) return undefined;
  const url = new URL(failure);
  url.searchParams.set("error", outcome.code);
  return url.toString();
}
