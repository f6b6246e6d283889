// Scheduled jobs: adding one is one entry in `jobs`. Each gets the ledger and the SalesMania connection
// secrets (jobs deliver and sync), never the webhook signing keys.
import { lambdaDefaults, ledgerAccess, secretAccess } from "./function.ts";
import { connectionSecretArns } from "./secrets.ts";
import type { LedgerIndex } from "./storage.ts";

export interface ScheduledJob {
  /** Resource name (PascalCase); renaming replaces the job. */
  name: string;
  schedule: `rate(${string})` | `cron(${string})`;
  /** `<file without extension>.<export>`, relative to the project root. */
  handler: string;
  description: string;
  /** The ledger indexes the job lists by (it gets Query on these only). */
  queries: LedgerIndex[];
}

/** Every job's timeout; its duration alarm fires at a share of it (deploy settings: jobDurationPercent). */
export const JOB_TIMEOUT_MINUTES = 5;

export const jobs: ScheduledJob[] = [
  {
    name: "Redrive",
    schedule: "rate(1 minute)",
    handler: "functions/scheduled/src/redrive.handler",
    description: "salesmania-hooks: deliver ledger events whose retry is due",
    queries: ["byStatus"],
  },
];

const crons = jobs.map(
  (job) =>
    new sst.aws.Cron(job.name, {
      schedule: job.schedule,
      function: {
        ...lambdaDefaults,
        handler: job.handler,
        description: job.description,
        timeout: `${JOB_TIMEOUT_MINUTES} minutes`,
        permissions: [...ledgerAccess(job.queries), ...secretAccess(connectionSecretArns)],
      },
    }),
);

/** Each job's Lambda function name, which its alarms and dashboard widgets watch. */
export const jobFunctions = jobs.map((job, index) => ({
  job: job.name,
  functionName: crons[index]!.nodes.function.name,
}));
