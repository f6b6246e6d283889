// What one job run did, in the words every job shares: the counts an operator reads in `smx jobs history`
// and the logs, and a bounded list of the items worth a look (an unmatched occurrence and why, a superseded
// visit, a failed create with its event id).

/** The counts every run reports, whatever the job. */
export const JOB_COUNTS = [
  "created",
  "duplicate",
  "superseded",
  "cancelled",
  "vanished",
  "unmatched",
  "failed",
] as const;
export type JobCount = (typeof JOB_COUNTS)[number];

/** How a run ended. `skipped`: another run held the job's lease, nothing was done. */
export const JOB_RUN_STATUSES = ["completed", "failed", "skipped"] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/** What started a run. */
export type JobTrigger = "schedule" | "operator" | "local-timer";

/** One thing a run did or could not do, kept on the run record for an operator. */
export interface JobItem {
  kind: JobCount | "skipped" | "retrying";
  /** The ledger key or occurrence key it concerns. */
  key: string;
  date?: string;
  customerId?: number;
  /** The ledger event that carries it, when one does (`smx events show <id>`). */
  eventId?: string;
  detail?: string;
}

/** Items kept per run record (the counts are always complete): a DynamoDB item stays far below 400 KB. */
export const MAX_RUN_ITEMS = 200;

export interface JobRunRecord {
  jobId: string;
  runId: string;
  status: JobRunStatus;
  trigger: JobTrigger;
  startedAt: string;
  finishedAt: string;
  counts: Record<JobCount, number>;
  /** Job-specific figures (the redrive's `retried`, a sync's `customers`, a feed's `notModified`…). */
  extra: Record<string, number>;
  items: JobItem[];
  /** Items left off past MAX_RUN_ITEMS. */
  itemsOmitted: number;
  /** This run went on from the checkpoint a failed run left. */
  resumed: boolean;
  /** Why a failed run failed (`Name: message`); for a skipped run, who held the lease. */
  error?: string;
  /** Epoch seconds the record may be deleted after (DynamoDB TTL). */
  expiresAt: number;
}

export function emptyCounts(): Record<JobCount, number> {
  return Object.fromEntries(JOB_COUNTS.map((count) => [count, 0])) as Record<JobCount, number>;
}

/** A run's tally, filled by the job while it works. */
export class JobTally {
  readonly counts = emptyCounts();
  readonly extra: Record<string, number> = {};
  readonly items: JobItem[] = [];
  itemsOmitted = 0;

  /** Counts `kind` once and keeps `item` (when given) for the record. */
  add(kind: JobCount, item?: Omit<JobItem, "kind">): void {
    this.counts[kind]++;
    if (item !== undefined) this.note({ kind, ...item });
  }

  note(item: JobItem): void {
    if (this.items.length < MAX_RUN_ITEMS) this.items.push(item);
    else this.itemsOmitted++;
  }

  bump(name: string, by = 1): void {
    this.extra[name] = (this.extra[name] ?? 0) + by;
  }
}
