// Calendar feed costs (`pnpm bench`; numbers only, no assertions):
// 1. expanding, matching and diffing a generated feed of 2,000 events (1,900 single events and 100
//    recurring series, some with EXDATEs and overrides) over a 14-day window; target < 1 s CPU;
// 2. an unchanged feed's poll against a real HTTP server answering 304: target 0 parses;
// 3. the worst a hostile feed costs: every series spends its step budget (no target; the bound is the point).
// The directory is an in-memory map here so that the figure is this package's CPU; a DynamoDB read per
// distinct key is the directory's own cost (packages/aws/bench).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { CustomerKey, DirectoryCustomer, DirectoryStore } from "@smx/core";
import * as v from "valibot";
import {
  diffFeed,
  expandIcs,
  type FeedSnapshot,
  fetchFeed,
  MatchRule,
  OccurrenceMatcher,
  parseCalendar,
} from "../src/index.ts";

const CUSTOMERS = 500;
const WINDOW = { from: new Date("2026-03-01T17:00:00Z"), to: new Date("2026-03-15T17:00:00Z") };
const WINDOW_DATES = { from: "2026-03-02", to: "2026-03-16" };

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").slice(0, 15);
}

/** A Google-like export: long UIDs, descriptions, attendees; customers named by code, phone or e-mail. */
function generateFeed(): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"];
  const windowStart = WINDOW.from.getTime();
  for (let i = 0; i < 2000; i++) {
    const customer = i % CUSTOMERS;
    const recurring = i < 100;
    // Recurring series began up to a year ago, so expansion walks to the window first.
    const start = recurring
      ? windowStart - (i % 52) * 7 * 86_400_000 + 3 * 3_600_000
      : windowStart + (i % 336) * 3_600_000;
    const uid = `${(i * 7919).toString(36)}${i}x${"a".repeat(20)}@google.com`;
    lines.push(
      "BEGIN:VEVENT",
      `UID:${uid}`,
      "DTSTAMP:20260201T000000Z",
      `DTSTART:${stamp(start)}Z`,
      `DTEND:${stamp(start + 3_600_000)}Z`,
    );
    if (recurring) {
      lines.push(i % 2 ? "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR" : "RRULE:FREQ=DAILY;INTERVAL=2");
      lines.push(`EXDATE:${stamp(start + 14 * 86_400_000)}Z`);
    }
    const who =
      i % 3 === 0
        ? `[C-${customer}]`
        : i % 3 === 1
          ? `WA 0812-${String(1000 + customer).padStart(4, "0")}-0000`
          : "";
    lines.push(`SUMMARY:Kunjungan ${who} Toko ${customer}`, `LOCATION:Jl. Raya ${customer}\\, Jakarta`);
    lines.push(`DESCRIPTION:${"Catatan kunjungan. ".repeat(10)}`);
    lines.push(`ATTENDEE;CN=Toko ${customer}:mailto:toko${customer}@example.com`, "END:VEVENT");
    if (recurring && i % 5 === 0) {
      const moved = start + 7 * 86_400_000 * Math.ceil((windowStart - start) / (7 * 86_400_000));
      lines.push(
        "BEGIN:VEVENT",
        `UID:${uid}`,
        `RECURRENCE-ID:${stamp(moved)}Z`,
        `DTSTART:${stamp(moved + 86_400_000)}Z`,
      );
      lines.push(
        `DTEND:${stamp(moved + 86_400_000 + 3_600_000)}Z`,
        `SUMMARY:Kunjungan [C-${customer}] (moved)`,
        "END:VEVENT",
      );
    }
  }
  lines.push("END:VCALENDAR");
  return `${lines.join("\r\n")}\r\n`;
}

function memoryDirectory(): Pick<DirectoryStore, "findCustomer"> {
  const byKey = new Map<string, DirectoryCustomer>();
  for (let id = 0; id < CUSTOMERS; id++) {
    const customer = {
      id: id + 1,
      extCustNo: `C-${id}`,
      phone: `+62812${1000 + id}0000`,
      email: `toko${id}@example.com`,
    };
    byKey.set(`extCustNo:${customer.extCustNo}`, customer);
    byKey.set(`phone:${customer.phone}`, customer);
    byKey.set(`email:${customer.email}`, customer);
  }
  return {
    findCustomer: async (_connection: string, key: CustomerKey) => byKey.get(`${key.by}:${key.value}`),
  };
}

