// The lifecycle owner of every scheduled job (feeds, plans, directory sync, the redrive): one run at a time
// per job through the store's lease, the checkpoint of a failed run handed to the next one, a summary logged
// and kept as a record. Jobs only do their work and count it; storage is the JobStore port's.
import { randomBytes, randomUUID } from "node:crypto";
import type { Clock, Logger, Metrics } from "../ports.ts";
import { systemClock } from "../ports.ts";
import { type JobLease, JobLeaseLostError, type JobStore, type RunPage } from "./store.ts";
import { type JobRunRecord, type JobRunStatus, JobTally, type JobTrigger } from "./summary.ts";

/** What a job sees of its run. */
export interface JobContext {
  jobId: string;
  runId: string;
  /** A dry run changes nothing: no lease, no record, no checkpoint, no state, no SalesMania writes. */
  dryRun: boolean;
  /** The run's start: every date decision of the run is made from it. */
  startedAt: Date;
  logger: Logger;
  tally: JobTally;
  /** What the last failed run of this job left, to go on from; undefined after a completed run. */
  checkpoint: unknown;
  /** Records progress (and extends the lease), so a run that fails after this point resumes here. */
  saveCheckpoint(value: unknown): Promise<void>;
  /** The job's named state between runs (a feed's snapshot); writes are dropped in a dry run. */
  state: { get(name: string): Promise<unknown>; put(name: string, value: unknown): Promise<void> };
}

export interface Job {
  id: string;
  /** `feed`, `plan`, `directory-sync`, `redrive`. */
  kind: string;
  /** How long a run may hold the job (default: the runner's); a crashed run blocks the job this long. */
  leaseMs?: number;
  run(context: JobContext): Promise<void>;
}

export interface JobRunnerDeps {
  store: JobStore;
  logger: Logger;
  metrics: Metrics;
  clock?: Clock;
  /** Default lease: longer than a run can last (a Lambda's timeout is 5 minutes). */
  leaseMs?: number;
  /** How long run records are kept. */
  retentionDays?: number;
}

export interface RunOptions {
  trigger: JobTrigger;
  dryRun?: boolean;
}

export const JOB_RUNNER_DEFAULTS = { leaseMs: 6 * 60_000, retentionDays: 30 } as const;

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export class JobRunner {
  private readonly clock: Clock;

  constructor(private readonly deps: JobRunnerDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  /** Runs `job` once (or skips it while another run holds it) and returns the run's record. */
  async run(job: Job, options: RunOptions): Promise<JobRunRecord> {
    const runId = `run_${randomUUID()}`;
    const logger = this.deps.logger.child({ jobId: job.id, jobKind: job.kind, runId });
    const startedAt = this.clock.now();
    if (options.dryRun) return this.dryRun(job, runId, startedAt, options, logger);
    const leaseMs = job.leaseMs ?? this.deps.leaseMs ?? JOB_RUNNER_DEFAULTS.leaseMs;
    const token = randomBytes(16).toString("hex");
    const acquired = await this.deps.store.acquire(job.id, { runId, token, now: startedAt, leaseMs });
    const tally = new JobTally();
    if (!acquired.acquired) {
      const error = `another run (${acquired.heldBy}) holds the job until ${new Date(acquired.until).toISOString()}`;
      const record = this.record(job, runId, startedAt, options, tally, "skipped", false, error);
      logger.info("job run skipped: another run holds the job", { heldBy: acquired.heldBy });
      await this.deps.store.putRun(record);
      this.deps.metrics.count("job_runs", 1, { job: job.id, status: "skipped" });
      return record;
    }
    const { lease } = acquired;
    const resumed = acquired.checkpoint !== undefined;
    if (resumed) logger.info("resuming from the checkpoint of a failed run");
    const context = this.context(job, lease, startedAt, tally, logger, acquired.checkpoint, leaseMs);
    let status: JobRunStatus = "completed";
    let error: string | undefined;
    try {
      await job.run(context);
    } catch (failure) {
      status = "failed";
      error = describe(failure);
    }
    const record = this.record(job, runId, startedAt, options, tally, status, resumed, error);
    try {
      await this.deps.store.finish(lease, record, { keepCheckpoint: status === "failed" });
    } catch (failure) {
      if (!(failure instanceof JobLeaseLostError)) throw failure;
      logger.warn("the run's lease was taken over before it finished; its record is not kept", { ...record });
      return { ...record, status: "failed", error: failure.message };
    }
    this.report(record, logger);
    return record;
  }

  /** The job's run records, newest first (`smx jobs history`). */
  history(jobId: string, query: { limit?: number; cursor?: string } = {}): Promise<RunPage> {
    return this.deps.store.listRuns(jobId, query);
  }

  private async dryRun(
    job: Job,
    runId: string,
    startedAt: number,
    options: RunOptions,
    logger: Logger,
  ): Promise<JobRunRecord> {
    const tally = new JobTally();
    const { store } = this.deps;
    const context: JobContext = {
      jobId: job.id,
      runId,
      dryRun: true,
      startedAt: new Date(startedAt),
      logger,
      tally,
      checkpoint: undefined,
      saveCheckpoint: async () => {},
      state: { get: (name) => store.getState(job.id, name), put: async () => {} },
    };
    await job.run(context);
    return this.record(job, runId, startedAt, options, tally, "completed", false, undefined);
  }

  private context(
    job: Job,
    lease: JobLease,
    startedAt: number,
    tally: JobTally,
    logger: Logger,
    checkpoint: unknown,
    leaseMs: number,
  ): JobContext {
    const { store } = this.deps;
    return {
      jobId: job.id,
      runId: lease.runId,
      dryRun: false,
      startedAt: new Date(startedAt),
      logger,
      tally,
      checkpoint,
      saveCheckpoint: (value) => store.saveCheckpoint(lease, value, this.clock.now() + leaseMs),
      state: {
        get: (name) => store.getState(job.id, name),
        put: (name, value) => store.putState(job.id, name, value),
      },
    };
  }

  private record(
    job: Job,
    runId: string,
    startedAt: number,
    options: RunOptions,
    tally: JobTally,
    status: JobRunStatus,
    resumed: boolean,
    error: string | undefined,
  ): JobRunRecord {
    const finishedAt = this.clock.now();
    const retentionDays = this.deps.retentionDays ?? JOB_RUNNER_DEFAULTS.retentionDays;
    return {
      jobId: job.id,
      runId,
      status,
      trigger: options.trigger,
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: new Date(finishedAt).toISOString(),
      counts: { ...tally.counts },
      extra: { ...tally.extra },
      items: [...tally.items],
      itemsOmitted: tally.itemsOmitted,
      resumed,
      ...(error === undefined ? {} : { error }),
      expiresAt: Math.floor(finishedAt / 1000) + retentionDays * 86_400,
    };
  }

  private report(record: JobRunRecord, logger: Logger): void {
    this.deps.metrics.count("job_runs", 1, { job: record.jobId, status: record.status });
    const { counts, extra, resumed, error, itemsOmitted } = record;
    const fields = {
      status: record.status,
      counts,
      extra,
      resumed,
      itemsOmitted,
      ...(error ? { error } : {}),
    };
    if (record.status === "completed") logger.info("job run completed", fields);
    else logger.error("job run failed; the next run resumes from its checkpoint", fields);
  }
}
