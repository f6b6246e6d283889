// examples/google-calendar/Code.gs end to end: the script itself runs (a vm in a worker thread) against
// fakes of the Google services it calls — Calendar.Events.list with pages, sync tokens and 410 Gone,
// PropertiesService, ScriptApp, LockService — while its UrlFetchApp posts over real HTTP to the local stack
// (examples/smx.config.json's google-calendar-visits hook, DynamoDB Local, the SalesMania sandbox).
import { join } from "node:path";
import { REPO_ROOT } from "@smx/runtime/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CalendarEvent } from "./apps-script/fake-calendar.ts";
import { FakeGoogle } from "./apps-script/fake-google.ts";
import { AppsScriptProject } from "./apps-script/project.ts";
import { EXAMPLE_SECRETS, startTestStack, type TestStack } from "./support.ts";

const SCRIPT = join(REPO_ROOT, "examples", "google-calendar", "Code.gs");
const HOOK = "google-calendar-visits";
const CALENDAR = "sales.jakarta@contoh-distribusi.co.id";
const DAY_MS = 86_400_000;
const CUSTOMER = { "C-001": 100001, "C-002": 100002, "C-003": 100003, "C-004": 100004, "C-005": 100005 };

/** The Jakarta date `days` from now, and an instant at `time` on it in Jakarta (UTC+7, no DST). */
function jakartaDay(days: number): string {
  return new Date(Date.now() + days * DAY_MS + 7 * 3_600_000).toISOString().slice(0, 10);
}
function meeting(id: string, summary: string, days: number, time = "10:00"): CalendarEvent {
  const start = `${jakartaDay(days)}T${time}:00+07:00`;
  const end = new Date(Date.parse(start) + 3_600_000).toISOString();
  return {
    id,
    status: "confirmed",
    summary,
    start: { dateTime: start, timeZone: "Asia/Jakarta" },
    end: { dateTime: end, timeZone: "Asia/Jakarta" },
    organizer: { email: CALENDAR, self: true },
  };
}
/** An occurrence of a weekly series as `singleEvents: true` returns it. */
function occurrence(series: string, summary: string, days: number): CalendarEvent {
  const event = meeting("", summary, days);
  const utc = new Date(event.start.dateTime ?? "").toISOString().replace(/[-:]|\.\d{3}/g, "");
  return { ...event, id: `${series}_${utc}`, recurringEventId: series, originalStartTime: event.start };
}

let stack: TestStack;
let google: FakeGoogle;
let script: AppsScriptProject;

const visits = (code: keyof typeof CUSTOMER) =>
  stack
    .sandbox!.sandbox.state()
    .visits.filter((visit) => visit.customer_id === CUSTOMER[code])
    .map((visit) => visit.date)
    .sort();
const allVisits = () => stack.sandbox!.sandbox.state().visits.length;
const records = async () => (await stack.runtime.ledger.listByHook(HOOK, { limit: 100 })).items;
/** Runs a script function and returns the posts it made. */
async function run(fn: string) {
  const before = google.posts.length;
  await script.run(fn);
  return google.posts.slice(before);
}
const statuses = (posts: { status: number }[]) => posts.map((post) => post.status).sort();
const hookUrl = () => stack.urls.hooks[HOOK] ?? "";

beforeAll(async () => {
  stack = await startTestStack();
  const secrets = (await import(EXAMPLE_SECRETS, { with: { type: "json" } })).default;
  google = new FakeGoogle(CALENDAR);
  google.properties.set("HOOK_URL", hookUrl());
  google.properties.set("HOOK_SECRET", secrets[`hooks/${HOOK}`]);
  google.calendar.put(meeting("visitA", "Kunjungan [C-001] Toko Sumber Rejeki", 1));
  google.calendar.put(meeting("lunch", "Makan siang tim", 1, "12:00"));
  google.calendar.put(meeting("far", "[C-003] pameran", 40));
  for (const days of [2, 9, 16]) google.calendar.put(occurrence("weekly4", "Rutin [C-004]", days));
  script = new AppsScriptProject(SCRIPT, google.calls);
});
afterAll(async () => {
  await script?.close();
  await stack?.close();
});

