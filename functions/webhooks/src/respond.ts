// Writes an Answer as a Hono response: JSON always, or a 303 to the hook's page for a browser form post.

import { formRedirect, type HookConfig } from "@smx/sources";
import type { Context } from "hono";
import type { Answer, ErrorBody } from "./answers.ts";

export function sendAnswer(c: Context, answer: Answer): Response {
  for (const [name, value] of Object.entries(answer.headers ?? {})) c.header(name, value);
  c.header("cache-control", "no-store");
  return c.json(answer.body as object, answer.status as 200);
}

/**
 * A plain HTML form post lands the visitor on a page, not on JSON: when the hook names pages and the
 * browser asks for HTML, answer 303 to the success or failure page. XHR/fetch callers (which ask for
 * JSON) and machine senders keep the JSON answer.
 */
export function browserRedirect(
  acceptHeader: string | undefined,
  hook: HookConfig,
  answer: Answer,
): string | undefined {
  if (hook.redirect === undefined || !acceptsHtml(acceptHeader)) return undefined;
  if (answer.status < 400) return formRedirect(hook, { ok: true });
  const code = (answer.body as Partial<ErrorBody>).error?.code ?? `http_${answer.status}`;
  return formRedirect(hook, { ok: false, code });
}

function acceptsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .some((part) => part.startsWith("text/html") && !/;\s*q=0(\.0*)?\s*$/.test(part));
}
