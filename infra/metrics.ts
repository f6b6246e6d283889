// The metrics the alarms and the dashboard read: where they live and the dimensions each is written with. The
// application writes them as CloudWatch embedded metric format (packages/aws/src/observability); which of them
// it writes today, and when, is the table "Metrics the alarms read" in docs/operations.md (a test keeps the two
// in step). Plain Node.

/** The EMF namespace the functions write to (POWERTOOLS_METRICS_NAMESPACE). */
export const METRICS_NAMESPACE = "SalesmaniaHooks";
/** Logger and metrics service name: the `service` dimension of every metric. */
export const SERVICE_NAME = "salesmania-hooks";

export type MetricUnit = "Count" | "Milliseconds" | "Seconds";

export interface AppMetric {
  unit: MetricUnit;
  /** The exact dimension set, `service` first (the EMF writer adds it to every metric). */
  dimensions: readonly string[];
}

const perHook = ["service", "hookId"] as const;

export const APP_METRICS = {
  events_received: { unit: "Count", dimensions: perHook },
  events_delivered: { unit: "Count", dimensions: perHook },
  events_retried: { unit: "Count", dimensions: perHook },
  events_dead: { unit: "Count", dimensions: perHook },
  events_unknown_outcome: { unit: "Count", dimensions: perHook },
  events_rejected: { unit: "Count", dimensions: perHook },
  events_duplicate: { unit: "Count", dimensions: perHook },
  events_skipped: { unit: "Count", dimensions: ["service", "hookId", "source"] },
  auth_failures: { unit: "Count", dimensions: ["service", "hookId", "source"] },
  delivery_latency: { unit: "Milliseconds", dimensions: perHook },
  salesmania_errors: { unit: "Count", dimensions: ["service", "connectionId", "status"] },
  retry_backlog: { unit: "Count", dimensions: ["service"] },
  oldest_due_retry_age: { unit: "Seconds", dimensions: ["service"] },
} as const satisfies Record<string, AppMetric>;

export type AppMetricName = keyof typeof APP_METRICS;

/** The event outcomes the dashboard charts, one metric each. */
export const EVENT_STATUS_METRICS = [
  "events_received",
  "events_delivered",
  "events_retried",
  "events_dead",
  "events_unknown_outcome",
  "events_rejected",
  "events_duplicate",
  "events_skipped",
] as const satisfies readonly AppMetricName[];

/**
 * A Metrics Insights query over every dimension set of a metric, optionally filtered by dimension values.
 * Dimension names are double-quoted: Metrics Insights reserves hundreds of SQL words (CONNECTION among them).
 */
export function insightsQuery(
  aggregate: "SUM" | "MAX",
  metric: AppMetricName,
  where: Record<string, string> = {},
  groupBy: readonly string[] = [],
): string {
  // Values come from validated ids (deploy-config.ts refuses quotes), so single quotes cannot break out.
  const filters = Object.entries(where).map(([dimension, value]) => `"${dimension}" = '${value}'`);
  return [
    `SELECT ${aggregate}(${metric}) FROM ${METRICS_NAMESPACE}`,
    ...(filters.length > 0 ? [`WHERE ${filters.join(" AND ")}`] : []),
    ...(groupBy.length > 0 ? [`GROUP BY ${groupBy.map((dimension) => `"${dimension}"`).join(", ")}`] : []),
  ].join(" ");
}
