import { describe, expect, it } from "vitest";
import { AuthenticationError, UnsupportedMediaTypeError } from "../src/errors.ts";
import { zapierSource } from "../src/sources/zapier.ts";
import { exampleContext, examplePayload, postToAdapter } from "./http-helpers.ts";
import { eventOf, hookContext } from "./signed-provider-helpers.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded", "x-api-key": "demo-zapier-key" };
const context = exampleContext("zapier-visits");

const expectedVisit = {
  kind: "CreateVisit",
  customer: {
    extCustNo: "C-00123",
    name: "Toko Sumber Rejeki",
    phone: "+6281234567890",
    address: "Jl. Melati No. 5, Bekasi",
    createIfMissing: true,
  },
  date: "2026-03-25",
  teamId: 24728,
};

describe("zapier", () => {
  it("turns the example form post into a visit, deduplicated by the business key", async () => {
    const event = eventOf(
      await postToAdapter(zapierSource, context, { body: examplePayload("zapier.txt"), headers: FORM }),
    );
    expect(event.command).toEqual(expectedVisit);
    expect(event.dedupKey).toBe("visit:ext:C-00123:2026-03-25:team:24728");
    expect(event.dedupKeySource).toBe("business-key");
  });

  it("prefers the Idempotency-Key header and keeps it as a native id", async () => {
    const event = eventOf(
      await postToAdapter(zapierSource, context, {
        body: examplePayload("zapier.txt"),
        headers: { ...FORM, "Idempotency-Key": "zap-run-7781" },
      }),
    );
    expect(event).toMatchObject({
      dedupKey: "zap-run-7781",
      dedupKeySource: "idempotency-key",
      nativeIds: { idempotencyKey: "zap-run-7781" },
    });
  });

  it("reads the same values from JSON, wrapped in an array or not", async () => {
    const values = Object.fromEntries(
      new URLSearchParams(Buffer.from(examplePayload("zapier.txt")).toString()),
    );
    for (const body of [JSON.stringify(values), JSON.stringify([values])]) {
      const event = eventOf(
        await postToAdapter(zapierSource, context, {
          body,
          headers: { "content-type": "application/json", "x-api-key": "demo-zapier-key" },
        }),
      );
      expect(event.command).toEqual(expectedVisit);
    }
  });

  it("zips comma-joined line items into order lines", async () => {
    const orders = hookContext(
      {
        id: "zapier-orders",
        source: "zapier",
        connection: "demo",
        action: "CreateOrder",
        auth: { scheme: "api-key", secrets: ["hooks/zapier-orders"] },
        mapping: { extOrderNo: "order_no", "customer.extCustNo": "cust_no", date: "date" },
        lines: { from: "items", mapping: { "product.sku": "sku", qty: "qty", price: "price" } },
      },
      ["demo-zapier-key"],
    );
    const body =
      "order_no=Z-1&cust_no=C-00123&date=2026-03-25&items__sku=KOPI-250%2CGULA-1KG&items__qty=2%2C10&items__price=45000%2C15500";
    const event = eventOf(await postToAdapter(zapierSource, orders, { body, headers: FORM }));
    expect(event.command).toEqual({
      kind: "CreateOrder",
      customer: { extCustNo: "C-00123", createIfMissing: false },
      date: "2026-03-25",
      extOrderNo: "Z-1",
      lines: [
        { product: { sku: "KOPI-250" }, qty: 2, price: 45000 },
        { product: { sku: "GULA-1KG" }, qty: 10, price: 15500 },
      ],
    });
    expect(event.dedupKey).toBe("order:Z-1");
  });

  it("refuses a wrong key naming the header, and multipart", async () => {
    await expect(
      postToAdapter(zapierSource, context, {
        body: examplePayload("zapier.txt"),
        headers: { ...FORM, "x-api-key": "nope" },
      }),
    ).rejects.toThrow(AuthenticationError);
    await expect(
      postToAdapter(zapierSource, context, {
        body: "--b\r\n\r\n--b--",
        headers: { "content-type": "multipart/form-data; boundary=b", "x-api-key": "demo-zapier-key" },
      }),
    ).rejects.toThrow(UnsupportedMediaTypeError);
  });
});
