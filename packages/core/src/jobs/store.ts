// The job store port: a lease per job (one run at a time across containers), the checkpoint a run leaves
// for the next one when it fails part-way, the run records an operator lists, and small named state a job
// keeps between runs (a feed's snapshot). The rules are here; the DynamoDB adapter (@smx/aws) keeps them in
// the ledger table, the memory one (@smx/core/testing) in maps; both pass testing/job-store-contract.ts.
import type { JobRunRecord } from "./summary.ts";

/** A run's hold on its job; every write of the run is conditional on its token. */
export interface JobLease {
  jobId: string;
  runId: string;
  token: string;
  /** Epoch ms the lease ends unless the run extends it (a checkpoint does). */
  until: number;
}

export type AcquireResult =
  /** The lease is this run's; `checkpoint` is what a failed earlier run left, if anything. */
  | { acquired: true; lease: JobLease; checkpoint?: unknown }
  /** Another run holds a live lease. */
  | { acquired: false; heldBy: string; until: number };

export interface AcquireInput {
  runId: string;
  token: string;
  /** Epoch ms now, and how long the lease holds. */
  now: number;
  leaseMs: number;
}

export interface RunPage {
  items: JobRunRecord[];
  cursor?: string;
}

export interface JobStore {
  /** One conditional write: takes the job's lease if it is free or expired, and reads the checkpoint. */
  acquire(jobId: string, input: AcquireInput): Promise<AcquireResult>;
  /** Saves the run's progress and extends its lease to `until`; throws JobLeaseLostError if it is not held. */
  saveCheckpoint(lease: JobLease, checkpoint: unknown, until: number): Promise<void>;
  /**
   * Ends the run: releases the lease, keeps the checkpoint (`keepCheckpoint`, a failed run) or clears it,
   * and stores the run record, all at once. Throws JobLeaseLostError if the lease was taken over.
   */
  finish(lease: JobLease, record: JobRunRecord, options: { keepCheckpoint: boolean }): Promise<void>;
  /** Stores the record of a run that never held the lease (a skipped run). */
  putRun(record: JobRunRecord): Promise<void>;
  /** Newest first. Throws InvalidCursorError for a cursor it did not issue. */
  listRuns(jobId: string, query?: { limit?: number; cursor?: string }): Promise<RunPage>;
  /** A job's named state (JSON), or undefined. One read. */
  getState(jobId: string, name: string): Promise<unknown>;
  /** Replaces a job's named state. One write. */
  putState(jobId: string, name: string, value: unknown): Promise<void>;
}

/** A run wrote after its lease ran out and another run took it: its writes are refused. */
export class JobLeaseLostError extends Error {
  override name = "JobLeaseLostError";
  constructor(readonly jobId: string) {
    super(`job "${jobId}": the run's lease was taken over by another run; its result is not recorded`);
  }
}
