// The side-by-side harness itself (not its numbers; nothing here measures time): the contenders' bundles,
// the containers and the event builder work against DynamoDB Local and the sandbox. One event makes one
// visit in every contender and costs the requests the bench reports; the same event again makes none.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { bundleAll } from "../src/bundles.ts";
import type { Container } from "../src/container-process.ts";
import { EventSource } from "../src/events.ts";
import { SideBySide } from "../src/runner.ts";
import { type BenchStack, startBenchStack } from "../src/stack.ts";

let outdir: string;
let stack: BenchStack;
let sideBySide: SideBySide;
const source = new EventSource(`test-${randomUUID().slice(0, 8)}`);
const containers: Container[] = [];

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "smx-side-by-side-test-"));
  const bundles = await bundleAll(outdir);
  stack = await startBenchStack({ dynamoEndpoint: inject("dynamoEndpoint"), salesmaniaTimeoutMs: 5000 });
  sideBySide = new SideBySide(stack, bundles, source);
});
afterAll(async () => {
  await Promise.all(containers.map((c) => c.stop()));
  await stack?.close();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const visitsOn = (date: string) => stack.sandbox.sandbox.state().visits.filter((v) => v.date === date).length;

describe("the side-by-side contenders", () => {
  it.each([
    ["ours", 200],
    ["baseline", 201],
    ["floor", 500],
  ] as const)(
    "%s: an event makes one visit, its redelivery none (answered %i)",
    async (name, redelivered) => {
      const first = source.take(1)[0]!;
      const container = await sideBySide.start(name, first);
      containers.push(container);
      expect(container.firstStatus).toBe(201);
      expect(visitsOn(first.date)).toBe(1);

      const [event] = source.take(1);
      stack.sandbox.sandbox.clearJournal();
      const delivered = await container.batch([event!]);
      expect(delivered.statuses).toEqual({ 201: 1 });
      // The claim's PutItem and the complete's UpdateItem; ours may add one more UpdateItem: its account-wide
      // rate limiter leasing a slot (the bench's limit is far above its rate, so a lease serves few events).
      const limiterLeases = name === "ours" ? [0, 1] : [0];
      expect(delivered.dynamo.PutItem).toBe(1);
      expect(limiterLeases).toContain((delivered.dynamo.UpdateItem ?? 0) - 1);
      expect(Object.keys(delivered.dynamo).sort()).toEqual(["PutItem", "UpdateItem"]);
      expect(stack.sandbox.sandbox.journal().map((e) => `${e.method} ${e.path}`)).toEqual([
        "POST /extapi/v1.1/visits",
      ]);
      expect(visitsOn(event!.date)).toBe(1);

      // The baseline answers a redelivery with the stored response; the floor has no duplicate handling, so
      // its failed conditional write ends the call before SalesMania.
      const again = await container.batch([event!, first]);
      expect(again.statuses).toEqual({ [redelivered]: 2 });
      expect(again.dynamo).toEqual({ PutItem: 2 });
      expect(visitsOn(event!.date)).toBe(1);
      expect(visitsOn(first.date)).toBe(1);
    },
  );
});
