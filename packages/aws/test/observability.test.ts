// The Powertools-backed logger (JSON lines on stdout/stderr) and the EMF metrics writer.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, createMetrics } from "../src/index.ts";

/** Captures what the logger writes; Powertools prints through a Console bound to process.stdout/stderr. */
function captureLines() {
  const lines: Record<string, unknown>[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      return true;
    });
  }
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("createLogger", () => {
  it("writes JSON lines with service, level, message and fields; children add persistent fields", () => {
    const lines = captureLines();
    const logger = createLogger({ serviceName: "smx-test", level: "INFO", fields: { stage: "ci" } });
    const child = logger.child({ eventId: "evt-1", hookId: "h-1" });
    const grandchild = child.child({ dedupKey: "dk-1" });

    logger.debug("not at INFO");
    logger.info("received", { bytes: 120 });
    grandchild.warn("retrying", { attempt: 2 });
    child.error("gave up", { error: new TypeError("boom") });
    vi.restoreAllMocks();

    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      level: "INFO",
      message: "received",
      service: "smx-test",
      stage: "ci",
      bytes: 120,
    });
    expect(lines[0]).not.toHaveProperty("eventId");
    expect(lines[1]).toMatchObject({
      level: "WARN",
      message: "retrying",
      stage: "ci",
      eventId: "evt-1",
      hookId: "h-1",
      dedupKey: "dk-1",
      attempt: 2,
    });
    expect(lines[2]).toMatchObject({
      level: "ERROR",
      eventId: "evt-1",
      error: { name: "TypeError", message: "boom" },
    });
    expect(lines[2]).not.toHaveProperty("dedupKey");
    expect(typeof lines[0]?.timestamp).toBe("string");
  });

  it("masks secret-named fields at any depth", () => {
    const lines = captureLines();
    const logger = createLogger({ level: "INFO" }).child({ apiKey: "k-123" });
    logger.info("connection", {
      connection: { username: "ops", password: "pw-123", nested: { bearerToken: "tok-123" } },
      headers: { authorization: "Basic abc", "x-api-key": "k-456", "content-type": "application/json" },
    });
    vi.restoreAllMocks();

    const text = JSON.stringify(lines);
    for (const secret of ["k-123", "pw-123", "tok-123", "Basic abc", "k-456"])
      expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      apiKey: "[redacted]",
      connection: { username: "ops", password: "[redacted]", nested: { bearerToken: "[redacted]" } },
      headers: { "content-type": "application/json" },
      service: "smx",
    });
  });
});

describe("createMetrics", () => {
  it("sums counts per dimension set and flushes them as EMF, once", () => {
    const lines: string[] = [];
    const metrics = createMetrics({
      write: (line) => lines.push(line),
      clock: { now: () => 1_767_000_000_000 },
    });
    metrics.count("events_received");
    metrics.count("events_received");
    metrics.count("events_delivered", 1);
    metrics.count("auth_failures", 3, { hookId: "h-1" });
    metrics.flush();
    metrics.flush();

    expect(lines).toHaveLength(2);
    const [plain, byHook] = lines.map((line) => JSON.parse(line));
    expect(plain).toEqual({
      _aws: {
        Timestamp: 1_767_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: "SalesmaniaHooks",
            Dimensions: [["service"]],
            Metrics: [
              { Name: "events_received", Unit: "Count" },
              { Name: "events_delivered", Unit: "Count" },
            ],
          },
        ],
      },
      service: "smx",
      events_received: 2,
      events_delivered: 1,
    });
    expect(byHook).toMatchObject({
      _aws: {
        CloudWatchMetrics: [{ Dimensions: [["service", "hookId"]], Metrics: [{ Name: "auth_failures" }] }],
      },
      hookId: "h-1",
      auth_failures: 3,
    });
  });

  it("starts over after a flush", () => {
    const lines: string[] = [];
    const metrics = createMetrics({ namespace: "Test", write: (line) => lines.push(line) });
    metrics.count("events_dead");
    metrics.flush();
    metrics.count("events_dead");
    metrics.flush();
    expect(lines.map((line) => JSON.parse(line).events_dead)).toEqual([1, 1]);
    expect(JSON.parse(lines[0]!)._aws.CloudWatchMetrics[0].Namespace).toBe("Test");
  });
});

describe("createMetrics: measured values", () => {
  it("keeps each value with its unit beside the counts of the same dimensions", () => {
    const lines: string[] = [];
    const metrics = createMetrics({ write: (line) => lines.push(line), clock: { now: () => 1 } });
    metrics.count("events_delivered", 1, { hookId: "h-1" });
    metrics.measure("delivery_latency", 120, "Milliseconds", { hookId: "h-1" });
    metrics.measure("delivery_latency", 80, "Milliseconds", { hookId: "h-1" });
    metrics.measure("oldest_due_retry_age", 0, "Seconds");
    metrics.flush();

    const [byHook, plain] = lines.map((line) => JSON.parse(line));
    expect(byHook._aws.CloudWatchMetrics[0].Metrics).toEqual([
      { Name: "events_delivered", Unit: "Count" },
      { Name: "delivery_latency", Unit: "Milliseconds" },
    ]);
    // Not summed: CloudWatch computes p50/p95 from the values.
    expect(byHook).toMatchObject({ hookId: "h-1", events_delivered: 1, delivery_latency: [120, 80] });
    expect(plain._aws.CloudWatchMetrics[0].Metrics).toEqual([
      { Name: "oldest_due_retry_age", Unit: "Seconds" },
    ]);
    expect(plain.oldest_due_retry_age).toBe(0);
  });

  it("writes more than 100 values of one metric on further lines, counts once", () => {
    const lines: string[] = [];
    const metrics = createMetrics({ write: (line) => lines.push(line) });
    metrics.count("events_delivered", 250);
    for (let ms = 0; ms < 250; ms++) metrics.measure("delivery_latency", ms, "Milliseconds");
    metrics.flush();

    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed.map((line) => line.delivery_latency.length)).toEqual([100, 100, 50]);
    expect(parsed.map((line) => line.events_delivered)).toEqual([250, undefined, undefined]);
    expect(parsed.flatMap((line) => line.delivery_latency)).toEqual(
      Array.from({ length: 250 }, (_, ms) => ms),
    );
  });
});
