// A request to a hook made the way its configured sender would make it: the API key header, Basic auth,
// the URL token, or the provider's signature — signed by the source's own scheme, the same object that
// verifies it. For test senders: `smx hooks test`, the local stack's sample curl, benches and tests.
import type { InboundRequest } from "../adapter.ts";
import type { HookConfig } from "../config/hooks.ts";
import { sourceAdapter } from "../registry.ts";
import { signedHeaders } from "../signatures/scheme.ts";
import { UnsignableHookError } from "./errors.ts";

export interface HookRequest {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
}

export interface HookRequestOptions {
  /** The webhooks app's base URL, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** A secret value of the hook (the first configured one, normally). */
  secret: string;
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  idempotencyKey?: string;
  /** Epoch ms the signature is made at. */
  now?: number;
  /** Standard Webhooks' `webhook-id` (a random one when omitted). */
  messageId?: string;
}

export function hookUrl(baseUrl: string, hookId: string): string {
  return `${baseUrl.replace(/(?<!\/)\/+$/, "")}/hooks/${encodeURIComponent(hookId)}`;
}

export function hookRequest(hook: HookConfig, options: HookRequestOptions): HookRequest {
  const url = new URL(hookUrl(options.baseUrl, hook.id));
  const headers: Record<string, string> = { "content-type": options.contentType };
  if (options.idempotencyKey !== undefined) headers["idempotency-key"] = options.idempotencyKey;
  const auth = hook.auth;
  switch (auth.scheme) {
    case "api-key":
      headers[auth.header] = options.secret;
      break;
    case "basic":
      headers.authorization = `Basic ${Buffer.from(options.secret, "utf8").toString("base64")}`;
      break;
    case "url-token":
      url.searchParams.set(auth.param, options.secret);
      break;
    case "signature": {
      const source = sourceAdapter(hook.source).auth;
      if (!("signature" in source))
        throw new UnsignableHookError(
          hook.id,
          `source "${hook.source}" has no provider signature to sign with`,
        );
      Object.assign(
        headers,
        signedHeaders(source.signature, {
          secret: options.secret,
          body: options.body,
          now: options.now ?? Date.now(),
          ...(options.messageId === undefined ? {} : { messageId: options.messageId }),
        }),
      );
      break;
    }
  }
  return { url: url.toString(), headers, body: options.body };
}

/** The request as the adapters see one received at `receivedAt` (epoch ms): for tests and benches of sources. */
export function asInboundRequest(request: HookRequest, receivedAt: number): InboundRequest {
  return {
    method: "POST",
    url: new URL(request.url),
    headers: new Headers(request.headers),
    body: request.body,
    receivedAt,
  };
}

/** The request as a web-standard Request, for driving the intake (or any fetch handler) without HTTP. */
export function asFetchRequest(request: HookRequest): Request {
  return new Request(request.url, { method: "POST", headers: request.headers, body: request.body });
}
