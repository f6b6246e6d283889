// Acceptance tests of the event pipeline's decisions (memory stores, the sandbox over HTTP): a reused key is
// a conflict, a cancellation is ignored, an order that has not arrived yet is waited for, unusable input is
// kept once, and every line and count names its event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventIdFor } from "../src/index.ts";
import { CONNECTION, createPipelineHarness, HOOK, type PipelineHarness } from "../src/testing/index.ts";

let h: PipelineHarness;
beforeAll(async () => {
  h = await createPipelineHarness();
});
afterAll(() => h.close());

describe("EventPipeline.process", () => {
  it("reports a reused dedup key with another payload as a conflict, without calling SalesMania", async () => {
    await h.pipeline.process(
      h.input({ kind: "CreateVisit", customer: { id: 100005 }, date: "2026-12-03" }, "k-9"),
    );
    const journal = h.sandbox.journal().length;
    const other = await h.pipeline.process(
      h.input({ kind: "CreateVisit", customer: { id: 100005 }, date: "2026-12-04" }, "k-9"),
    );
    expect(other.kind).toBe("conflict");
    expect(h.sandbox.journal()).toHaveLength(journal);
  });
  it("records a cancellation as ignored with a note, making no SalesMania call", async () => {
    const journal = h.sandbox.journal().length;
    const result = await h.pipeline.process(
      h.input({ kind: "CancelVisit", customer: { id: 100001 }, date: "2026-12-01", reason: "rescheduled" }),
    );
    expect(result.kind).toBe("ignored");
    expect(result.record.result?.note).toMatch(/no visit delete.*100001 on 2026-12-01.*rescheduled/);
    expect(h.sandbox.journal()).toHaveLength(journal);
  });
  it("waits for an order that has not arrived yet: order_not_found is retried, then delivered by the redrive", async () => {
    const update = await h.pipeline.process(
      h.input({ kind: "UpdateOrder", order: { extOrderNo: "SO-7" }, status: "Lunas", totalPaid: 9000 }),
    );
    expect(update).toMatchObject({ kind: "retry", record: { lastError: { code: "order_not_found" } } });

    const created = await h.pipeline.process(
      h.input({
        kind: "CreateOrder",
        customer: { id: 100001 },
        date: "2026-12-01",
        extOrderNo: "SO-7",
        lines: [{ product: { id: 200001 }, qty: 2 }],
      }),
    );
    expect(created.kind).toBe("delivered");
    const orderId = created.record.result?.ids.orderId;

    h.clock.advance(2 * 3_600_000);
    expect(await h.pipeline.redrive()).toMatchObject({ examined: 1, delivered: 1, retried: 0 });
    const order = h.sandbox.state().orders.find((o) => o.id === orderId);
    expect(order).toMatchObject({ status: "Lunas", total_paid: 9000, ext_order_no: "SO-7" });
  });

  it("stores unusable input as rejected once, keyed by the dedup key or else by the body's hash", async () => {
    const body = new TextEncoder().encode('{"when":"tomorrow"}');
    const common = {
      hookId: HOOK,
      connectionId: CONNECTION,
      source: "generic",
      nativeIds: { submissionId: "s-1" },
      rawBody: body,
      error: { code: "invalid_field", message: "date: expected YYYY-MM-DD", field: "date" },
      response: { status: 422, body: { error: { code: "invalid_field", message: "date" } } },
    };
    const keyed = await h.pipeline.reject({ ...common, dedupKey: "sub-1" });
    expect(keyed).toMatchObject({
      eventId: eventIdFor(HOOK, "sub-1"),
      status: "rejected",
      dedupKey: "sub-1",
    });
    const first = await h.pipeline.reject(common);
    expect(first).toMatchObject({
      dedupKeySource: "body-hash",
      dedupKey: expect.stringMatching(/^raw:[0-9a-f]{64}$/),
    });
    // The sender resends the same bytes later: no time in the key, so the same record answers.
    h.clock.advance(60_000);
    const second = await h.pipeline.reject({ ...common, error: { code: "other", message: "later" } });
    expect(second).toEqual(first);
    expect(await h.ledger.get(first.eventId)).toMatchObject({ status: "rejected", lastError: common.error });
  });

  it("keeps when the source says the event happened, in UTC, and drops a value that is no time", async () => {
    const cancel = { kind: "CancelVisit", customer: { id: 100001 }, date: "2026-12-01" } as const;
    const said = (input: ReturnType<typeof h.input>, occurredAt: string) => ({
      ...input,
      event: { ...input.event, occurredAt },
    });
    const happened = await h.pipeline.process(said(h.input(cancel), "2026-11-28T10:20:11.000000+07:00"));
    expect(happened.record.occurredAt).toBe("2026-11-28T03:20:11.000Z");
    expect((await h.ledger.get(happened.record.eventId))?.occurredAt).toBe("2026-11-28T03:20:11.000Z");
    const unsure = await h.pipeline.process(said(h.input(cancel), "last tuesday"));
    expect(unsure.record).not.toHaveProperty("occurredAt");
  });

  it("logs every line with the event id, hook id and dedup key, and counts outcomes", async () => {
    const eventLines = h.logger.lines.filter((l) => l.message !== "redrive finished");
    // Lines of every path taken above: delivered, conflict, retried, rejected, a repeat of a rejection.
    expect(eventLines.map((line) => line.message)).toEqual(
      expect.arrayContaining([
        "event delivered",
        "dedup key reused with a different payload",
        "event will be retried",
        "event rejected",
        "unusable request seen before; answered as the first time",
      ]),
    );
    for (const line of eventLines) {
      expect(line.fields).toEqual(
        expect.objectContaining({ eventId: expect.stringMatching(/^evt_/), hookId: HOOK }),
      );
      expect(line.fields.dedupKey).toEqual(expect.any(String));
    }
    expect(h.metrics.counts).toMatchObject({
      events_received: expect.any(Number),
      events_delivered: expect.any(Number),
      events_retried: 1,
      events_duplicate: expect.any(Number),
      events_rejected: 2,
    });
    expect(h.metrics.counts.events_duplicate).toBeGreaterThanOrEqual(1);
  });
});
