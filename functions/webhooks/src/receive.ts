// POST /hooks/:hookId — the route only: hand the web-standard Request to the intake (@smx/intake: limits,
// authentication, normalizing, the ledger, delivery within the inline budget) and map what it made of it to
// an answer; a browser's form post is sent on to the hook's page instead.
import type { Intake } from "@smx/intake";
import type { Context } from "hono";
import { answerFor } from "./answers.ts";
import type { AppEnv } from "./env.ts";
import { browserRedirect, sendAnswer } from "./respond.ts";

export interface ReceiveDeps {
  intake: Intake;
  budgetMs: number;
}

export async function receiveHook(c: Context<AppEnv>, deps: ReceiveDeps): Promise<Response> {
  const remainingMs = c.env?.lambdaContext?.getRemainingTimeInMillis();
  const outcome = await deps.intake.receive(c.req.param("hookId") ?? "", c.req.raw, {
    budgetMs: deps.budgetMs,
    requestId: c.var.requestId,
    ...(remainingMs === undefined ? {} : { remainingMs }),
  });
  const answer = answerFor(outcome, Date.now());
  // A hook that is missing or switched off answers JSON whoever asks.
  if (outcome.kind !== "unknown_hook" && outcome.kind !== "disabled") {
    const location = browserRedirect(c.req.header("accept"), outcome.hook, answer);
    if (location !== undefined) return c.redirect(location, 303);
  }
  return sendAnswer(c, answer);
}
