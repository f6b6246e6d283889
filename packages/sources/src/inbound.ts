// One request through a hook's source: parse and normalize (after authentication), for the webhooks app
// and for `events rerun`, which runs a rejected request kept in the ledger through the hook's current
// mapping. What is kept of a request is decided here too: never a secret.
import type { RawRequest } from "@smx/core";
import type { HookContext, InboundRequest, Normalized } from "./adapter.ts";
import type { HookConfig } from "./config/hooks.ts";
import type { InboundError } from "./errors.ts";
import { headerDedupKey } from "./mapping/dedup.ts";
import { sourceAdapter } from "./registry.ts";

/** Parse + normalize with the hook's source adapter. Throws InboundError (400/415/422) naming the fault. */
export function normalizeInbound(request: InboundRequest, context: HookContext): Normalized {
  const adapter = sourceAdapter(context.hook.source);
  return adapter.normalize(adapter.parse(request), request, context);
}

/** The key a rejected request is kept under, when it has one; otherwise the core keys it by its body's hash. */
export function rejectionDedupKey(error: InboundError, request: InboundRequest) {
  return error.dedupKey ?? headerDedupKey(request);
}

/** Bodies up to this size are kept with a rejected request (DynamoDB items hold at most 400 KB). */
export const RAW_BODY_LIMIT_BYTES = 128 * 1024;
const HEADER_VALUE_LIMIT = 1024;
const HEADER_COUNT_LIMIT = 64;
/** Headers that carry or prove a secret, whatever the scheme: never stored. */
const SECRET_HEADER = /authorization|cookie|signature|secret|token|password|api[-_]?key|credential/i;

/**
 * What a rejected request keeps for `rerun`: the body (up to the limit) and the headers without secrets —
 * no signature, authorization, cookie or API-key header (the hook's own key header included) and no URL
 * (a URL token would be in its query).
 */
export function keptRequest(request: InboundRequest, hook: HookConfig): RawRequest {
  const keyHeader = hook.auth.scheme === "api-key" ? hook.auth.header : undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    if (Object.keys(headers).length >= HEADER_COUNT_LIMIT) break;
    if (SECRET_HEADER.test(name) || name === keyHeader) continue;
    headers[name] = value.slice(0, HEADER_VALUE_LIMIT);
  }
  const bytes = request.body.byteLength;
  return {
    bytes,
    headers,
    ...(bytes <= RAW_BODY_LIMIT_BYTES ? { body: Buffer.from(request.body).toString("base64") } : {}),
  };
}

/** A kept request as the adapters read it again (`body` must be present: see `keptRequest`). */
export function keptRequestAsInbound(
  raw: RawRequest & { body: string },
  hookId: string,
  receivedAt: number,
): InboundRequest {
  return {
    method: "POST",
    url: new URL(`https://rerun.invalid/hooks/${encodeURIComponent(hookId)}`),
    headers: new Headers(raw.headers),
    body: new Uint8Array(Buffer.from(raw.body, "base64")),
    receivedAt,
  };
}
