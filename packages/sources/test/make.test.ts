import { describe, expect, it } from "vitest";
import { AuthenticationError, UnusableEventError } from "../src/errors.ts";
import { makeSource } from "../src/sources/make.ts";
import { exampleContext, examplePayload, postToAdapter } from "./http-helpers.ts";
import { eventOf } from "./signed-provider-helpers.ts";

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString("base64")}`;
const JSON_POST = { "content-type": "application/json", authorization: basic("make:demo-make-password") };
const context = exampleContext("make-orders");

describe("make", () => {
  it("turns the example order into a CreateOrder, deduplicated by extOrderNo", async () => {
    const event = eventOf(
      await postToAdapter(makeSource, context, { body: examplePayload("make.json"), headers: JSON_POST }),
    );
    expect(event.command).toEqual({
      kind: "CreateOrder",
      customer: { extCustNo: "C-001", phone: "+6281234567890", createIfMissing: false },
      date: "2026-03-25",
      description: "Kirim sebelum jam 12",
      status: "Lunas",
      extOrderNo: "WEB-1042",
      lines: [
        { product: { sku: "KBR-200" }, qty: 2, price: 45000, unit: "PCS", discPercent: "5" },
        { product: { sku: "MG-1000" }, qty: 10, price: 215000, unit: "DUS" },
      ],
    });
    expect(event).toMatchObject({ dedupKey: "order:WEB-1042", dedupKeySource: "business-key" });
  });

  it("accepts the same order as multipart with repeated line fields", async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({
      order_no: "WEB-1043",
      order_date: "2026-03-25",
      "customer.code": "C-9",
    }))
      form.append(k, v);
    for (const [sku, qty] of [
      ["KOPI-250", "1"],
      ["GULA-1KG", "3"],
    ]) {
      form.append("items__sku", sku!);
      form.append("items__qty", qty!);
      form.append("items__price", "1.000");
    }
    const request = new Request("http://localhost/", { method: "POST", body: form });
    const body = new Uint8Array(await request.arrayBuffer());
    const event = eventOf(
      await postToAdapter(makeSource, context, {
        body,
        headers: {
          "content-type": request.headers.get("content-type")!,
          authorization: JSON_POST.authorization,
        },
      }),
    );
    expect(event.command).toMatchObject({
      extOrderNo: "WEB-1043",
      customer: { extCustNo: "C-9" },
      lines: [
        { product: { sku: "KOPI-250" }, qty: 1, price: 1000, unit: "PCS" },
        { product: { sku: "GULA-1KG" }, qty: 3, price: 1000, unit: "PCS" },
      ],
    });
  });

  it("refuses an order it cannot deduplicate, saying how to fix it", async () => {
    const order = JSON.parse(Buffer.from(examplePayload("make.json")).toString());
    delete order.order_no;
    const error = await postToAdapter(makeSource, context, {
      body: JSON.stringify(order),
      headers: JSON_POST,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnusableEventError);
    expect((error as UnusableEventError).code).toBe("missing_dedup_key");
  });

  it("refuses wrong Basic credentials", async () => {
    await expect(
      postToAdapter(makeSource, context, {
        body: examplePayload("make.json"),
        headers: { ...JSON_POST, authorization: basic("make:guess") },
      }),
    ).rejects.toThrow(AuthenticationError);
  });
});
