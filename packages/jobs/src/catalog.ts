// Every job the configuration defines, plus the built-in redrive: what `smx jobs list` shows, what SST
// schedules and the local stack times, and the Job the runner runs for an id.
import type { FeedConfig, PlanConfig } from "@smx/calendar";
import type { ConnectionProvider, DirectoryStore, EventPipeline, Job, SecretsProvider } from "@smx/core";
import { DEFAULT_TIME_ZONE } from "@smx/salesmania";
import { type JobConfig, type JobKind, REDRIVE_JOB_ID } from "./config.ts";
import { directorySyncJob } from "./directory-sync-job.ts";
import { type FeedJobOptions, feedJob } from "./feed-job.ts";
import { planJob } from "./plan-job.ts";
import { redriveJob } from "./redrive-job.ts";
import { VISIT_DEFAULTS } from "./visits.ts";

/** The built-in redrive's schedule: every minute (EventBridge's `rate`, not a cron in a zone). */
export const REDRIVE_SCHEDULE = "rate(1 minute)";

export interface JobEntry {
  id: string;
  kind: JobKind;
  /** A five-field cron in `timeZone`, or the redrive's `rate(1 minute)`. */
  schedule: string;
  timeZone: string;
  disabled: boolean;
  description: string;
  /** What it works on: the feed, plan or connection id. */
  target: string;
  /** The job to run; `options` matter to feed jobs only. */
  build(options?: FeedJobOptions): Job;
}

export interface CatalogConfig {
  connections: readonly { id: string; timeZone: string }[];
  feeds: readonly FeedConfig[];
  plans: readonly PlanConfig[];
  jobs: readonly JobConfig[];
}

export interface CatalogDeps {
  pipeline: Pick<EventPipeline, "process" | "redrive" | "settings">;
  directory: DirectoryStore;
  connections: ConnectionProvider;
  secrets: SecretsProvider;
  fetch?: typeof globalThis.fetch;
}

export class UnknownJobError extends Error {
  override name = "UnknownJobError";
  constructor(
    readonly jobId: string,
    known: readonly string[],
  ) {
    super(`no job "${jobId}"; defined: ${known.join(", ")}`);
  }
}

export class JobCatalog {
  readonly entries: readonly JobEntry[];

  constructor(config: CatalogConfig, deps: CatalogDeps) {
    const zones = new Map(config.connections.map((c) => [c.id, c.timeZone]));
    const zoneOf = (connection: string) => zones.get(connection) ?? DEFAULT_TIME_ZONE;
    const sink = { pipeline: deps.pipeline, ...VISIT_DEFAULTS };
    const redrive: JobEntry = {
      id: REDRIVE_JOB_ID,
      kind: "redrive",
      schedule: REDRIVE_SCHEDULE,
      timeZone: "UTC",
      disabled: false,
      description: "deliver ledger events whose retry is due",
      target: "ledger",
      build: () => redriveJob(deps.pipeline),
    };
    const configured = config.jobs.map((job): JobEntry => {
      const base = { id: job.id, kind: job.kind, schedule: job.schedule, disabled: job.disabled };
      if (job.kind === "feed") {
        const feed = config.feeds.find((f) => f.id === job.feed) as FeedConfig;
        const timeZone = job.timeZone ?? feed.timeZone ?? zoneOf(feed.connection);
        const feedDeps = {
          sink,
          directory: deps.directory,
          secrets: deps.secrets,
          timeZone: feed.timeZone ?? zoneOf(feed.connection),
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
        };
        return {
          ...base,
          timeZone,
          disabled: job.disabled || feed.disabled,
          description: job.description ?? feed.description ?? `calendar feed ${feed.id} → visits`,
          target: feed.id,
          build: (options) => feedJob(job.id, feed, feedDeps, options),
        };
      }
      if (job.kind === "plan") {
        const plan = config.plans.find((p) => p.id === job.plan) as PlanConfig;
        const planZone = plan.timeZone ?? zoneOf(plan.connection);
        return {
          ...base,
          timeZone: job.timeZone ?? planZone,
          disabled: job.disabled || plan.disabled,
          description: job.description ?? plan.description ?? `journey plan ${plan.id} → visits`,
          target: plan.id,
          build: () => planJob(job.id, plan, { sink, timeZone: planZone }),
        };
      }
      return {
        ...base,
        timeZone: job.timeZone ?? zoneOf(job.connection),
        description: job.description ?? `customers and products of ${job.connection} → directory`,
        target: job.connection,
        build: () => directorySyncJob(job.id, job.connection, deps),
      };
    });
    this.entries = [redrive, ...configured];
  }

  /** Throws UnknownJobError for an id the configuration does not define. */
  get(jobId: string): JobEntry {
    const entry = this.entries.find((e) => e.id === jobId);
    if (entry === undefined)
      throw new UnknownJobError(
        jobId,
        this.entries.map((e) => e.id),
      );
    return entry;
  }
}
