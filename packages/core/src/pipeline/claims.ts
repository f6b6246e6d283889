// What the pipeline asks the ledger to claim: an inbound event under its key, or a record already stored (a
// due retry, a lease that ran out, a requeued event) again. The lease covers the delivery budget plus room
// to write the outcome; the record is kept `retentionDays` from now.
import type { NormalizedEvent } from "../commands.ts";
import { ReplayNeedsCommandError } from "../errors.ts";
import { eventIdFor, fingerprint } from "../ids.ts";
import type { ClaimInput, EventRecord } from "../ledger.ts";
import type { PipelineSettings } from "./settings.ts";

type Terms = Pick<PipelineSettings, "leaseMarginMs" | "retentionDays">;

/** Epoch seconds a record touched at `now` may be deleted after (the DynamoDB TTL). */
export const expiresAt = (now: number, settings: Terms) =>
  Math.floor(now / 1000) + settings.retentionDays * 86_400;

/** A source's "when it happened", as a UTC ISO time; dropped when it is not a date-time. */
function occurredAt(value: string | undefined): string | undefined {
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function inboundClaim(
  input: { hookId: string; connectionId: string; source: string; event: NormalizedEvent; budgetMs: number },
  now: number,
  settings: Terms,
): ClaimInput {
  const { hookId, event } = input;
  const happened = occurredAt(event.occurredAt);
  return {
    eventId: eventIdFor(hookId, event.dedupKey),
    hookId,
    dedupKey: event.dedupKey,
    dedupKeySource: event.dedupKeySource,
    connectionId: input.connectionId,
    source: input.source,
    command: event.command,
    fingerprint: fingerprint(event.command),
    nativeIds: event.nativeIds,
    ...(happened === undefined ? {} : { occurredAt: happened }),
    ...(event.notes === undefined ? {} : { notes: event.notes }),
    now,
    leaseMs: input.budgetMs + settings.leaseMarginMs,
    expiresAt: expiresAt(now, settings),
  };
}

export function storedClaim(record: EventRecord, budgetMs: number, now: number, settings: Terms): ClaimInput {
  if (record.command === undefined) throw new ReplayNeedsCommandError(record.eventId);
  const { eventId, hookId, dedupKey, dedupKeySource, connectionId, source, nativeIds, notes } = record;
  return {
    eventId,
    hookId,
    dedupKey,
    ...(dedupKeySource === undefined ? {} : { dedupKeySource }),
    connectionId,
    source,
    command: record.command,
    fingerprint: record.fingerprint,
    nativeIds,
    ...(notes === undefined ? {} : { notes }),
    now,
    leaseMs: budgetMs + settings.leaseMarginMs,
    // Worked on again (a replay late in its retention, a long retry): kept a full period from now, so the
    // TTL cannot delete it mid-retry or just after its outcome.
    expiresAt: Math.max(record.expiresAt, expiresAt(now, settings)),
  };
}
