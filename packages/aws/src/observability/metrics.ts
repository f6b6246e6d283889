// core's Metrics as CloudWatch Embedded Metric Format: counts add up in memory during an invocation and
// `flush()` prints one EMF JSON line per dimension set, which CloudWatch turns into metrics without any API
// call. Call `flush()` at the end of every invocation (a Lambda may freeze right after it returns).
import { type Clock, type Metrics, systemClock } from "@smx/core";

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

export function createMetrics(options: MetricsOptions = {}): FlushingMetrics {
  const namespace = options.namespace ?? "SalesmaniaHooks";
  const service = options.serviceName ?? process.env.POWERTOOLS_SERVICE_NAME ?? "smx";
  const write = options.write ?? (process.env.POWERTOOLS_METRICS_DISABLED === "true" ? () => {} : writeLine);
  const clock = options.clock ?? systemClock;
  /** Per dimension set (its canonical JSON), the summed counts by metric name. */
  let pending = new Map<string, { dimensions: Record<string, string>; counts: Map<string, number> }>();

  return {
    count(name, value = 1, dimensions = {}) {
      const all = { service, ...dimensions };
      const key = JSON.stringify(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
      let group = pending.get(key);
      if (!group) {
        group = { dimensions: all, counts: new Map() };
        pending.set(key, group);
      }
      group.counts.set(name, (group.counts.get(name) ?? 0) + value);
    },

    flush() {
      const groups = pending;
      pending = new Map();
      const timestamp = clock.now();
      for (const { dimensions, counts } of groups.values()) {
        write(
          JSON.stringify({
            _aws: {
              Timestamp: timestamp,
              CloudWatchMetrics: [
                {
                  Namespace: namespace,
                  Dimensions: [Object.keys(dimensions)],
                  Metrics: [...counts.keys()].map((Name) => ({ Name, Unit: "Count" })),
                },
              ],
            },
            ...dimensions,
            ...Object.fromEntries(counts),
          }),
        );
      }
    },
  };
}

function writeLine(line: string): void {
  process.stdout.write(`${line}\n`);
}
