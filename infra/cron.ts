// Scheduled jobs. The redrive runs every minute (an EventBridge rule); every job in the configuration's `jobs`
// gets its own function on an EventBridge Scheduler schedule, whose cron is read in the job's time zone
// (sst.aws.CronV2). Each gets the ledger items and the secrets its job reads — its connection's SalesMania
// secret and, for a feed, the feed's address — never the webhook signing keys, and no index queries.
import { awsCronExpression, describeJobs, type JobDescription, REDRIVE_JOB_ID } from "@smx/jobs";
import { deployConfig } from "./deploy.ts";
import { lambdaDefaults, ledgerAccess, secretAccess } from "./function.ts";
import { pascalCase } from "./names.ts";
import { connectionSecretArns, secretArnOf } from "./secrets.ts";
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

const { config, scheduled } = deployConfig;
const connectionSecret = new Map(config.connections.map((c) => [c.id, c.secret]));

/** The secret refs a configured job reads: its connection's, and a feed's address. */
function secretRefsOf(entry: JobDescription): string[] {
  if (entry.kind === "feed") {
    const feed = scheduled.feeds.find((f) => f.id === entry.target)!;
    return [connectionSecret.get(feed.connection)!, feed.urlSecret];
  }
  if (entry.kind === "plan")
    return [connectionSecret.get(scheduled.plans.find((p) => p.id === entry.target)!.connection)!];
  return [connectionSecret.get(entry.target)!];
}

const configured = describeJobs({ connections: config.connections, ...scheduled }).filter(
  (entry) => entry.id !== REDRIVE_JOB_ID,
);

const configuredCrons = configured.map(
  (entry) =>
    new sst.aws.CronV2(`Job${pascalCase(entry.id)}`, {
      schedule: awsCronExpression(entry.schedule),
      timezone: entry.timeZone,
      enabled: !entry.disabled,
      function: {
        ...lambdaDefaults,
        environment: { ...lambdaDefaults.environment, SMX_JOB_ID: entry.id },
        handler: "functions/scheduled/src/job.handler",
        description: `salesmania-hooks: ${entry.description}`.slice(0, 256),
        timeout: `${JOB_TIMEOUT_MINUTES} minutes`,
        permissions: [
          ...ledgerAccess([]),
          ...secretAccess([...new Set(secretRefsOf(entry))].map(secretArnOf)),
        ],
      },
    }),
);

/** Each job's Lambda function name, which its alarms and dashboard widgets watch. */
export const jobFunctions = [
  ...jobs.map((job, index) => ({ job: job.name, functionName: crons[index]!.nodes.function.name })),
  ...configured.map((entry, index) => ({
    job: `Job${pascalCase(entry.id)}`,
    functionName: configuredCrons[index]!.nodes.function.name,
  })),
];
