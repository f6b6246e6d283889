// Jobs create visits the way webhooks do: a CreateVisit command through the event pipeline, under a ledger
// key that names the visit (feed occurrence + date + customer, or plan + customer + date). Running a job
// twice, or twice at once, therefore creates each visit once: the ledger answers the second claim.
import {
  Command,
  type CustomerRef,
  type EventPipeline,
  eventIdFor,
  type JobContext,
  mapBounded,
  type ProcessResult,
} from "@smx/core";
import * as v from "valibot";

/** The ledger's "hook" of a job's events: `feed:<id>` or `plan:<id>` (hook ids cannot hold a colon). */
export type JobHookId = `feed:${string}` | `plan:${string}`;

export interface VisitRequest {
  /** The ledger's dedup key under the job's hook. */
  key: string;
  date: string;
  customer: v.InferInput<typeof CustomerRef>;
  teamId?: number;
  customerId?: number;
  /** What an operator reads next to it (the event's summary). */
  detail?: string;
}

export interface VisitSink {
  pipeline: Pick<EventPipeline, "process">;
  hookId: JobHookId;
  connectionId: string;
  source: "calendar-feed" | "journey-plan";
  /** Wall-clock ms one visit's delivery may take. */
  budgetMs: number;
  /** How many visits are delivered at once (each still waits for the connection's rate limiter). */
  concurrency: number;
}

export const VISIT_DEFAULTS = { budgetMs: 15_000, concurrency: 4 } as const;

/** Counts one pipeline answer in the run's tally. */
function tallyResult(
  context: JobContext,
  request: VisitRequest,
  eventId: string,
  result: ProcessResult,
): void {
  const item = {
    key: request.key,
    date: request.date,
    eventId,
    ...(request.customerId ? { customerId: request.customerId } : {}),
  };
  const { tally } = context;
  switch (result.kind) {
    case "delivered":
    case "ignored":
      tally.add("created", item);
      return;
    case "duplicate":
    case "busy":
      tally.add("duplicate");
      return;
    case "retry":
      tally.bump("retrying");
      tally.note({
        kind: "retrying",
        ...item,
        detail: result.record.lastError?.message ?? "retry scheduled",
      });
      return;
    default:
      tally.add("failed", { ...item, detail: result.record.lastError?.message ?? result.kind });
  }
}

/** Creates the visits (or, in a dry run, lists them as `created` items without sending anything). */
export async function createVisits(
  context: JobContext,
  sink: VisitSink,
  requests: readonly VisitRequest[],
): Promise<void> {
  if (context.dryRun) {
    for (const request of requests)
      context.tally.add("created", {
        key: request.key,
        date: request.date,
        ...(request.customerId ? { customerId: request.customerId } : {}),
        detail: request.detail ?? JSON.stringify(request.customer),
      });
    return;
  }
  await mapBounded(requests, sink.concurrency, async (request) => {
    const eventId = eventIdFor(sink.hookId, request.key);
    let command: Command;
    try {
      command = v.parse(Command, {
        kind: "CreateVisit",
        customer: request.customer,
        date: request.date,
        ...(request.teamId ? { teamId: request.teamId } : {}),
      });
    } catch (error) {
      context.tally.add("failed", {
        key: request.key,
        date: request.date,
        detail: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    const result = await sink.pipeline.process({
      hookId: sink.hookId,
      connectionId: sink.connectionId,
      source: sink.source,
      event: {
        command,
        dedupKey: request.key,
        dedupKeySource: "native",
        nativeIds: { job: context.jobId, run: context.runId },
      },
      budgetMs: sink.budgetMs,
      trigger: "schedule",
    });
    tallyResult(context, request, eventId, result);
  });
}
