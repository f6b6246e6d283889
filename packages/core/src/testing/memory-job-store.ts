// The job store in memory, on the port's rules (jobs/store.ts): for unit tests and the contract suite.
import {
  type AcquireInput,
  type AcquireResult,
  type JobLease,
  JobLeaseLostError,
  type JobStore,
  type RunPage,
} from "../jobs/store.ts";
import type { JobRunRecord } from "../jobs/summary.ts";
import { InvalidCursorError } from "../store-errors.ts";

interface LeaseItem {
  runId?: string;
  token?: string;
  until?: number;
  checkpoint?: string;
}

const copy = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

export class MemoryJobStore implements JobStore {
  private readonly leases = new Map<string, LeaseItem>();
  private readonly runs = new Map<string, JobRunRecord[]>();
  private readonly states = new Map<string, string>();
  /** Calls made, by method: lets a test show what a run cost. */
  readonly calls: string[] = [];

  async acquire(jobId: string, input: AcquireInput): Promise<AcquireResult> {
    this.calls.push("acquire");
    const item = this.leases.get(jobId) ?? {};
    if (item.token !== undefined && item.until !== undefined && item.until > input.now)
      return { acquired: false, heldBy: item.runId ?? "?", until: item.until };
    const until = input.now + input.leaseMs;
    this.leases.set(jobId, { ...item, runId: input.runId, token: input.token, until });
    const lease: JobLease = { jobId, runId: input.runId, token: input.token, until };
    return item.checkpoint === undefined
      ? { acquired: true, lease }
      : { acquired: true, lease, checkpoint: JSON.parse(item.checkpoint) };
  }

  private held(lease: JobLease): LeaseItem {
    const item = this.leases.get(lease.jobId);
    if (item?.token !== lease.token) throw new JobLeaseLostError(lease.jobId);
    return item;
  }

  async saveCheckpoint(lease: JobLease, checkpoint: unknown, until: number): Promise<void> {
    this.calls.push("saveCheckpoint");
    const item = this.held(lease);
    item.checkpoint = JSON.stringify(checkpoint);
    item.until = until;
  }

  async finish(lease: JobLease, record: JobRunRecord, options: { keepCheckpoint: boolean }): Promise<void> {
    this.calls.push("finish");
    const item = this.held(lease);
    this.leases.set(
      lease.jobId,
      options.keepCheckpoint && item.checkpoint !== undefined ? { checkpoint: item.checkpoint } : {},
    );
    this.store(record);
  }

  async putRun(record: JobRunRecord): Promise<void> {
    this.calls.push("putRun");
    this.store(record);
  }

  private store(record: JobRunRecord): void {
    this.runs.set(record.jobId, [copy(record), ...(this.runs.get(record.jobId) ?? [])]);
  }

  async listRuns(jobId: string, query: { limit?: number; cursor?: string } = {}): Promise<RunPage> {
    this.calls.push("listRuns");
    const all = [...(this.runs.get(jobId) ?? [])].sort((a, b) =>
      a.startedAt === b.startedAt ? b.runId.localeCompare(a.runId) : a.startedAt < b.startedAt ? 1 : -1,
    );
    let start = 0;
    if (query.cursor !== undefined) {
      start = Number(query.cursor);
      if (!/^\d+$/.test(query.cursor) || start > all.length) throw new InvalidCursorError(query.cursor);
    }
    const limit = query.limit ?? 20;
    const items = all.slice(start, start + limit).map(copy);
    return start + limit < all.length ? { items, cursor: String(start + limit) } : { items };
  }

  async getState(jobId: string, name: string): Promise<unknown> {
    this.calls.push("getState");
    const value = this.states.get(`${jobId}\u0000${name}`);
    return value === undefined ? undefined : JSON.parse(value);
  }

  async putState(jobId: string, name: string, value: unknown): Promise<void> {
    this.calls.push("putState");
    this.states.set(`${jobId}\u0000${name}`, JSON.stringify(value));
  }
}
