// The alarms and the dashboard a stage gets: every alarm's metric, threshold (default and from the deploy
// settings), its notification and its description, and what the dashboard shows.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Created, deploy, every, only, REGION, ROOT, topicArn } from "./support/sst-fakes.ts";

const TOPIC = topicArn("salesmania-hooks-prod-alarms");

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

function alarmsByKey(created: Created[], stage = "prod"): Record<string, Record<string, unknown>> {
  const prefix = `salesmania-hooks-${stage}-`;
  return Object.fromEntries(
    every(created, "aws.cloudwatch.MetricAlarm").map((alarm) => {
      const name = String(alarm.args.name);
      expect(name.startsWith(prefix), name).toBe(true);
      return [name.slice(prefix.length), alarm.args];
    }),
  );
}

const insights = (expression: string) => [expect.objectContaining({ expression, returnData: true })];

/** GitHub's anchor for a Markdown heading. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

const RUNBOOK_ANCHORS = new Set(
  readFileSync(join(ROOT, "docs/operations.md"), "utf8")
    .split("\n")
    .filter((line) => line.startsWith("#"))
    .map((line) => anchor(line.replace(/^#+\s*/, ""))),
);

describe("alarms", () => {
  it("covers every failure an operator must hear about, into one SNS topic mailing SMX_ALARM_EMAIL", async () => {
    const { created, outputs } = await deploy("prod", { env: { SMX_ALARM_EMAIL: "ops@example.com" } });
    expect(only(created, "aws.sns.Topic").args).toEqual({ name: "salesmania-hooks-prod-alarms" });
    expect(only(created, "aws.sns.TopicSubscription").args).toEqual({
      topic: TOPIC,
      protocol: "email",
      endpoint: "ops@example.com",
    });
    expect(outputs.alarmTopicArn).toBe(TOPIC);
    const alarms = alarmsByKey(created);
    expect(Object.keys(alarms)).toEqual([
      "events_dead",
      "events_unknown_outcome",
      "redrive_errors",
      "redrive_slow",
      "redrive_not_running",
      "retry_backlog",
      "oldest_due_retry_age",
      "api_5xx",
      "auth_failures",
      "salesmania_429_demo",
      "salesmania_401_demo",
      "salesmania_429_erp",
      "salesmania_401_erp",
    ]);
    for (const [key, alarm] of Object.entries(alarms)) {
      expect(alarm, key).toMatchObject({ alarmActions: [TOPIC], okActions: [TOPIC] });
      const description = String(alarm.alarmDescription);
      expect(description.length, key).toBeLessThanOrEqual(1024);
      expect(description, key).toMatch(/^salesmania-hooks prod: .+\. .+ Runbook: docs\/operations\.md#\w+$/);
      const runbook = description.slice(description.lastIndexOf("#") + 1);
      expect(RUNBOOK_ANCHORS.has(runbook), `docs/operations.md has a section #${runbook} (${key})`).toBe(
        true,
      );
    }
  });

  it("watches each metric with its default threshold", async () => {
    const alarms = alarmsByKey((await deploy("prod")).created);
    const redrive = {
      namespace: "AWS/Lambda",
      dimensions: { FunctionName: "fn-RedriveHandler" },
      period: 300,
    };
    expect(alarms.events_dead).toMatchObject({
      metricQueries: insights("SELECT SUM(events_dead) FROM SalesmaniaHooks"),
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      treatMissingData: "notBreaching",
    });
    expect(alarms.events_unknown_outcome).toMatchObject({
      metricQueries: insights("SELECT SUM(events_unknown_outcome) FROM SalesmaniaHooks"),
      threshold: 0,
    });
    expect(alarms.redrive_errors).toMatchObject({
      ...redrive,
      metricName: "Errors",
      statistic: "Sum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 2,
    });
    // 80% of the 5-minute timeout; a timed-out run also counts in Errors.
    expect(alarms.redrive_slow).toMatchObject({ ...redrive, metricName: "Duration", statistic: "Maximum" });
    expect(alarms.redrive_slow!.threshold).toBe(240_000);
    expect(alarms.redrive_not_running).toMatchObject({
      ...redrive,
      metricName: "Invocations",
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: "breaching",
    });
    expect(alarms.retry_backlog).toMatchObject({
      metricQueries: insights("SELECT MAX(retry_backlog) FROM SalesmaniaHooks"),
      threshold: 100,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    });
    expect(alarms.oldest_due_retry_age).toMatchObject({
      metricQueries: insights("SELECT MAX(oldest_due_retry_age) FROM SalesmaniaHooks"),
      threshold: 900,
    });
    expect(alarms.api_5xx).toMatchObject({
      namespace: "AWS/ApiGateway",
      metricName: "5xx",
      dimensions: { ApiId: "api-Api" },
      statistic: "Sum",
      threshold: 10,
    });
    expect(alarms.auth_failures).toMatchObject({
      metricQueries: insights("SELECT SUM(auth_failures) FROM SalesmaniaHooks"),
      threshold: 20,
    });
    for (const connection of ["demo", "erp"]) {
      expect(alarms[`salesmania_429_${connection}`]).toMatchObject({
        metricQueries: insights(
          `SELECT SUM(salesmania_errors) FROM SalesmaniaHooks WHERE "connectionId" = '${connection}' AND "status" = '429'`,
        ),
        threshold: 5,
      });
      expect(alarms[`salesmania_401_${connection}`]).toMatchObject({
        metricQueries: insights(
          `SELECT SUM(salesmania_errors) FROM SalesmaniaHooks WHERE "connectionId" = '${connection}' AND "status" = '401'`,
        ),
        threshold: 1,
      });
    }
  });

  it("takes the stage's thresholds, silent-hook windows and runbook URL from the deploy settings", async () => {
    const runbookUrl = "https://git.example.com/ops/salesmania-hooks/blob/main/docs/operations.md";
    const settings = {
      runbookUrl,
      stages: {
        prod: {
          alarms: {
            jobErrors: 1,
            jobDurationPercent: 50,
            retryBacklog: 500,
            oldestDueRetryMinutes: 60,
            api5xx: 3,
            authFailures: 50,
            salesmania429: 10,
            salesmania401: 2,
            silentHooks: { "zapier-visits": 24, "typeform-visits": 72 },
          },
        },
      },
    };
    const { created } = await deploy("prod", { settings });
    const alarms = alarmsByKey(created);
    expect(
      Object.fromEntries(Object.entries(alarms).map(([key, alarm]) => [key, alarm.threshold])),
    ).toMatchObject({
      redrive_errors: 1,
      redrive_slow: 150_000,
      retry_backlog: 500,
      oldest_due_retry_age: 3600,
      api_5xx: 3,
      auth_failures: 50,
      salesmania_429_demo: 10,
      salesmania_401_erp: 2,
    });
    // No events_received for the hook's window: hourly sums of its exact metric, no data counting as none.
    expect(alarms["hook_silent_typeform-visits"]).toEqual(
      expect.objectContaining({
        namespace: "SalesmaniaHooks",
        metricName: "events_received",
        dimensions: { service: "salesmania-hooks", hookId: "typeform-visits" },
        statistic: "Sum",
        period: 3600,
        evaluationPeriods: 72,
        datapointsToAlarm: 72,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
      }),
    );
    expect(alarms["hook_silent_zapier-visits"]).toMatchObject({ evaluationPeriods: 24 });
    expect(alarms).not.toHaveProperty("hook_silent_make-orders");
    expect(String(alarms["hook_silent_zapier-visits"]!.alarmDescription)).toContain(
      `Runbook: ${runbookUrl}#hook_silent`,
    );
    // Another stage keeps the defaults.
    expect(alarmsByKey((await deploy("dev", { settings })).created, "dev").api_5xx).toMatchObject({
      threshold: 10,
    });
  });
});

interface Widget {
  type: string;
  properties: { title?: string; region?: string; metrics?: unknown[][]; alarms?: string[] };
}

describe("dashboard", () => {
  it("shows events by status and hook, latency, SalesMania errors, job runs, backlog age and the alarms", async () => {
    const { created, outputs } = await deploy("prod");
    const dashboard = only(created, "aws.cloudwatch.Dashboard");
    expect(dashboard.args.dashboardName).toBe("salesmania-hooks-prod");
    const { widgets } = JSON.parse(String(dashboard.args.dashboardBody)) as { widgets: Widget[] };
    const byTitle = Object.fromEntries(widgets.map((widget) => [widget.properties.title, widget.properties]));
    /** The Metrics Insights queries of a widget. */
    const queries = (title: string) =>
      (byTitle[title]?.metrics ?? []).flatMap((line: unknown[]) =>
        line.flatMap((item: unknown) =>
          typeof item === "object" && item !== null && "expression" in item ? [String(item.expression)] : [],
        ),
      );
    expect(queries("Events by status")).toContain("SELECT SUM(events_dead) FROM SalesmaniaHooks");
    expect(queries("Events received by hook")).toEqual([
      'SELECT SUM(events_received) FROM SalesmaniaHooks GROUP BY "hookId"',
    ]);
    const latency = byTitle["Delivery latency p50 / p95 (ms), receipt to outcome"]!.metrics!;
    expect(latency).toContainEqual([
      "SalesmaniaHooks",
      "delivery_latency",
      "service",
      "salesmania-hooks",
      "hookId",
      "typeform-visits",
      { stat: "p95", label: "typeform-visits p95" },
    ]);
    expect(latency).toHaveLength(6);
    expect(queries("SalesMania errors by status and connection")).toEqual([
      'SELECT SUM(salesmania_errors) FROM SalesmaniaHooks GROUP BY "status", "connectionId"',
    ]);
    expect(queries("Retry backlog: due retries and the oldest one's age (s)")).toContain(
      "SELECT MAX(oldest_due_retry_age) FROM SalesmaniaHooks",
    );
    // AWS's own metrics of the redrive function and the API, by their ids.
    for (const [title, line] of [
      [
        "Scheduled job runs",
        ["AWS/Lambda", "Invocations", "FunctionName", "fn-RedriveHandler", "Redrive runs"],
      ],
      ["API requests and errors", ["AWS/ApiGateway", "5xx", "ApiId", "api-Api", "5xx"]],
    ] as const) {
      const [namespace, metric, dimension, value, label] = line;
      expect(byTitle[title]!.metrics, title).toContainEqual([
        namespace,
        metric,
        dimension,
        value,
        { stat: "Sum", label },
      ]);
    }
    const alarmArns = every(created, "aws.cloudwatch.MetricAlarm").map(
      (alarm) => `arn:aws:cloudwatch:${REGION}:123456789012:alarm:${alarm.args.name}`,
    );
    expect(byTitle.Alarms!.alarms).toEqual(alarmArns);
    for (const widget of widgets.filter((candidate) => candidate.type === "metric"))
      expect(widget.properties.region, widget.properties.title).toBe(REGION);
    expect(outputs.dashboardUrl).toBe(
      `https://${REGION}.console.aws.amazon.com/cloudwatch/home?region=${REGION}#dashboards/dashboard/salesmania-hooks-prod`,
    );
  });
});
