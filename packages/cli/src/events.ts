// The ledger commands' work, free of printing: list, show, replay one, replay many. Actions go through the
// runtime's EventOperations, exactly as the admin API's do.
import {
  collectEvents,
  EVENT_STATUSES,
  type EventQuery,
  EventQueryError,
  type EventRecord,
  EventStateError,
  type EventStatus,
  FORCE_REPLAYABLE,
  type OperationResult,
  showEvent as showStoredEvent,
} from "@smx/core";
import type { Runtime } from "@smx/runtime";
import { UsageError } from "./errors.ts";

/** `since`: only events received at or after it (ISO date-time). */
export interface ListOptions extends EventQuery {
  /** At most this many (default 50). */
  limit?: number;
}

export function parseStatus(value: string): EventStatus {
  if (!(EVENT_STATUSES as readonly string[]).includes(value)) {
    throw new UsageError(`--status: expected one of ${EVENT_STATUSES.join(", ")}, got "${value}"`);
  }
  return value as EventStatus;
}

/** What `events replay --status` accepts: what a forced replay takes (unknown_outcome only with --yes). */
export function parseReplayStatus(value: string): EventStatus {
  if (!(FORCE_REPLAYABLE as readonly string[]).includes(value)) {
    throw new UsageError(
      `--status: expected one of ${FORCE_REPLAYABLE.join(", ")} (the replayable statuses), got "${value}"`,
    );
  }
  return value as EventStatus;
}

/** A parser for a date-time option (`--since`, `--until`): ISO-8601, normalized to UTC. */
export function timeOption(option: string): (value: string) => string {
  return (value) => {
    const ms = Date.parse(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) {
      throw new UsageError(
        `--${option}: expected an ISO-8601 date or date-time such as 2026-01-31T08:00:00Z, got "${value}"`,
      );
    }
    return new Date(ms).toISOString();
  };
}

export function parseLimit(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new UsageError(`--limit: expected a whole number of at least 1, got "${value}"`);
  }
  return Number(value);
}

/** Events as the admin API lists them (core's event queries), following pages until `limit` matched. */
export async function listEvents(runtime: Runtime, options: ListOptions): Promise<EventRecord[]> {
  const { limit = 50, ...query } = options;
  try {
    return await collectEvents(runtime.ledger, query, limit);
  } catch (error) {
    if (error instanceof EventQueryError) throw new UsageError(`--${error.field}: ${error.message}`);
    throw error;
  }
}

export function showEvent(runtime: Runtime, eventId: string): Promise<EventRecord> {
  return showStoredEvent(runtime.ledger, eventId);
}

/** Replays one event now; `command` (an edited command, validated by the pipeline) replaces the stored one. */
export function replayEvent(
  runtime: Runtime,
  eventId: string,
  options: { actor: string; command?: unknown; force?: boolean },
): Promise<OperationResult> {
  return runtime.operations.replay(eventId, options);
}

export interface BulkReplayItem {
  eventId: string;
  hookId: string;
  from: EventStatus;
  /** The status after the replay, or `skipped` when it was no longer replayable (someone got there first). */
  outcome: EventStatus | "skipped" | "failed";
  error?: string;
}

export interface BulkReplaySummary {
  total: number;
  /** Count per outcome. */
  outcomes: Record<string, number>;
  items: BulkReplayItem[];
}

/** Replays every event with `status` (of `hook`), one after the other; one failure does not stop the rest. */
export async function replayMatching(
  runtime: Runtime,
  filter: { status: EventStatus; hook?: string },
  options: { actor: string; force?: boolean },
  onProgress: (done: number, total: number) => void = () => {},
): Promise<BulkReplaySummary> {
  const records = await listEvents(runtime, { ...filter, limit: Number.POSITIVE_INFINITY });
  const items: BulkReplayItem[] = [];
  onProgress(0, records.length);
  for (const record of records) {
    const base = { eventId: record.eventId, hookId: record.hookId, from: record.status };
    try {
      const result = await replayEvent(runtime, record.eventId, options);
      items.push({ ...base, outcome: result.record.status });
    } catch (error) {
      if (error instanceof EventStateError) items.push({ ...base, outcome: "skipped", error: error.message });
      else
        items.push({
          ...base,
          outcome: "failed",
          error: error instanceof Error ? error.message : String(error),
        });
    }
    onProgress(items.length, records.length);
  }
  const outcomes: Record<string, number> = {};
  for (const item of items) outcomes[item.outcome] = (outcomes[item.outcome] ?? 0) + 1;
  return { total: items.length, outcomes, items };
}
