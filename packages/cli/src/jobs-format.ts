// How `smx jobs …` prints for people: the job table with each job's last run, a run's summary with the
// items worth a look, and a job's history.
import type { JobRunRecord } from "@smx/core";
import type { JobEntry } from "@smx/jobs";
import { table } from "./format.ts";

/** `created 4, duplicate 0, …`: the counts that are not zero (or "nothing"), then the job's own figures. */
export function countsLine(record: JobRunRecord): string {
  const counts = Object.entries(record.counts).filter(([, n]) => n > 0);
  const extra = Object.entries(record.extra).filter(([, n]) => n > 0);
  const parts = [...counts, ...extra].map(([name, n]) => `${name} ${n}`);
  return parts.length === 0 ? "nothing to do" : parts.join(", ");
}

export function formatJobList(jobs: { entry: JobEntry; last?: JobRunRecord }[]): string {
  return table([
    ["JOB", "KIND", "TARGET", "SCHEDULE", "ZONE", "LAST RUN", "RESULT"],
    ...jobs.map(({ entry, last }) => [
      entry.id + (entry.disabled ? " (disabled)" : ""),
      entry.kind,
      entry.target,
      entry.schedule,
      entry.timeZone,
      last === undefined ? "never" : `${last.startedAt} ${last.status}`,
      last === undefined ? "" : countsLine(last),
    ]),
  ]);
}

export function formatJobRun(record: JobRunRecord, dryRun: boolean): string {
  const title = dryRun
    ? `dry run of ${record.jobId}: nothing was created or stored`
    : `${record.jobId} ${record.runId}: ${record.status}${record.resumed ? " (resumed from a checkpoint)" : ""}`;
  const lines = [title, `  ${countsLine(record)}`];
  if (record.error) lines.push(`  ${record.status === "skipped" ? "skipped" : "error"}: ${record.error}`);
  if (record.items.length > 0) {
    lines.push(dryRun ? "would create:" : "items:");
    for (const item of record.items) {
      const where = [item.date, item.customerId === undefined ? undefined : `customer ${item.customerId}`]
        .filter(Boolean)
        .join(" ");
      const event = item.eventId ? ` ${item.eventId}` : "";
      lines.push(
        `  ${item.kind.padEnd(10)} ${where.padEnd(28)} ${item.key}${event}${item.detail ? `  ${item.detail}` : ""}`,
      );
    }
  }
  if (record.itemsOmitted > 0) lines.push(`  … and ${record.itemsOmitted} more items (counted above)`);
  return `${lines.join("\n")}\n`;
}

export function formatJobHistory(records: JobRunRecord[]): string {
  if (records.length === 0) return "no runs recorded yet\n";
  return table([
    ["STARTED", "RUN", "TRIGGER", "STATUS", "RESULT"],
    ...records.map((r) => [
      r.startedAt,
      r.runId,
      r.trigger,
      r.status + (r.resumed ? " (resumed)" : ""),
      r.error ? `${countsLine(r)}; ${r.error}` : countsLine(r),
    ]),
  ]);
}
