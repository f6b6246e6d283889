// The paths measured side by side. Each runs one contender's container through one path and returns its
// CPU per event with the requests it cost: DynamoDB counted in the container, SalesMania in the sandbox's
// journal (contenders take turns, so the journal holds one contender's calls at a time).
import type { StartedSandbox } from "@smx/sandbox";
import type { Container } from "./container-process.ts";
import type { EventSource, VisitEvent } from "./events.ts";
import type { BatchResult } from "./protocol.ts";

export interface ScenarioSizes {
  sequential: number;
  concurrent: number;
  concurrency: number;
  /** Events sent as COPIES copies at once, one event after the other. */
  copyGroups: number;
  /** Events per fault kind; the first attempts and the retries run `faultConcurrency` at a time. */
  faults: number;
  faultConcurrency: number;
}

/** How many copies of one event arrive at once on the concurrent-copies path. */
export const COPIES = 20;

export interface Measurement {
  /** CPU of the handler calls, µs (user + system, all threads of the container). */
  cpuUs: number;
  /** What "per event" divides by: deliveries, except on fault paths (an event and its retry count once). */
  events: number;
  invocations: number;
  dynamo: Record<string, number>;
  salesmania: number;
  /** Answers by status, per pass (a fault path has two: the delivery that met the fault, the retry). */
  statuses: Record<string, number>[];
  /** Fault paths: events that made more than one visit (extra visits), and events that made none. */
  duplicates?: number;
  lost?: number;
}

export interface ScenarioContext {
  sandbox: StartedSandbox;
  source: EventSource;
  sizes: ScenarioSizes;
  /** Per contender, the last sequential batch (a redelivery sends those events again). */
  delivered: Map<string, VisitEvent[]>;
}

export interface Scenario {
  name: string;
  /** "event" is one delivery of an event; for copies, one copy. */
  run(container: Container, context: ScenarioContext): Promise<Measurement>;
}

function merge(results: BatchResult[], events: number | undefined, salesmania: number): Measurement {
  const dynamo: Record<string, number> = {};
  for (const result of results)
    for (const [operation, n] of Object.entries(result.dynamo))
      dynamo[operation] = (dynamo[operation] ?? 0) + n;
  const cpuUs = results.reduce((sum, r) => sum + r.cpuUs, 0);
  const invocations = results.reduce((sum, r) => sum + r.invocations, 0);
  return {
    cpuUs,
    events: events ?? invocations,
    invocations,
    dynamo,
    salesmania,
    statuses: results.map((r) => r.statuses),
  };
}

/**
 * Back to the seed's data (customers keep their ids) with an empty journal. The sandbox sorts every visit
 * on each visit create, so thousands of old visits would slow it down for whoever runs next; each event's
 * visits are counted within its own path, so nothing older is needed.
 */
export function freshSandbox(sandbox: StartedSandbox): void {
  sandbox.sandbox.reset();
  sandbox.sandbox.clearJournal();
}

/** Runs `passes` against a fresh sandbox and merges what they cost. */
async function measure(
  context: ScenarioContext,
  events: number | undefined,
  passes: () => Promise<BatchResult[]>,
): Promise<Measurement> {
  freshSandbox(context.sandbox);
  const results = await passes();
  return merge(results, events, context.sandbox.sandbox.journal().length);
}

const newEvents = (
  name: string,
  size: (s: ScenarioSizes) => number,
  concurrency: (s: ScenarioSizes) => number,
) => ({
  name,
  run: (container: Container, context: ScenarioContext) => {
    const events = context.source.take(size(context.sizes));
    if (concurrency(context.sizes) === 1) context.delivered.set(container.name, events);
    return measure(context, undefined, async () => [
      await container.batch(events, { concurrency: concurrency(context.sizes) }),
    ]);
  },
});

/** Commit-then-fail: SalesMania writes the visit, then answers 500, resets, or hangs past the timeout. */
const commitThenFail = (after: "status" | "reset" | "hang", label: string): Scenario => ({
  name: `commit-then-${label}, one sender retry`,
  run: async (container, context) => {
    const { sandbox } = context.sandbox;
    const { faults: count, faultConcurrency: concurrency } = context.sizes;
    const events = context.source.take(count);
    sandbox.faults.add({ route: "POST /extapi/v1.1/visits", kind: "commit-then-fail", after, times: count });
    const measured = await measure(context, count, async () => {
      const first = await container.batch(events, { concurrency });
      sandbox.faults.clear();
      // The sender retries once whatever our first answer was (it may have lost it too).
      return [first, await container.batch(events, { concurrency })];
    });
    const dates = new Set(events.map((e) => e.date));
    const perDate = new Map<string, number>();
    for (const visit of sandbox.state().visits)
      if (dates.has(visit.date)) perDate.set(visit.date, (perDate.get(visit.date) ?? 0) + 1);
    const made = events.map((e) => perDate.get(e.date) ?? 0);
    return {
      ...measured,
      duplicates: made.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      lost: made.filter((n) => n === 0).length,
    };
  },
});

/** The happy paths the floor also runs. */
export const HAPPY_PATHS: Scenario[] = [
  newEvents(
    "sequential",
    (s) => s.sequential,
    () => 1,
  ),
  newEvents(
    "concurrency 50",
    (s) => s.concurrent,
    (s) => s.concurrency,
  ),
];

export const DUPLICATE_AND_FAULT_PATHS: Scenario[] = [
  {
    name: "redelivery (same event again)",
    run: (container, context) => {
      const events = context.delivered.get(container.name) ?? [];
      return measure(context, undefined, async () => [await container.batch(events)]);
    },
  },
  {
    name: `concurrent copies (${COPIES} at once)`,
    run: (container, context) => {
      const events = context.source.take(context.sizes.copyGroups);
      return measure(context, undefined, async () => [await container.batch(events, { copies: COPIES })]);
    },
  },
  commitThenFail("status", "500"),
  commitThenFail("reset", "reset"),
  commitThenFail("hang", "hang"),
];
