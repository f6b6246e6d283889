// What the console's handlers share: the runtime's parts, the preview, the session signing key, a clock —
// and, per request, the signed-in session and its CSRF token.
import type { Clock } from "@smx/core";
import type { Intake } from "@smx/intake";
import type { Runtime } from "@smx/runtime";
import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { Session } from "./session.ts";

export interface ConsoleEnv {
  Variables: { session: Session; csrf: string };
}

export interface ConsoleDeps {
  runtime: Runtime;
  intake: Intake;
  /** Signs sessions and CSRF tokens (derived from the admin key). */
  key: Buffer;
  clock: Clock;
}

export type ConsoleContext = Context<ConsoleEnv>;

/** The signed-in user as the page shell shows them. */
export const userOf = (c: ConsoleContext) => ({ csrf: c.var.csrf, actor: c.var.session.actor });

/** A full HTML page; status 200 unless given. */
export function sendPage(
  c: Context,
  page: JSX.Element,
  status: 200 | 400 | 401 | 403 | 404 | 409 | 422 | 503 = 200,
) {
  return c.html(`<!doctype html>${page.toString()}`, status);
}
