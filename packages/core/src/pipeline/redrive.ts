// The scheduled redrive: due `retry` records, and `in_progress` ones whose worker died (their lease ran out),
// delivered again through the pipeline's own attempt — at most `concurrencyPerConnection` at once per
// connection; their SalesMania requests wait for the connection's shared rate limiter like any other.

import type { EventStatus } from "../events/state.ts";
import type { EventRecord } from "../ledger.ts";
import { mapBounded } from "../limits.ts";
import type { PipelineJobs, ProcessResult } from "./pipeline.ts";

export interface RedriveOptions {
  batchSize?: number;
  concurrencyPerConnection?: number;
  budgetMs?: number;
}

export interface RedriveSummary {
  examined: number;
  delivered: number;
  retried: number;
  dead: number;
  unknownOutcome: number;
  /** Not attempted: claimed by someone else meanwhile, or the ledger failed for it (logged). */
  skipped: number;
}

/** The backlog is counted no further (docs/operations.md, "Metrics the alarms read"). */
export const BACKLOG_COUNT_LIMIT = 1_000;

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export async function redrive(jobs: PipelineJobs, options: RedriveOptions = {}): Promise<RedriveSummary> {
  const { settings, clock, logger } = jobs;
  const batchSize = options.batchSize ?? settings.redriveBatchSize;
  const concurrency = options.concurrencyPerConnection ?? settings.redriveConcurrencyPerConnection;
  const budgetMs = options.budgetMs ?? settings.redriveBudgetMs;
  const now = clock.now();
  const due = await list(jobs, "retry", batchSize, new Date(now).toISOString());
  await reportBacklog(jobs, due, batchSize, now);
  const stale = (await list(jobs, "in_progress", batchSize - due.length)).filter(
    (r) => r.leaseUntil !== undefined && r.leaseUntil <= now,
  );
  const records = [...due, ...stale];
  const summary: RedriveSummary = {
    examined: records.length,
    delivered: 0,
    retried: 0,
    dead: 0,
    unknownOutcome: 0,
    skipped: 0,
  };
  const byConnection = new Map<string, EventRecord[]>();
  for (const record of records) {
    byConnection.set(record.connectionId, [...(byConnection.get(record.connectionId) ?? []), record]);
  }
  await Promise.all(
    [...byConnection.values()].map((group) =>
      mapBounded(group, concurrency, async (record) => {
        const log = logger.child({
          eventId: record.eventId,
          hookId: record.hookId,
          dedupKey: record.dedupKey,
        });
        try {
          tally(summary, (await jobs.attemptStored(record, budgetMs, "redrive", log)).kind);
        } catch (error) {
          // One record's ledger failure must not stop the batch; it stays due and is tried next run.
          log.error("redrive of event failed", { error: describe(error) });
          summary.skipped++;
        }
      }),
    ),
  );
  logger.info("redrive finished", { ...summary });
  return summary;
}

/**
 * The backlog alarms' metrics, before anything is delivered: how many retries are due (counted past this
 * batch only when it is full, up to BACKLOG_COUNT_LIMIT) and how long the oldest has been due (0 when none is,
 * so the alarm clears).
 */
async function reportBacklog(jobs: PipelineJobs, due: EventRecord[], batchSize: number, now: number) {
  const backlog =
    due.length < batchSize
      ? due.length
      : await jobs.ledger.countDue(new Date(now).toISOString(), Math.max(BACKLOG_COUNT_LIMIT, batchSize));
  const oldestDueAt = due[0]?.nextAttemptAt;
  const ageSeconds = oldestDueAt === undefined ? 0 : Math.max(0, (now - Date.parse(oldestDueAt)) / 1000);
  jobs.metrics.count("retry_backlog", backlog);
  jobs.metrics.measure("oldest_due_retry_age", Math.round(ageSeconds), "Seconds");
}

/** Up to `limit` records of `status`, oldest first, reading pages until enough or none are left. */
async function list(
  jobs: PipelineJobs,
  status: EventStatus,
  limit: number,
  dueBefore?: string,
): Promise<EventRecord[]> {
  const records: EventRecord[] = [];
  let cursor: string | undefined;
  while (records.length < limit) {
    const page = await jobs.ledger.listByStatus(status, {
      limit: limit - records.length,
      ...(cursor ? { cursor } : {}),
      ...(dueBefore ? { dueBefore } : {}),
    });
    records.push(...page.items);
    cursor = page.cursor;
    if (cursor === undefined) break;
  }
  return records.slice(0, limit);
}

function tally(summary: RedriveSummary, kind: ProcessResult["kind"]): void {
  if (kind === "delivered" || kind === "ignored") summary.delivered++;
  else if (kind === "retry") summary.retried++;
  else if (kind === "dead") summary.dead++;
  else if (kind === "unknown_outcome") summary.unknownOutcome++;
  else summary.skipped++;
}
