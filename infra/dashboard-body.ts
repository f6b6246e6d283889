// The CloudWatch dashboard of a stage, as the JSON body CloudWatch takes: what happened to events (by status
// and by hook), how long delivery takes, what SalesMania answered, how the scheduled jobs run and how old the
// retry backlog is, the API's answers and the state of every alarm. `T` is whatever names a deployed resource
// (a Pulumi output at deploy time, a string in tests). Plain Node.
import {
  APP_METRICS,
  type AppMetricName,
  EVENT_STATUS_METRICS,
  insightsQuery,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from "./metrics.ts";

export interface DashboardTargets<T> {
  region: T;
  webhooksFunctionName: T;
  jobs: readonly { job: string; functionName: T }[];
  apiId: T;
  hookIds: readonly string[];
  alarmArns: readonly T[];
  runbookUrl: string;
}

type Stat = "Sum" | "Maximum" | "p50" | "p95";
type MetricLine<T> =
  | [{ expression: string; label: string; id: string }]
  | (T | string | { stat: Stat; label: string })[];

interface Widget<T> {
  type: "metric" | "alarm" | "text";
  width: number;
  height: number;
  properties: Record<string, unknown> & { title?: string; metrics?: MetricLine<T>[] };
}

const PERIOD = 300;

function insights<T>(id: string, label: string, expression: string): MetricLine<T> {
  return [{ expression, label, id }];
}

function chart<T>(region: T, title: string, metrics: MetricLine<T>[], stat: Stat = "Sum"): Widget<T> {
  return {
    type: "metric",
    width: 12,
    height: 6,
    properties: { title, region, view: "timeSeries", stacked: false, period: PERIOD, stat, metrics },
  };
}

/** One Metrics Insights line per group (hook, status…) of an app metric. */
function grouped<T>(
  region: T,
  title: string,
  metric: AppMetricName,
  groupBy: string[],
  aggregate: "SUM" | "MAX" = "SUM",
) {
  return chart(region, title, [insights<T>("q", metric, insightsQuery(aggregate, metric, {}, groupBy))]);
}

export function dashboardBody<T>(targets: DashboardTargets<T>): { widgets: Widget<T>[] } {
  const { region } = targets;
  const lambda = (name: string, functionName: T, stat: Stat, label: string): MetricLine<T> => [
    "AWS/Lambda",
    name,
    "FunctionName",
    functionName,
    { stat, label },
  ];
  const latency = (stat: Stat) =>
    targets.hookIds.map(
      (hookId): MetricLine<T> => [
        METRICS_NAMESPACE,
        "delivery_latency",
        ...APP_METRICS.delivery_latency.dimensions.flatMap((dimension) => [
          dimension,
          dimension === "service" ? SERVICE_NAME : hookId,
        ]),
        { stat, label: `${hookId} ${stat}` },
      ],
    );
  const api = (name: string): MetricLine<T> => [
    "AWS/ApiGateway",
    name,
    "ApiId",
    targets.apiId,
    { stat: "Sum", label: name },
  ];
  const widgets: Widget<T>[] = [
    {
      type: "text",
      width: 24,
      height: 2,
      properties: {
        markdown: `## salesmania-hooks\nWhat each alarm means and what to do: [runbook](${targets.runbookUrl}#alarms). Metrics the app writes: [list](${targets.runbookUrl}#metrics-the-alarms-read).`,
      },
    },
    { type: "alarm", width: 24, height: 4, properties: { title: "Alarms", alarms: targets.alarmArns } },
    chart(
      region,
      "Events by status",
      EVENT_STATUS_METRICS.map((metric, index) =>
        insights<T>(`s${index}`, metric, insightsQuery("SUM", metric)),
      ),
    ),
    grouped(region, "Events received by hook", "events_received", ["hookId"]),
    grouped(region, "Events delivered by hook", "events_delivered", ["hookId"]),
    grouped(region, "Events dead by hook", "events_dead", ["hookId"]),
    chart(region, "Delivery latency p50 / p95 (ms), receipt to outcome", [
      ...latency("p50"),
      ...latency("p95"),
    ]),
    grouped(region, "SalesMania errors by status and connection", "salesmania_errors", [
      "status",
      "connectionId",
    ]),
    chart(
      region,
      "Scheduled job runs",
      targets.jobs.flatMap(({ job, functionName }) => [
        lambda("Invocations", functionName, "Sum", `${job} runs`),
        lambda("Errors", functionName, "Sum", `${job} errors`),
      ]),
    ),
    chart(
      region,
      "Scheduled job duration (ms, max)",
      targets.jobs.map(({ job, functionName }) => lambda("Duration", functionName, "Maximum", job)),
      "Maximum",
    ),
    chart(
      region,
      "Retry backlog: due retries and the oldest one's age (s)",
      [
        insights<T>("b", "retry_backlog", insightsQuery("MAX", "retry_backlog")),
        insights<T>("a", "oldest_due_retry_age", insightsQuery("MAX", "oldest_due_retry_age")),
      ],
      "Maximum",
    ),
    chart(region, "API requests and errors", [api("Count"), api("4xx"), api("5xx")]),
    grouped(region, "Authentication failures by hook", "auth_failures", ["hookId"]),
    chart(region, "Webhooks function", [
      lambda("Errors", targets.webhooksFunctionName, "Sum", "errors"),
      lambda("Throttles", targets.webhooksFunctionName, "Sum", "throttles"),
    ]),
  ];
  return { widgets: place(widgets) };
}

/** Left to right, top to bottom on CloudWatch's 24-column grid. */
function place<T>(widgets: Widget<T>[]): (Widget<T> & { x: number; y: number })[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return widgets.map((widget) => {
    if (x + widget.width > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed = { ...widget, x, y };
    x += widget.width;
    rowHeight = Math.max(rowHeight, widget.height);
    return placed;
  });
}
