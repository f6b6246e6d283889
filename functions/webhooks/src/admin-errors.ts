// The one place operator-action errors become HTTP answers (docs/http-api.md, "Operator API").
import {
  EventNotFoundError,
  EventStateError,
  InvalidCommandError,
  ReplayNeedsCommandError,
  RerunUnavailableError,
  ResolveError,
  StillUnusableError,
  UnknownOutcomeReplayError,
} from "@smx/core";
import { type Answer, errorAnswer } from "./answers.ts";

/** The answer for an action's error, or undefined when it is not one an operator can act on (a 500). */
export function actionErrorAnswer(eventId: string, error: unknown): Answer | undefined {
  const refuse = (status: number, code: string, message: string, field?: string) =>
    errorAnswer(status, { code, message, ...(field === undefined ? {} : { field }) }, { eventId });
  if (error instanceof EventNotFoundError) return notFound(eventId);
  if (error instanceof UnknownOutcomeReplayError) return refuse(409, "needs_resolution", error.message);
  if (error instanceof EventStateError)
    return refuse(409, error.action === "replay" ? "not_replayable" : "invalid_state", error.message);
  if (error instanceof ReplayNeedsCommandError)
    return refuse(400, "command_required", error.message, "command");
  if (error instanceof InvalidCommandError)
    return refuse(422, "invalid_command", error.message, error.field ? `command.${error.field}` : "command");
  if (error instanceof RerunUnavailableError) return refuse(409, "not_rerunnable", error.message);
  if (error instanceof StillUnusableError) return refuse(422, "still_unusable", error.message, error.field);
  if (error instanceof ResolveError) {
    if (error.reason === "unavailable") return refuse(503, "salesmania_unavailable", error.message);
    return refuse(422, `resolve_${error.reason}`, error.message, "existing");
  }
  return undefined;
}

export function notFound(eventId: string): Answer {
  return errorAnswer(
    404,
    { code: "event_not_found", message: `no event ${eventId} in the ledger` },
    { eventId },
  );
}
