// A request to a hook authenticated the way its configured sender would: the API key header, Basic auth,
// the URL token, or the provider's signature (signed by @smx/sources, the same code that verifies it).
import { type HookConfig, isSignedSource, providerSignatureHeaders } from "@smx/sources";
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
      if (!isSignedSource(hook.source)) {
        throw new UnsignableHookError(
          hook.id,
          `source "${hook.source}" has no provider signature to sign with`,
        );
      }
      Object.assign(
        headers,
        providerSignatureHeaders(hook.source, {
          secret: options.secret,
          body: options.body,
          now: options.now ?? Date.now(),
        }),
      );
      break;
    }
  }
  return { url: url.toString(), headers, body: options.body };
}

/** The request as a shell command to paste (single-quoted; the body is read from `bodyFile`). */
export function curlCommand(request: HookRequest, bodyFile: string): string {
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  const lines = [`curl -i -X POST ${quote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers))
    lines.push(`  -H ${quote(`${name}: ${value}`)}`);
  lines.push(`  --data-binary @${quote(bodyFile)}`);
  return lines.join(" \\\n");
}
