import { describe, expect, it } from "vitest";
import {
  applyDiscount,
  DateInputError,
  DiscountFormatError,
  isoDateInZone,
  normalizeIndonesianPhone,
  PhoneFormatError,
  parseDiscount,
} from "../src/index.ts";

describe("parseDiscount", () => {
  it.each([
    ["5", [5]],
    ["0", [0]],
    ["100", [100]],
    ["55.05+3", [55.05, 3]],
    ["10+10+10", [10, 10, 10]],
    ["12.5+0+7.25", [12.5, 0, 7.25]],
  ])("%s → %j", (input, expected) => {
    expect(parseDiscount(input)).toEqual(expected);
  });

  it.each([
    ["", "expected a discount"],
    ["abc", "expected a discount"],
    ["5+", "expected a discount"],
    ["+5", "expected a discount"],
    ["5++3", "expected a discount"],
    ["5 + 3", "expected a discount"],
    ["-5", "expected a discount"],
    ["5%", "expected a discount"],
    ["1e2", "expected a discount"],
    ["5.", "expected a discount"],
    ["101", "between 0 and 100"],
    ["50+100.5", "between 0 and 100"],
  ])("rejects %j naming the string and the rule", (input, rule) => {
    const attempt = () => parseDiscount(input);
    expect(attempt).toThrow(DiscountFormatError);
    expect(attempt).toThrow(`discount "${input}"`);
    expect(attempt).toThrow(rule);
  });
});

describe("applyDiscount", () => {
  it.each([
    [100, "5", 95],
    [100, "50+10", 45], // cascaded: 10 % off what is left after 50 %
    [200, "55.05+3", 87.2], // 200 × 0.4495 × 0.97 = 87.203
    [1000, "0", 1000],
    [1000, "100", 0],
    [1000, "100+50", 0],
    [19_999, "12.5", 17_499.13], // 17 499.125 rounds half away from zero
    [1.01, "50", 0.51], // 0.505 rounds up despite binary float noise
    [-100, "12.345", -87.66], // 87.655 → 87.66, sign kept
  ])("%d with %s → %d", (amount, discount, expected) => {
    expect(applyDiscount(amount, discount)).toBe(expected);
  });

  it("rejects a bad discount with DiscountFormatError", () => {
    expect(() => applyDiscount(100, "10+abc")).toThrow(DiscountFormatError);
  });
});

describe("normalizeIndonesianPhone", () => {
  it.each([
    ["0812-3456-7890", "+6281234567890"],
    ["081234567890", "+6281234567890"],
    ["6281234567890", "+6281234567890"],
    ["+6281234567890", "+6281234567890"],
    ["+62 812-3456-7890", "+6281234567890"],
    ["+62 (812) 3456 7890", "+6281234567890"],
    ["812 3456 7890", "+6281234567890"],
    ["0812.3456.7890", "+6281234567890"],
    ["0857 1234 5678", "+6285712345678"],
    ["021-5551234", "+62215551234"], // Jakarta landline
    ["(021) 555 1234", "+62215551234"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeIndonesianPhone(input)).toBe(expected);
  });

  it.each([
    ["", "expected digits"],
    ["phone", "expected digits"],
    ["0812-3456-789x", "expected digits"],
    ["++6281234567890", "expected digits"],
    ["0812", "not a valid phone number"],
    ["0812345678901234567", "not a valid phone number"],
    ["+6591234567", "expected an Indonesian number (+62), got +65"],
    ["+1 415 555 2671", "expected an Indonesian number (+62), got +1"],
  ])("rejects %j", (input, reason) => {
    const attempt = () => normalizeIndonesianPhone(input);
    expect(attempt).toThrow(PhoneFormatError);
    expect(attempt).toThrow(`phone "${input}"`);
    expect(attempt).toThrow(reason);
  });
});

describe("isoDateInZone", () => {
  it.each([
    // Jakarta is UTC+7 all year: its midnight is 17:00 UTC the day before.
    ["2026-03-01T16:59:59.999Z", undefined, "2026-03-01"],
    ["2026-03-01T17:00:00.000Z", undefined, "2026-03-02"],
    ["2026-12-31T17:00:00Z", "Asia/Jakarta", "2027-01-01"],
    ["2026-12-31T16:59:59Z", "Asia/Jakarta", "2026-12-31"],
    ["2024-02-28T17:30:00Z", "Asia/Jakarta", "2024-02-29"], // leap day
    ["2026-03-01T16:00:00Z", "Asia/Makassar", "2026-03-02"], // WITA, UTC+8
    ["2026-03-01T14:59:59Z", "Asia/Jayapura", "2026-03-01"], // WIT, UTC+9
    ["2026-03-01T15:00:00Z", "Asia/Jayapura", "2026-03-02"],
    ["2026-03-01T23:30:00Z", "UTC", "2026-03-01"],
    ["2026-03-02T03:00:00Z", "America/New_York", "2026-03-01"],
    ["2026-07-01T03:59:59Z", "America/New_York", "2026-06-30"], // EDT, UTC-4
  ])("%s in %s → %s", (instant, zone, expected) => {
    expect(isoDateInZone(instant, zone)).toBe(expected);
  });

  it("accepts a Date and epoch milliseconds", () => {
    const instant = Date.UTC(2026, 0, 15, 20, 0, 0);
    expect(isoDateInZone(instant)).toBe("2026-01-16");
    expect(isoDateInZone(new Date(instant))).toBe("2026-01-16");
    expect(isoDateInZone(instant, "UTC")).toBe("2026-01-15");
  });

  it("rejects an invalid instant and an unknown zone, naming them", () => {
    expect(() => isoDateInZone("yesterday")).toThrow(DateInputError);
    expect(() => isoDateInZone("yesterday")).toThrow('instant "yesterday"');
    expect(() => isoDateInZone(Number.NaN)).toThrow(DateInputError);
    expect(() => isoDateInZone(0, "Mars/Olympus")).toThrow('timeZone "Mars/Olympus"');
  });
});
