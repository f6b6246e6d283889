// core's Metrics as CloudWatch Embedded Metric Format: counts add up in memory during an invocation, measured
// values are each kept, and `flush()` prints one EMF JSON line per dimension set (more when a metric has over
// 100 values), which CloudWatch turns into metrics without any API call. Call `flush()` at the end of every invocation (a Lambda may freeze right after it returns).
import { type Clock, type MeasureUnit, type Metrics, systemClock } from "@smx/core";

export interface MetricsOptions {
  /** Default "SalesmaniaHooks". */
  namespace?: string;
  /** Added as the `service` dimension; default POWERTOOLS_SERVICE_NAME, else "smx". */
  serviceName?: string;
  /**
   * Where EMF lines go; default stdout (what Lambda ships to CloudWatch Logs), or nowhere when
   * POWERTOOLS_METRICS_DISABLED is "true" (Powertools' own switch; the test suite sets it).
   */
  write?: (line: string) => void;
  clock?: Clock;
}

export interface FlushingMetrics extends Metrics {
  /** Emits everything counted since the last flush, then starts over. */
  flush(): void;
}

/** EMF takes at most 100 values of one metric per line; more are written on further lines. */
const MAX_VALUES_PER_LINE = 100;

interface MetricGroup {
  dimensions: Record<string, string>;
  counts: Map<string, number>;
  /** Measured values by metric name, each kept (a latency's percentiles need every one). */
  measures: Map<string, { unit: MeasureUnit; values: number[] }>;
}

export function createMetrics(options: MetricsOptions = {}): FlushingMetrics {
  const namespace = options.namespace ?? "SalesmaniaHooks";
  const service = options.serviceName ?? process.env.POWERTOOLS_SERVICE_NAME ?? "smx";
  const write = options.write ?? (process.env.POWERTOOLS_METRICS_DISABLED === "true" ? () => {} : writeLine);
  const clock = options.clock ?? systemClock;
  /** Per dimension set (its canonical JSON), what was counted and measured. */
  let pending = new Map<string, MetricGroup>();

  const groupOf = (dimensions: Record<string, string>): MetricGroup => {
    const all = { service, ...dimensions };
    const key = JSON.stringify(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
    let group = pending.get(key);
    if (!group) {
      group = { dimensions: all, counts: new Map(), measures: new Map() };
      pending.set(key, group);
    }
    return group;
  };

  return {
    count(name, value = 1, dimensions = {}) {
      const { counts } = groupOf(dimensions);
      counts.set(name, (counts.get(name) ?? 0) + value);
    },

    measure(name, value, unit, dimensions = {}) {
      const { measures } = groupOf(dimensions);
      const measured = measures.get(name);
      if (measured) measured.values.push(value);
      else measures.set(name, { unit, values: [value] });
    },

    flush() {
      const groups = pending;
      pending = new Map();
      const timestamp = clock.now();
      for (const { dimensions, counts, measures } of groups.values()) {
        const lines = Math.max(
          counts.size > 0 ? 1 : 0,
          ...[...measures.values()].map(({ values }) => Math.ceil(values.length / MAX_VALUES_PER_LINE)),
        );
        for (let line = 0; line < lines; line++) {
          // Counts go on the first line; measured values fill as many lines as they need.
          const metrics: { Name: string; Unit: string }[] = [];
          const values: Record<string, number | number[]> = {};
          if (line === 0)
            for (const [name, count] of counts) {
              metrics.push({ Name: name, Unit: "Count" });
              values[name] = count;
            }
          for (const [name, measured] of measures) {
            const chunk = measured.values.slice(line * MAX_VALUES_PER_LINE, (line + 1) * MAX_VALUES_PER_LINE);
            if (chunk.length === 0) continue;
            metrics.push({ Name: name, Unit: measured.unit });
            values[name] = chunk.length === 1 ? chunk[0]! : chunk;
          }
          write(
            JSON.stringify({
              _aws: {
                Timestamp: timestamp,
                CloudWatchMetrics: [
                  { Namespace: namespace, Dimensions: [Object.keys(dimensions)], Metrics: metrics },
                ],
              },
              ...dimensions,
              ...values,
            }),
          );
        }
      }
    },
  };
}

function writeLine(line: string): void {
  process.stdout.write(`${line}\n`);
}
