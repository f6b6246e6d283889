import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { DateString, DiscountString } from "../src/index.ts";

describe("DateString", () => {
  it.each([
    ["2026-11-28", true],
    ["2024-02-29", true], // leap year
    ["2026-02-29", false],
    ["2026-02-30", false],
    ["2026-13-01", false],
    ["2026-04-31", false],
    ["2026-1-5", false],
    ["28/11/2026", false],
  ])("%s → valid %s", (input, valid) => {
    expect(v.safeParse(DateString, input).success).toBe(valid);
  });
});

describe("DiscountString", () => {
  it.each([
    ["5", true],
    ["55.05+3", true],
    ["100", true],
    ["100.5", false],
    ["5+", false],
    ["-5", false],
    ["5%", false],
  ])("%s → valid %s", (input, valid) => {
    expect(v.safeParse(DiscountString, input).success).toBe(valid);
  });
});
