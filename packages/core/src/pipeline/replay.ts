// A stored event put back in the queue by a person — a replay, or an operator action carried out as one
// (rerun, resolve --not-created) — and, by default, delivered at once through the pipeline's own attempt.
// The requeue is one conditional write on the statuses the action applies to; the history is kept.
import * as v from "valibot";
import { Command } from "../commands.ts";
import { InvalidCommandError, ReplayNeedsCommandError, UnknownOutcomeReplayError } from "../errors.ts";
import type { ActionRequest } from "../events/history.ts";
import { type EventStatus, FORCE_REPLAYABLE, REPLAYABLE, type RequeueAction } from "../events/state.ts";
import { issueMessage } from "../excerpt.ts";
import { fingerprint } from "../ids.ts";
import { EventNotFoundError, EventStateError } from "../store-errors.ts";
import type { PipelineJobs, ProcessResult } from "./pipeline.ts";

export interface ReplayOptions {
  /** An edited command (validated against the Command schema). */
  command?: unknown;
  /** Deliver at once (default) or leave it due for the next redrive. */
  deliverNow?: boolean;
  budgetMs?: number;
  /** Also an `unknown_outcome` event (its create may exist: replaying it may double it). */
  force?: boolean;
  /** Who asked, and which action this replay carries out (default: a replay by `operator`). */
  entry?: ActionRequest & { action: RequeueAction };
  /** The statuses this action applies to (default: what a replay with or without `force` may take). */
  from?: readonly EventStatus[];
}

export async function replay(
  jobs: PipelineJobs,
  eventId: string,
  options: ReplayOptions = {},
): Promise<ProcessResult> {
  const edited = options.command === undefined ? undefined : parseCommand(options.command);
  const existing = await jobs.ledger.get(eventId);
  if (existing === undefined) throw new EventNotFoundError(eventId);
  if (existing.command === undefined && edited === undefined) throw new ReplayNeedsCommandError(eventId);
  const log = jobs.logger.child({ eventId, hookId: existing.hookId, dedupKey: existing.dedupKey });
  const entry = options.entry ?? { action: "replay", actor: "operator" };
  const from = options.from ?? (options.force ? FORCE_REPLAYABLE : REPLAYABLE);
  const edit = edited ? { command: edited, fingerprint: fingerprint(edited) } : {};
  const record = await jobs.ledger
    .requeue(eventId, { now: jobs.clock.now(), from, entry, ...edit })
    .catch((error: unknown) => {
      const unchecked = error instanceof EventStateError && error.status === "unknown_outcome";
      throw unchecked && entry.action === "replay" ? new UnknownOutcomeReplayError(eventId) : error;
    });
  log.info("event requeued by an operator", { previousStatus: existing.status, ...entry });
  if (options.deliverNow === false) return { kind: "retry", record };
  return jobs.attemptStored(record, options.budgetMs ?? jobs.settings.redriveBudgetMs, "replay", log);
}

function parseCommand(input: unknown): Command {
  const result = v.safeParse(Command, input);
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw new InvalidCommandError(v.getDotPath(issue) ?? "", issueMessage(issue));
}
