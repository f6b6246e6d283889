// What each alarm watches, when it fires and what the operator does then: plain data built from the deploy
// settings, so the rules are unit-tested and infra/alarms.ts only turns them into CloudWatch alarms. `T` is
// whatever names a deployed resource (a Pulumi output at deploy time, a string in tests). Plain Node.
import { DeployConfigError } from "./deploy-error.ts";
import type { AlarmSettings } from "./deploy-settings.ts";
import { type AppMetricName, insightsQuery, METRICS_NAMESPACE, SERVICE_NAME } from "./metrics.ts";
import { pascalCase } from "./names.ts";
import { rotationRule } from "./rotation-alarm.ts";

type Comparison = "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold" | "LessThanThreshold";

/** A Metrics Insights query: sums over every dimension set the app writes (it sees the last 3 hours only). */
interface InsightsMetric {
  kind: "insights";
  query: string;
  label: string;
}
/** One metric with its exact dimensions (AWS's own metrics, and the 24-hour silence window). */
interface PlainMetric<T> {
  kind: "plain";
  namespace: string;
  name: string;
  dimensions: Record<string, T | string>;
  statistic: "Sum" | "Maximum";
}

export interface AlarmRule<T> {
  /** The alarm's name after `<app>-<stage>-`, and (PascalCased) its resource name. */
  key: string;
  metric: InsightsMetric | PlainMetric<T>;
  /** Seconds per datapoint, datapoints looked at, and how many of them must breach. */
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  comparison: Comparison;
  threshold: number;
  /** A silence alarm treats no data as the problem; every other one as nothing to report. */
  treatMissingData: "breaching" | "notBreaching";
  /** What is wrong, in one sentence. */
  summary: string;
  /** What the operator does, in one or two sentences. */
  action: string;
  /** The runbook section in docs/operations.md (its anchor). */
  runbook: string;
}

export interface AlarmTargets<T> {
  /** Each scheduled job and its function's name. */
  jobs: readonly { job: string; functionName: T }[];
  jobTimeoutMinutes: number;
  apiId: T;
  connectionIds: readonly string[];
  /** The token rotation function's name, when some connection is split (infra/rotation.ts). */
  rotationFunctionName?: T;
}

const FIVE_MINUTES = 300;
const HOUR = 3600;

/** A rule over 5-minute windows that fires on one breaching window. */
function everyFiveMinutes<T>(rule: Omit<AlarmRule<T>, "period" | "evaluationPeriods" | "datapointsToAlarm">) {
  return { period: FIVE_MINUTES, evaluationPeriods: 1, datapointsToAlarm: 1, ...rule };
}

function appTotal(aggregate: "SUM" | "MAX", metric: AppMetricName, where: Record<string, string> = {}) {
  return { kind: "insights", query: insightsQuery(aggregate, metric, where), label: metric } as const;
}

export function alarmRules<T>(targets: AlarmTargets<T>, thresholds: AlarmSettings): AlarmRule<T>[] {
  return distinctResourceNames([
    ...outcomeRules<T>(),
    ...targets.jobs.flatMap((job) => jobRules(job, targets.jobTimeoutMinutes, thresholds)),
    ...backlogRules<T>(thresholds),
    ...doorRules(targets.apiId, thresholds),
    ...targets.connectionIds.flatMap((id) => salesmaniaRules<T>(id, thresholds)),
    ...(targets.rotationFunctionName === undefined ? [] : [rotationRule(targets.rotationFunctionName)]),
    ...Object.entries(thresholds.silentHooks).map(([hookId, hours]) => silenceRule<T>(hookId, hours)),
  ]);
}

/** Ids that differ only in punctuation ("erp-a", "erp_a") would give two alarms one resource name. */
function distinctResourceNames<T>(rules: AlarmRule<T>[]): AlarmRule<T>[] {
  const keyByName = new Map<string, string>();
  const problems = rules.flatMap(({ key }) => {
    const name = pascalCase(key);
    const other = keyByName.get(name);
    keyByName.set(name, key);
    return other === undefined
      ? []
      : [
          `alarms "${other}" and "${key}" would share resource name Alarm${name}; rename a connection or hook`,
        ];
  });
  if (problems.length > 0) throw new DeployConfigError("alarms", problems);
  return rules;
}

/** Events that need a person: any one is worth a notification. */
function outcomeRules<T>(): AlarmRule<T>[] {
  return [
    everyFiveMinutes({
      key: "events_dead",
      metric: appTotal("SUM", "events_dead"),
      comparison: "GreaterThanThreshold",
      threshold: 0,
      treatMissingData: "notBreaching",
      summary: "an event became dead and will not be delivered without an operator",
      action:
        "List them (pnpm smx events list --status dead), fix the cause named in lastError, then replay or dismiss each.",
      runbook: "events_dead",
    }),
    everyFiveMinutes({
      key: "events_unknown_outcome",
      metric: appTotal("SUM", "events_unknown_outcome"),
      comparison: "GreaterThanThreshold",
      threshold: 0,
      treatMissingData: "notBreaching",
      summary: "a create was sent to SalesMania and its outcome is unknown",
      action:
        "Look the order up in SalesMania, then events resolve <id> --existing <order id> or --not-created; never a plain replay.",
      runbook: "events_unknown_outcome",
    }),
  ];
}

