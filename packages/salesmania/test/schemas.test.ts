import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { DateString, DiscountString } from "../src/index.ts";
import { teamIdOfTeamToken } from "../src/wire.ts";

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

describe("teamIdOfTeamToken", () => {
  it.each([
    // The contract's documented example: base64url({"db_id":2981,"team_id":24728}).signature
    ["eyJkYl9pZCI6Mjk4MSwidGVhbV9pZCI6MjQ3Mjh9.LpZ9LEpy123lwzYjzypStjdk123", 24728],
    ["not-a-token", undefined],
    [`${Buffer.from('{"db_id":1}').toString("base64url")}.sig`, undefined],
    [`${Buffer.from('{"team_id":"7"}').toString("base64url")}.sig`, undefined],
  ])("%s → %s", (token, teamId) => {
    expect(teamIdOfTeamToken(token)).toBe(teamId);
  });
});
