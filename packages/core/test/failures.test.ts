// Permanent vs transient, decided in one place (failures.ts): what each kind of failure becomes.
import {
  SalesmaniaAuthError,
  type SalesmaniaError,
  SalesmaniaHttpError,
  SalesmaniaInputError,
  SalesmaniaNetworkError,
  SalesmaniaRateLimitedError,
  SalesmaniaResponseShapeError,
  SalesmaniaTimeoutError,
} from "@smx/salesmania";
import { describe, expect, it } from "vitest";
import {
  classifyFailure,
  isExpectedFailure,
  ReplayNeedsCommandError,
  ResolutionError,
  UnknownConnectionError,
  UnstorableItemError,
} from "../src/index.ts";

describe("classifyFailure", () => {
  it.each([
    [
      "a store that refuses the item",
      new UnstorableItemError("directory key CUST#ext#…", "key too large"),
      "dead",
      "unstorable_value",
    ],
    [
      "an unknown customer",
      new ResolutionError("customer_not_found", "customer", "no match"),
      "dead",
      "customer_not_found",
    ],
    [
      "an order not delivered yet",
      new ResolutionError("order_not_found", "order", "later", { retryable: true }),
      "retry",
      "order_not_found",
    ],
    ["a connection not configured", new UnknownConnectionError("x", []), "dead", "unknown_connection"],
    ["a replay without a command", new ReplayNeedsCommandError("evt_1"), "dead", "internal_error"],
    ["a bug or an outage", new TypeError("boom"), "retry", "internal_error"],
  ] as const)("%s → %s %s", (_what, error, status, code) => {
    expect(classifyFailure(error)).toMatchObject({ status, error: { code } });
  });

  it("retries SalesMania's transient answers, honouring Retry-After, and gives up on the others", () => {
    const limited = new SalesmaniaHttpError("POST /x", {
      status: 429,
      apiMessage: "slow down",
      body: "{}",
      retryAfterSeconds: 7,
      createMayHaveApplied: false,
    });
    expect(classifyFailure(limited)).toMatchObject({ status: "retry", retryAfterMs: 7000 });
    const refused = new SalesmaniaHttpError("POST /x", {
      status: 422,
      apiMessage: "no",
      body: "{}",
      createMayHaveApplied: false,
    });
    expect(classifyFailure(refused)).toMatchObject({ status: "dead", error: { code: "http_422" } });
    expect(
      classifyFailure(new SalesmaniaTimeoutError("GET /x", 1000, { requestSent: false, isCreate: false })),
    ).toMatchObject({
      status: "retry",
    });
  });

  it("records each SalesMania failure under its error's code", () => {
    const sent = { requestSent: true, isCreate: false };
    const cases: [SalesmaniaError, string][] = [
      [
        new SalesmaniaAuthError("GET /x", {
          status: 401,
          apiMessage: "no",
          body: "{}",
          createMayHaveApplied: false,
        }),
        "auth_failed",
      ],
      [new SalesmaniaTimeoutError("GET /x", 1000, sent), "timeout"],
      [new SalesmaniaRateLimitedError("GET /x", 5), "rate_limited"],
      [new SalesmaniaNetworkError("GET /x", "ECONNRESET", sent), "network_error"],
      [new SalesmaniaResponseShapeError("GET /x", "{id}", "[]"), "unexpected_response"],
      [new SalesmaniaInputError("POST /x", ["qty: expected number"]), "invalid_request"],
    ];
    for (const [error, code] of cases) {
      expect(error.code).toBe(code);
      expect(classifyFailure(error).error.code).toBe(code);
    }
  });

  it("keeps a long message short", () => {
    const failure = classifyFailure(new Error("x".repeat(100_000)));
    expect(failure.error.message.length).toBeLessThan(1100);
  });

  it("calls only delivery's own failures expected; the rest are logged as unexpected", () => {
    expect(isExpectedFailure(new UnstorableItemError("a", "b"))).toBe(true);
    expect(isExpectedFailure(new TypeError("boom"))).toBe(false);
  });
});
