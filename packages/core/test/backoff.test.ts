import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_BACKOFF, parsePipelineSettings, SettingsError } from "../src/index.ts";

const almostOne = () => 0.999_999;
const zero = () => 0;

describe("backoffDelayMs (full jitter)", () => {
  it("stays within [0, base·2^(n-1)] and defaults to base 30 s, cap 1 h", () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 30_000, capMs: 3_600_000 });
    for (const [attempt, ceiling] of [
      [1, 30_000],
      [2, 60_000],
      [3, 120_000],
      [7, 1_920_000],
    ] as const) {
      expect(backoffDelayMs(attempt, DEFAULT_BACKOFF, { random: zero })).toBe(0);
      const top = backoffDelayMs(attempt, DEFAULT_BACKOFF, { random: almostOne });
      expect(top).toBeLessThan(ceiling);
      expect(top).toBeGreaterThan(ceiling * 0.99);
    }
  });

  it("never exceeds the cap, even for huge attempt numbers", () => {
    for (const attempt of [8, 12, 100, 10_000]) {
      const delay = backoffDelayMs(attempt, DEFAULT_BACKOFF, { random: almostOne });
      expect(delay).toBeLessThanOrEqual(3_600_000);
      expect(Number.isFinite(delay)).toBe(true);
    }
  });

  it("honours a server's Retry-After as a floor", () => {
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, { random: zero, retryAfterMs: 120_000 })).toBe(120_000);
    expect(backoffDelayMs(1, { baseMs: 10, capMs: 20 }, { random: almostOne, retryAfterMs: 5 })).toBe(9);
  });

  it("is configurable", () => {
    expect(backoffDelayMs(3, { baseMs: 1_000, capMs: 2_500 }, { random: almostOne })).toBe(2_499);
  });
});

describe("pipeline settings", () => {
  it("has documented defaults", () => {
    const s = parsePipelineSettings();
    expect(s).toMatchObject({
      retentionDays: 30,
      maxAttempts: 12,
      maxAgeMs: 259_200_000,
      backoffBaseMs: 30_000,
    });
  });

  it("names the bad setting", () => {
    expect(() => parsePipelineSettings({ maxAttempts: 0 })).toThrow(SettingsError);
    expect(() => parsePipelineSettings({ maxAttempts: 0 })).toThrow(/settings\.maxAttempts/);
  });
});