const rules = v.parse(v.array(MatchRule), [
  { by: "code", pattern: "[{code}]" },
  { by: "phone", pattern: "WA {phone}" },
  { by: "attendee-email" },
]);

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function runOnce(text: string, previous: FeedSnapshot | undefined) {
  const started = process.cpuUsage();
  const expansion = expandIcs(text, { origin: "https://bench.example", ...WINDOW });
  const expanded = cpuMs(started);
  const matcher = new OccurrenceMatcher(rules, { directory: memoryDirectory(), connectionId: "bench" });
  const matched = await matcher.matchAll(expansion.occurrences);
  const afterMatch = cpuMs(started);
  const diff = diffFeed({
    previous,
    matched,
    incompleteUids: expansion.incompleteUids,
    window: WINDOW_DATES,
  });
  return { expansion, matched, diff, expanded, matchedMs: afterMatch - expanded, total: cpuMs(started) };
}

const text = generateFeed();
console.log(`feed: 2000 VEVENTs (100 recurring), ${(text.length / 1024).toFixed(0)} KB, window 14 days`);
await runOnce(text, undefined); // warm-up (JIT), not counted
const runs = [];
let snapshot: FeedSnapshot | undefined;
for (let i = 0; i < 5; i++) {
  const run = await runOnce(text, snapshot);
  snapshot = run.diff.snapshot;
  runs.push(run);
}
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const last = runs.at(-1)!;
const unmatched = last.matched.filter((m) => !m.match.matched).length;
console.log(
  `occurrences ${last.expansion.occurrences.length} (problems ${last.expansion.problems.length}), matched ${last.matched.length - unmatched}, unmatched ${unmatched}`,
);
console.log(
  `first run: ${JSON.stringify(runs[0]!.diff.counts)}; later runs: ${JSON.stringify(last.diff.counts)}`,
);
console.log(
  `CPU per run (median of 5): parse+expand ${median(runs.map((r) => r.expanded)).toFixed(0)} ms, match ${median(runs.map((r) => r.matchedMs)).toFixed(0)} ms, total with diff ${median(runs.map((r) => r.total)).toFixed(0)} ms (target < 1000 ms)`,
);
console.log(
  `snapshot: ${Object.keys(snapshot!.entries).length} entries, ${(JSON.stringify(snapshot).length / 1024).toFixed(1)} KB`,
);

// An unchanged feed's poll: a real server that honours If-None-Match.
let requests = 0;
const server = createServer((req, res) => {
  requests++;
  if (req.headers["if-none-match"] === '"bench"') return void res.writeHead(304, { etag: '"bench"' }).end();
  res.writeHead(200, { "content-type": "text/calendar", etag: '"bench"' }).end(text);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.ics`;
let parses = 0;
const poll = async (validators?: { etag?: string }) => {
  const result = await fetchFeed(url, validators ? { previous: validators } : {});
  if (result.status === "fetched") {
    parses++;
    parseCalendar(result.text, { origin: "bench" });
  }
  return result;
};
const first = await poll();
parses = 0;
requests = 0;
const polls = 200;
const pollStarted = process.cpuUsage();
for (let i = 0; i < polls; i++) await poll(first.validators);
const pollCpu = cpuMs(pollStarted) / polls;
server.close();
console.log(
  `unchanged poll: ${parses} parses in ${polls} polls (target 0), ${requests / polls} HTTP request per poll, ${pollCpu.toFixed(2)} ms CPU per poll`,
);

// A hostile feed: 100 series that never reach the window, so the feed's whole step budget is spent.
const hostileEvents = Array.from(
  { length: 100 },
  (_, i) => `BEGIN:VEVENT\r\nUID:h${i}\r\nDTSTART:20200101T000000Z\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\n`,
).join("");
const hostileStarted = process.cpuUsage();
const hostile = expandIcs(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${hostileEvents}END:VCALENDAR\r\n`, {
  origin: "https://bench.example",
  ...WINDOW,
});
console.log(
  `hostile feed (100 × FREQ=MINUTELY from 2020): ${hostile.incompleteUids.length} series stopped, ${cpuMs(hostileStarted).toFixed(0)} ms CPU (bounded by the feed's step budget)`,
);
