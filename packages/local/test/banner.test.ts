import { parseConfig } from "@smx/sources";
import { describe, expect, it } from "vitest";
import { demoHook } from "../src/banner.ts";

const auth = { scheme: "api-key", secrets: ["hooks/k"] };
const zapierHook = (id: string, action: string, mapping: Record<string, unknown>) => ({
  id,
  source: "zapier",
  connection: "demo",
  action,
  auth,
  mapping,
});

function hooksOf(...hooks: unknown[]) {
  return parseConfig({ connections: [{ id: "demo", secret: "s" }], hooks }, "test").hooks;
}

describe("the banner's sample hook", () => {
  const jakarta = () => "Asia/Jakarta";

  it("skips hooks whose mapping would refuse their source's sample, whatever their action", () => {
    const hooks = hooksOf(
      // The visit sample has no "when": this visit hook would answer 422.
      zapierHook("visit-misfit", "CreateVisit", { "customer.extCustNo": "cust_no", date: "when" }),
      // The case the issue reports: an UpsertCustomer hook offered the visit sample.
      zapierHook("customers-misfit", "UpsertCustomer", { extCustNo: "code", name: "company" }),
      zapierHook("customers", "UpsertCustomer", { extCustNo: "cust_no", name: "customer_name" }),
    );
    const demo = demoHook(hooks, jakarta, Date.UTC(2026, 2, 1));
    expect(demo?.hook.id).toBe("customers");
    expect(demo?.sample.file).toMatch(/examples\/payloads\/zapier\.txt$/);
  });

  it("prefers a fitting visit hook, and offers none when nothing fits", () => {
    const visit = zapierHook("visits", "CreateVisit", {
      "customer.extCustNo": "cust_no",
      date: "visit_date",
    });
    const customers = zapierHook("customers", "UpsertCustomer", { extCustNo: "cust_no" });
    expect(demoHook(hooksOf(customers, visit), jakarta)?.hook.id).toBe("visits");
    expect(
      demoHook(hooksOf(zapierHook("misfit", "UpsertCustomer", { extCustNo: "code" })), jakarta),
    ).toBeUndefined();
  });
});
