// Every job the configuration defines, plus the built-in redrive: what `smx jobs list` shows, what SST
// schedules (infra/cron.ts reads `describeJobs` alone) and the local stack times, and the Job the runner runs
// for an id.
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

export interface JobDescription {
  id: string;
  kind: JobKind;
  /** A five-field cron in `timeZone`, or the redrive's `rate(1 minute)`. */
  schedule: string;
  timeZone: string;
  disabled: boolean;
  description: string;
  /** What it works on: the feed, plan or connection id. */
  target: string;
}

export interface JobEntry extends JobDescription {
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

/** What a configured job works on (the loader has checked that it exists). */
type Target = { feed: FeedConfig } | { plan: PlanConfig } | { connection: string };

function targetOf(config: CatalogConfig, job: JobConfig): Target {
  if (job.kind === "feed") return { feed: config.feeds.find((f) => f.id === job.feed)! };
  if (job.kind === "plan") return { plan: config.plans.find((p) => p.id === job.plan)! };
  return { connection: job.connection };
}

function zoneOf(config: CatalogConfig, connection: string): string {
  return config.connections.find((c) => c.id === connection)?.timeZone ?? DEFAULT_TIME_ZONE;
}

/** The jobs, described: no dependency needed (the infrastructure reads this at deploy time). */
export function describeJobs(config: CatalogConfig): JobDescription[] {
  const redrive: JobDescription = {
    id: REDRIVE_JOB_ID,
    kind: "redrive",
    schedule: REDRIVE_SCHEDULE,
    timeZone: "UTC",
    disabled: false,
    description: "deliver ledger events whose retry is due",
    target: "ledger",
  };
  const configured = config.jobs.map((job): JobDescription => {
    const base = { id: job.id, kind: job.kind, schedule: job.schedule };
    const target = targetOf(config, job);
    if ("feed" in target) {
      const { feed } = target;
      return {
        ...base,
        timeZone: job.timeZone ?? feed.timeZone ?? zoneOf(config, feed.connection),
        disabled: job.disabled || feed.disabled,
        description: job.description ?? feed.description ?? `calendar feed ${feed.id} → visits`,
        target: feed.id,
      };
    }
    if ("plan" in target) {
      const { plan } = target;
      return {
        ...base,
        timeZone: job.timeZone ?? plan.timeZone ?? zoneOf(config, plan.connection),
        disabled: job.disabled || plan.disabled,
        description: job.description ?? plan.description ?? `journey plan ${plan.id} → visits`,
        target: plan.id,
      };
    }
    return {
      ...base,
      timeZone: job.timeZone ?? zoneOf(config, target.connection),
      disabled: job.disabled,
      description: job.description ?? `customers and products of ${target.connection} → directory`,
      target: target.connection,
    };
  });
  return [redrive, ...configured];
}

export class JobCatalog {
  readonly entries: readonly JobEntry[];

  constructor(config: CatalogConfig, deps: CatalogDeps) {
    const sink = { pipeline: deps.pipeline, ...VISIT_DEFAULTS };
    const builders = new Map<string, (options?: FeedJobOptions) => Job>([
      [REDRIVE_JOB_ID, () => redriveJob(deps.pipeline)],
    ]);
    for (const job of config.jobs) {
      const target = targetOf(config, job);
      if ("feed" in target) {
        const { feed } = target;
        const feedDeps = {
          sink,
          directory: deps.directory,
          secrets: deps.secrets,
          timeZone: feed.timeZone ?? zoneOf(config, feed.connection),
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
        };
        builders.set(job.id, (options) => feedJob(job.id, feed, feedDeps, options));
      } else if ("plan" in target) {
        const { plan } = target;
        const timeZone = plan.timeZone ?? zoneOf(config, plan.connection);
        builders.set(job.id, () => planJob(job.id, plan, { sink, timeZone }));
      } else builders.set(job.id, () => directorySyncJob(job.id, target.connection, deps));
    }
    this.entries = describeJobs(config).map((description) => ({
      ...description,
      build: builders.get(description.id)!,
    }));
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
