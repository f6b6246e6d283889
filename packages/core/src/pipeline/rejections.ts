// Rejected events: authenticated but unusable requests, kept once per request (a sender retrying a bad
// submission lands on the same record), and closed as superseded when a later copy of the same request is
// usable. See docs/delivery.md, "Rejected events".
import type { Command, DedupKeySource } from "../commands.ts";
import { ACTION_RULES } from "../events/state.ts";
import { eventIdFor, fingerprint, sha256Hex } from "../ids.ts";
import type { ErrorInfo, EventIdentity, EventRecord, Ledger, RawRequest, SettleOptions } from "../ledger.ts";
import type { Logger, Metrics } from "../ports.ts";
import { EventStateError } from "../store-errors.ts";
import type { ProcessResult } from "./pipeline.ts";

export interface PipelineRejectInput {
  hookId: string;
  connectionId: string;
  source: string;
  /** The key the request would have been delivered under, when it was known before it failed. */
  dedupKey?: string;
  dedupKeySource?: DedupKeySource;
  nativeIds: Record<string, string>;
  command?: Command;
  rawBody: Uint8Array;
  /** The request as kept for `rerun` (body and non-secret headers). */
  raw?: RawRequest;
  error: ErrorInfo;
  response: { status: number; body: unknown };
}

export interface RejectionContext {
  ledger: Ledger;
  logger: Logger;
  metrics: Metrics;
  now: number;
  /** Epoch seconds the record may be deleted after. */
  expiresAt: number;
}

/**
 * The key of a request that carries no better one: its body's hash. No time in it, so a sender's resend of
 * the same bytes is the same request.
 */
export function bodyDedupKey(body: Uint8Array): string {
  return `raw:${sha256Hex(body)}`;
}

/**
 * Stores an unusable request as `rejected`, once: a redelivery that is still unusable finds the first record
 * (returned unchanged; nothing new is written) and is answered as the first time.
 */
export async function recordRejection(
  ctx: RejectionContext,
  input: PipelineRejectInput,
): Promise<EventRecord> {
  const known = input.dedupKey !== undefined;
  const dedupKey = input.dedupKey ?? bodyDedupKey(input.rawBody);
  const dedupKeySource: DedupKeySource = known ? (input.dedupKeySource ?? "native") : "body-hash";
  const eventId = eventIdFor(input.hookId, dedupKey);
  const { created, record } = await ctx.ledger.reject({
    eventId,
    hookId: input.hookId,
    dedupKey,
    dedupKeySource,
    connectionId: input.connectionId,
    source: input.source,
    fingerprint: input.command ? fingerprint(input.command) : sha256Hex(input.rawBody),
    nativeIds: input.nativeIds,
    ...(input.command ? { command: input.command } : {}),
    ...(input.raw ? { raw: input.raw } : {}),
    error: input.error,
    response: input.response,
    now: ctx.now,
    expiresAt: ctx.expiresAt,
  });
  const log = ctx.logger.child({ eventId, hookId: input.hookId, dedupKey });
  if (!created) {
    ctx.metrics.count("events_duplicate", 1, { hookId: input.hookId });
    log.info("unusable request seen before; answered as the first time", { status: record.status });
    return record;
  }
  ctx.metrics.count("events_rejected", 1, { hookId: input.hookId });
  log.warn("event rejected", { error: input.error });
  return record;
}

/**
 * For an event keyed by its business key (`claim`): a copy of the same request rejected earlier was keyed by
 * its body hash (it had no better key). It is closed as superseded by this event before this event is
 * claimed — conditionally, so an operator re-running it at the same moment and this delivery cannot both
 * deliver. If an operator took it over already (rerun, replay, dismiss), this request is a repeat of that
 * event and is answered from it. Costs one GetItem when there is none (the usual case); only business-keyed
 * events pay it.
 */
export async function settleEarlierRejection(
  ctx: Pick<RejectionContext, "ledger" | "logger" | "now">,
  body: Uint8Array,
  claim: Pick<EventIdentity, "eventId" | "hookId">,
): Promise<ProcessResult | undefined> {
  const eventId = eventIdFor(claim.hookId, bodyDedupKey(body));
  let earlier = await ctx.ledger.get(eventId);
  if (earlier?.status === "rejected") {
    try {
      await ctx.ledger.settle(eventId, supersededBy(ctx.now, claim.eventId, "sender"));
      ctx.logger.info("a rejected copy of this request is closed as superseded", {
        rejectedEventId: eventId,
      });
      return undefined;
    } catch (error) {
      // An operator acted on it a moment ago (a rejected record never becomes rejected again).
      if (!(error instanceof EventStateError)) throw error;
      earlier = await ctx.ledger.get(eventId);
    }
  }
  if (earlier === undefined || earlier.closure?.kind === "superseded") return undefined;
  ctx.logger.info("an operator took over an earlier copy of this request; answering from it", {
    earlierEventId: eventId,
  });
  const live = earlier.status === "in_progress" || earlier.status === "retry";
  return { kind: live ? "busy" : "duplicate", record: earlier };
}

/** The settlement that closes a rejected event as superseded by `byEventId`. */
export function supersededBy(now: number, byEventId: string, actor: string): SettleOptions {
  return {
    now,
    from: ACTION_RULES.supersede.from,
    closure: {
      kind: "superseded",
      from: "rejected",
      at: new Date(now).toISOString(),
      actor,
      supersededBy: byEventId,
    },
    entry: { action: "supersede", actor, note: `delivered as ${byEventId}` },
  };
}