describe("the Google Calendar Apps Script template against the local stack", () => {
  it("install: a calendar trigger and two timers, then a full sync posts the window's meetings", async () => {
    const posts = await run("install");
    expect(google.triggers.map(({ handler, steps }) => [handler, steps])).toEqual([
      ["onCalendarChange", [["forUserCalendar", CALENDAR], ["onEventUpdated"]]],
      ["syncCalendar", [["timeBased"], ["everyMinutes", 10]]],
      ["postWindow", [["timeBased"], ["everyDays", 1], ["atHour", 18]]],
    ]);
    // Full sync from yesterday, over several pages; the token comes with the last one.
    expect(google.calendar.listCalls[0]).toMatchObject({ singleEvents: true, timeMin: expect.any(String) });
    expect(google.calendar.listCalls.length).toBeGreaterThan(1);
    expect(google.properties.get("syncToken")).toMatch(/^sync-\d+-\d+$/);
    // Within 14 days: visitA, lunch and two occurrences; not the fair in 40 days nor the third occurrence.
    expect(statuses(posts)).toEqual([201, 201, 201, 422]);
    expect(visits("C-001")).toEqual([jakartaDay(1)]);
    expect(visits("C-004")).toEqual([jakartaDay(2), jakartaDay(9)]);
    expect(visits("C-003")).toEqual([]);
    const lunch = (await records()).find((record) => record.status === "rejected");
    expect(lunch?.lastError).toMatchObject({ code: "invalid_field", field: "customer" });
  });

  it("a booking made now becomes a visit on the next trigger, from an incremental sync", async () => {
    google.calendar.put(meeting("bookingE", "Order ulang [C-002]", 3, "14:00"));
    const calls = google.calendar.listCalls.length;
    const posts = await run("onCalendarChange");
    expect(google.calendar.listCalls.slice(calls)).toEqual([
      { singleEvents: true, maxResults: 250, syncToken: expect.stringMatching(/^sync-/) },
    ]);
    expect(posts.map((post) => (post.body.event as CalendarEvent).id)).toEqual(["bookingE"]);
    expect(visits("C-002")).toEqual([jakartaDay(3)]);
  });

  it("a re-run posts nothing, and the daily window post creates nothing twice", async () => {
    const before = { visits: allVisits(), records: (await records()).length };
    expect(await run("onCalendarChange")).toEqual([]);
    const window = await run("postWindow");
    expect(statuses(window)).toEqual([200, 200, 200, 200, 422]);
    expect({ visits: allVisits(), records: (await records()).length }).toEqual(before);
  });

  it("a meeting moved to another day is a new visit there; the first one stays (SalesMania cannot move it)", async () => {
    google.calendar.update("bookingE", meeting("bookingE", "Order ulang [C-002]", 4, "14:00"));
    expect(statuses(await run("onCalendarChange"))).toEqual([201]);
    expect(visits("C-002")).toEqual([jakartaDay(3), jakartaDay(4)]);
  });

  it("a cancelled meeting or occurrence (id and status only in the sync) is recorded, not delivered", async () => {
    const before = allVisits();
    const secondOccurrence = occurrence("weekly4", "Rutin [C-004]", 9).id;
    google.calendar.cancel("visitA");
    google.calendar.cancel(secondOccurrence);
    const posts = await run("onCalendarChange");
    expect(posts.map((post) => post.body.event)).toEqual([
      expect.objectContaining({ id: "visitA", status: "cancelled", summary: expect.any(String) }),
      expect.objectContaining({ id: secondOccurrence, status: "cancelled", recurringEventId: "weekly4" }),
    ]);
    const cancelled = (await records()).filter((record) => record.command?.kind === "CancelVisit");
    expect(cancelled.map(({ status, command }) => ({ status, command }))).toEqual(
      expect.arrayContaining([
        { status: "ignored", command: expect.objectContaining({ date: jakartaDay(1) }) },
        { status: "ignored", command: expect.objectContaining({ date: jakartaDay(9) }) },
      ]),
    );
    expect(cancelled).toHaveLength(2);
    expect(allVisits()).toBe(before);
  });

  it("an expired sync token (410 Gone) means a full sync, which creates nothing twice", async () => {
    const before = { visits: allVisits(), records: (await records()).length };
    const oldToken = google.properties.get("syncToken");
    google.calendar.expireSyncTokens();
    const calls = google.calendar.listCalls.length;
    const posts = await run("syncCalendar");
    const [refused, full] = google.calendar.listCalls.slice(calls);
    expect(refused).toMatchObject({ syncToken: oldToken });
    expect(full).toMatchObject({ timeMin: expect.any(String) });
    expect(full?.syncToken).toBeUndefined();
    // A full sync lists live events only: the cancelled meeting and occurrence are not posted again.
    expect(statuses(posts)).toEqual([200, 200, 422]);
    expect(google.properties.get("syncToken")).not.toBe(oldToken);
    expect({ visits: allVisits(), records: (await records()).length }).toEqual(before);
  });

  it("a post that finds the hook unreachable keeps the token, and the next run posts it again", async () => {
    google.calendar.put(meeting("bookingF", "[C-005] survei", 5));
    const token = google.properties.get("syncToken");
    google.properties.set("HOOK_URL", "http://127.0.0.1:9/hooks/google-calendar-visits");
    expect(await run("onCalendarChange")).toEqual([]);
    expect(google.properties.get("syncToken")).toBe(token);
    expect(google.logs.some((log) => log.level === "warn" && log.text.includes("unreachable"))).toBe(true);
    expect(visits("C-005")).toEqual([]);

    google.properties.set("HOOK_URL", hookUrl());
    expect(statuses(await run("onCalendarChange"))).toEqual([201]);
    expect(visits("C-005")).toEqual([jakartaDay(5)]);
    expect(google.properties.get("syncToken")).not.toBe(token);
  });
});
