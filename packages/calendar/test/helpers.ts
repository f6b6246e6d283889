// Shared by the calendar tests: fixtures and a compact view of occurrences to compare against.
import { readFileSync } from "node:fs";
import { type Expansion, expandIcs } from "../src/index.ts";

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
}

/** March 2026 in Jakarta: [2026-03-01 00:00 WIB, 2026-04-01 00:00 WIB). */
export const MARCH = { from: new Date("2026-02-28T17:00:00Z"), to: new Date("2026-03-31T17:00:00Z") };

export function expandFixture(name: string, options: { timeZone?: string } = {}): Expansion {
  return expandIcs(fixture(name), { origin: "https://calendar.example", ...MARCH, ...options });
}

/** `key date start status` per occurrence, the view most assertions compare. */
export function outline(expansion: Expansion): string[] {
  return expansion.occurrences.map((o) => `${o.key} ${o.date} ${o.start} ${o.status}`);
}
