import { SalesmaniaClient } from "@smx/salesmania";
import { describe, expectTypeOf, it } from "vitest";
import type { SalesmaniaApi } from "../src/index.ts";

describe("SalesmaniaApi port", () => {
  it("is satisfied by the real SalesmaniaClient", () => {
    expectTypeOf<SalesmaniaClient>().toExtend<SalesmaniaApi>();
    // A typed assignment fails `tsc` too, should the client drift from the port.
    const client: SalesmaniaApi = new SalesmaniaClient({
      baseUrl: "http://127.0.0.1:9",
      auth: { kind: "tokens", bearerToken: "b", teamToken: "t" },
    });
    expectTypeOf(client.visits.create).returns.toEqualTypeOf<Promise<void>>();
  });
});
