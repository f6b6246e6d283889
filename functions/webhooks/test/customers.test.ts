// The public HTML-form case from the field, through the Lambda handler: simultaneous posts for one new shop
// (its phone written several ways, several dates) on a match-or-create hook make one customer and a visit
// per post. Anyone can send these (the form's token is in the page), so the customer must be made once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORM_TYPE, SECRETS } from "./support/cases.ts";
import { type Stack, startStack } from "./support/stack.ts";

const HOOK = {
  id: "shop-signup",
  source: "html-form",
  connection: "demo",
  action: "CreateVisit",
  auth: { scheme: "url-token", secrets: ["html-form-token"] },
  customerPolicy: "match-or-create",
  mapping: {
    "customer.phone": { from: "telepon", transform: "phone" },
    "customer.name": "nama_toko",
    "customer.address": "alamat",
    date: "tanggal",
  },
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ hooks: [HOOK], secrets: SECRETS });
});
afterAll(async () => {
  await stack?.close();
});

describe("simultaneous form posts for one new shop", () => {
  it("make one customer (one POST /customers) and every visit", async () => {
    const phones = ["0813-5555-0101", "+62 813 5555 0101", "6281355550101", "081355550101"];
    const dates = Array.from({ length: 8 }, (_, i) => `2027-04-${String(i + 10)}`);
    const answers = await Promise.all(
      dates.map((tanggal, i) =>
        stack.invoke({
          method: "POST",
          url: `/hooks/shop-signup?token=${SECRETS["html-form-token"]}`,
          headers: { ...FORM_TYPE, accept: "application/json" },
          body: new URLSearchParams({
            telepon: phones[i % phones.length]!,
            nama_toko: "Warung Baru Serempak",
            alamat: "Jl. Pasar 8",
            tanggal,
          }).toString(),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(dates.map(() => 201));
    const state = stack.started.sandbox.state();
    const customers = state.customers.filter((c) => c.name === "Warung Baru Serempak");
    expect(customers).toHaveLength(1);
    expect(
      stack.started.sandbox
        .journal()
        .filter((e) => e.method === "POST" && e.path === "/extapi/v1.0/customers"),
    ).toHaveLength(1);
    const visits = state.visits.filter((v) => v.customer_id === customers[0]!.id);
    expect(visits.map((v) => v.date).sort()).toEqual(dates);
  });
});