function jobRules<T>(
  { job, functionName }: { job: string; functionName: T },
  timeoutMinutes: number,
  thresholds: AlarmSettings,
): AlarmRule<T>[] {
  const prefix = job.toLowerCase();
  const lambda = (name: string, statistic: "Sum" | "Maximum"): PlainMetric<T> => ({
    kind: "plain",
    namespace: "AWS/Lambda",
    name,
    dimensions: { FunctionName: functionName },
    statistic,
  });
  return [
    everyFiveMinutes({
      key: `${prefix}_errors`,
      metric: lambda("Errors", "Sum"),
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.jobErrors,
      treatMissingData: "notBreaching",
      summary: `${job} runs failed or timed out`,
      action: `Read the ${job} function's log (ERROR lines, "Task timed out"); work it does (for the redrive: due retries) waits until a run succeeds.`,
      runbook: "job_errors",
    }),
    everyFiveMinutes({
      key: `${prefix}_slow`,
      metric: lambda("Duration", "Maximum"),
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: Math.round(timeoutMinutes * 60_000 * (thresholds.jobDurationPercent / 100)),
      treatMissingData: "notBreaching",
      summary: `a ${job} run took ${thresholds.jobDurationPercent}% of its ${timeoutMinutes}-minute timeout or more`,
      action:
        "The backlog is larger than one run clears, or SalesMania is slow: check the backlog widgets and SalesMania errors on the dashboard.",
      runbook: "job_slow",
    }),
    {
      key: `${prefix}_not_running`,
      metric: lambda("Invocations", "Sum"),
      period: FIVE_MINUTES,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparison: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
      summary: `${job} has not run for 10 minutes (it runs every minute)`,
      action:
        "Check that the job's EventBridge rule is enabled and the function is not throttled; redeploy the stage.",
      runbook: "job_not_running",
    },
  ];
}

function backlogRules<T>(thresholds: AlarmSettings): AlarmRule<T>[] {
  return [
    {
      key: "retry_backlog",
      metric: appTotal("MAX", "retry_backlog"),
      period: FIVE_MINUTES,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.retryBacklog,
      treatMissingData: "notBreaching",
      summary: `${thresholds.retryBacklog} or more retries have been due at once for 15 minutes`,
      action:
        "Find the common lastError (pnpm smx events list --status retry): a wrong connection secret, SalesMania down, or a rate limit too low.",
      runbook: "retry_backlog",
    },
    everyFiveMinutes({
      key: "oldest_due_retry_age",
      metric: appTotal("MAX", "oldest_due_retry_age"),
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.oldestDueRetryMinutes * 60,
      treatMissingData: "notBreaching",
      summary: `a retry has been due for ${thresholds.oldestDueRetryMinutes} minutes or more without being delivered`,
      action:
        "The redrive is not keeping up or keeps failing on it: read that event (pnpm smx events show <id>).",
      runbook: "oldest_due_retry_age",
    }),
  ];
}

/** The API's front door: server errors, and credentials senders get wrong. */
function doorRules<T>(apiId: T, thresholds: AlarmSettings): AlarmRule<T>[] {
  return [
    everyFiveMinutes({
      key: "api_5xx",
      metric: {
        kind: "plain",
        namespace: "AWS/ApiGateway",
        name: "5xx",
        dimensions: { ApiId: apiId },
        statistic: "Sum",
      },
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.api5xx,
      treatMissingData: "notBreaching",
      summary: `the API answered ${thresholds.api5xx} or more 5xx in 5 minutes`,
      action:
        "Read the Webhooks function's ERROR lines: ledger or secrets unavailable, an unusable hook secret, a disabled hook, or a crash.",
      runbook: "api_5xx",
    }),
    everyFiveMinutes({
      key: "auth_failures",
      metric: appTotal("SUM", "auth_failures"),
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.authFailures,
      treatMissingData: "notBreaching",
      summary: `${thresholds.authFailures} or more requests with wrong hook credentials in 5 minutes`,
      action:
        "Find the hook (auth_failures by hook on the dashboard): a sender still on a rotated secret, or someone probing the URL.",
      runbook: "auth_failures",
    }),
  ];
}

function salesmaniaRules<T>(connectionId: string, thresholds: AlarmSettings): AlarmRule<T>[] {
  const answered = (status: string) => appTotal("SUM", "salesmania_errors", { connectionId, status });
  return [
    everyFiveMinutes({
      key: `salesmania_429_${connectionId}`,
      metric: answered("429"),
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.salesmania429,
      treatMissingData: "notBreaching",
      summary: `SalesMania answered 429 (rate limited) ${thresholds.salesmania429} or more times to connection ${connectionId}`,
      action:
        "The connection's rateLimitPerSecond is above the account's real limit, or another client shares it: lower it and deploy.",
      runbook: "salesmania_429",
    }),
    everyFiveMinutes({
      key: `salesmania_401_${connectionId}`,
      metric: answered("401"),
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: thresholds.salesmania401,
      treatMissingData: "notBreaching",
      summary: `SalesMania refused the credentials of connection ${connectionId} even after a fresh login`,
      action: `Check the connection (pnpm smx connection check ${connectionId}) and correct its secret; waiting events then flow.`,
      runbook: "salesmania_401",
    }),
  ];
}

/** No event for `hours`: hourly sums of the hook's exact metric, missing hours counting as silent. */
function silenceRule<T>(hookId: string, hours: number): AlarmRule<T> {
  return {
    key: `hook_silent_${hookId}`,
    metric: {
      kind: "plain",
      namespace: METRICS_NAMESPACE,
      name: "events_received",
      dimensions: { service: SERVICE_NAME, hookId },
      statistic: "Sum",
    },
    period: HOUR,
    evaluationPeriods: hours,
    datapointsToAlarm: hours,
    comparison: "LessThanThreshold",
    threshold: 1,
    treatMissingData: "breaching",
    summary: `hook ${hookId} has received no event for ${hours} hours`,
    action:
      "Check the sender: a paused zap or scenario, a form webhook switched off after failures, or a changed URL (pnpm smx hooks list).",
    runbook: "hook_silent",
  };
}
