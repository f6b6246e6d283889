// Every /api/v1 request needs a live API key: `Authorization: Bearer smx_…` (or `X-Api-Key: smx_…`, for
// tools that cannot set Authorization). Refusals are 401 naming the header, counted, and never say whether
// a key exists; nothing of the request is read or stored before the key is checked.
import type { ApiKeys } from "@smx/core";
import type { MiddlewareHandler } from "hono";
import { errorAnswer } from "../answers.ts";
import { sendAnswer } from "../respond.ts";
import type { ApiEnv } from "./env.ts";

const MESSAGES = {
  missing: "expected Authorization: Bearer <API key> (create one with `smx keys create`); none was sent",
  malformed: "the API key in Authorization is not in the form smx_<id>_<secret>",
  unknown: "the API key in Authorization is not valid",
  revoked: "the API key in Authorization was revoked; create a new one with `smx keys create`",
} as const;

export function requireApiKey(
  apiKeys: ApiKeys,
  metrics: { count(name: string, value?: number): void },
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const check = await apiKeys.verify(
      presentedKey(c.req.header("authorization"), c.req.header("x-api-key")),
    );
    if (!check.ok) {
      metrics.count("api_auth_failures", 1);
      c.header("www-authenticate", 'Bearer realm="smx-api"');
      return sendAnswer(
        c,
        errorAnswer(401, {
          code: "unauthenticated",
          message: MESSAGES[check.reason],
          header: "authorization",
        }),
      );
    }
    c.set("apiKey", check.key);
    await next();
  };
}

function presentedKey(
  authorization: string | undefined,
  apiKeyHeader: string | undefined,
): string | undefined {
  const bearer = /^Bearer[ \t]+(\S{1,200})[ \t]*$/i.exec(authorization ?? "")?.[1];
  return bearer ?? apiKeyHeader?.trim();
}
