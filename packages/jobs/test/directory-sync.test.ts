// Directory sync pages through the sandbox's customers and products; a fault on a page mid-way fails the
// run, and the next run resumes at that page (not page 1) and completes.
import { CONNECTION } from "@smx/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { directorySyncJob } from "../src/index.ts";
import { createJobHarness, type JobHarness } from "./support.ts";

let h: JobHarness;
beforeEach(async () => {
  h = await createJobHarness();
});
afterEach(() => h.close());

/** The page numbers the sandbox was asked for, per path (`customers`, `products`), in order. */
function pagesAsked(): string[] {
  return h.harness.sandbox
    .journal()
    .filter((entry) => entry.method === "GET" && /\/(customers|products)$/.test(entry.path))
    .map((entry) => `${entry.path.split("/").pop()} ${entry.query.page}`);
}

describe("directory sync", () => {
  it("a fault on the third page fails the run; the next run resumes there and completes", async () => {
    // 17 customers (5 demo + 12 fixtures) in pages of 4: five pages; 5 products: two pages.
    const job = directorySyncJob("sync", CONNECTION, {
      connections: h.harness.connections,
      directory: h.harness.directory,
      pageSize: 4,
    });
    let pages = 0;
    h.harness.sandbox.clearJournal();
    const faulty = {
      ...job,
      run: async (context: Parameters<typeof job.run>[0]) => {
        const saveCheckpoint = context.saveCheckpoint;
        context.saveCheckpoint = async (value) => {
          await saveCheckpoint(value);
          // After page 2 is stored, the sandbox fails the next customers request.
          if (++pages === 2)
            h.harness.sandbox.faults.add({
              route: "GET /extapi/v1.0/customers",
              kind: "status",
              status: 503,
            });
        };
        return job.run(context);
      },
    };
    const failed = await h.runner.run(faulty, { trigger: "schedule" });
    expect(failed.status).toBe("failed");
    expect(failed.extra).toMatchObject({ customers: 8, pages: 2 });
    h.harness.clock.advance(60_000);
    const resumed = await h.runner.run(job, { trigger: "schedule" });
    expect(resumed).toMatchObject({
      status: "completed",
      resumed: true,
      extra: { customers: 9, products: 5, pages: 5 },
    });
    expect(pagesAsked()).toEqual([
      "customers 1",
      "customers 2",
      "customers 3",
      "customers 3",
      "customers 4",
      "customers 5",
      "products 1",
      "products 2",
    ]);
    for (const code of ["C-001", "C-005", "C-1012"])
      expect(
        await h.harness.directory.findCustomer(CONNECTION, { by: "extCustNo", value: code }),
      ).toBeDefined();
    expect(
      await h.harness.directory.findProduct(CONNECTION, { by: "extProductCode", value: "P-005" }),
    ).toBeDefined();
  });
});
