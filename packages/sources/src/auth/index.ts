// Authentication: a provider signature is checked by the source's own scheme (its adapter's
// `auth.signature`); API key, Basic and URL token are the same for every source and checked here. Every compare is constant-time and any configured secret may
// match (rotation). Messages name the header or parameter, never a secret or what was sent.
import type { HookContext, InboundRequest, SourceAdapter } from "../adapter.ts";
import type { HookAuth } from "../config/hooks.ts";
import { AuthenticationError } from "../errors.ts";
import { anySecretMatches } from "../signatures/hmac.ts";

function requireSecrets(context: HookContext, where: string): void {
  if (context.secrets.length === 0)
    throw new AuthenticationError(`hook "${context.hook.id}" has no secret value to check ${where} against`);
}

function checkApiKey(request: InboundRequest, context: HookContext, header: string): void {
  // With `header: "authorization"` the key arrives as "Bearer <key>" (Zapier/Make header presets).
  const raw = request.headers.get(header);
  const provided = header === "authorization" ? raw?.replace(/^Bearer\s+/i, "") : raw;
  if (provided === null || provided === undefined || provided === "")
    throw new AuthenticationError(`header ${header}: expected the hook's API key, got no value`, { header });
  requireSecrets(context, `header ${header}`);
  if (!anySecretMatches(context.secrets, [provided], (secret) => secret))
    throw new AuthenticationError(`header ${header}: the API key does not match any of the hook's keys`, {
      header,
    });
}

function checkBasic(request: InboundRequest, context: HookContext): void {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (match === null)
    throw new AuthenticationError(
      `header Authorization: expected "Basic <base64 of user:password>", got ${header === "" ? "no value" : "another scheme"}`,
      { header: "authorization" },
    );
  requireSecrets(context, "header Authorization");
  const credentials = Buffer.from(match[1]!, "base64").toString("utf8");
  if (!anySecretMatches(context.secrets, [credentials], (secret) => secret))
    throw new AuthenticationError(
      "header Authorization: the Basic user and password do not match any of the hook's credentials",
      { header: "authorization" },
    );
}

function checkUrlToken(request: InboundRequest, context: HookContext, param: string): void {
  const provided = request.url.searchParams.get(param);
  if (provided === null || provided === "")
    throw new AuthenticationError(`query parameter ${param}: expected the hook's URL token, got no value`);
  requireSecrets(context, `query parameter ${param}`);
  if (!anySecretMatches(context.secrets, [provided], (secret) => secret))
    throw new AuthenticationError(
      `query parameter ${param}: the token does not match any of the hook's tokens`,
    );
}

/** Authenticate `request` with the hook's scheme. Throws AuthenticationError (401). */
export function authenticate(request: InboundRequest, context: HookContext, adapter: SourceAdapter): void {
  const auth: HookAuth = context.hook.auth;
  switch (auth.scheme) {
    case "api-key":
      checkApiKey(request, context, auth.header);
      return;
    case "basic":
      checkBasic(request, context);
      return;
    case "url-token":
      checkUrlToken(request, context, auth.param);
      return;
    case "signature":
      if (!("signature" in adapter.auth))
        throw new AuthenticationError(
          `hook "${context.hook.id}": source "${context.hook.source}" has no signature scheme; use api-key, basic or url-token`,
        );
      adapter.auth.signature.verify({
        body: request.body,
        headers: request.headers,
        secrets: context.secrets,
        now: context.now,
        toleranceSeconds: auth.toleranceSeconds,
      });
  }
}
