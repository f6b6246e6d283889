// The scheduled sections of smx.config.json (feeds, plans, jobs) load with the rest, and every problem in
// them is reported with its key path, like the hooks'.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseScheduledSections, scheduledSectionProblems } from "@smx/jobs";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/index.ts";

const withScheduled = { scheduledProblems: scheduledSectionProblems };

const EXAMPLE = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../../examples/smx.config.json", import.meta.url)), "utf8"),
);

function problemsOf(document: unknown): readonly string[] {
  try {
    parseConfig(document, "test.json", withScheduled);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("the configuration was accepted");
}

describe("the feeds, plans and jobs sections", () => {
  it("the example's scheduled sections load with their defaults", () => {
    const config = parseScheduledSections(parseConfig(EXAMPLE, "example", withScheduled));
    expect(config.feeds.map((f) => f.id)).toEqual(["sales-calendar"]);
    expect(config.plans[0]?.horizon).toEqual({ days: 1, createAt: "18:00" });
    expect(config.jobs.map((j) => [j.id, j.kind, j.disabled])).toEqual([
      ["sales-calendar-poll", "feed", true],
      ["jakarta-north-plan", "plan", false],
      ["demo-directory-sync", "directory-sync", false],
    ]);
  });

  it("a document without them has none (older configurations keep working)", () => {
    const { feeds, plans, jobs, ...rest } = EXAMPLE;
    const config = parseConfig(rest, "no-jobs", withScheduled);
    expect([config.feeds, config.plans, config.jobs]).toEqual([[], [], []]);
  });

  it("without the check (the webhooks function) they only need to be arrays", () => {
    expect(parseConfig({ ...EXAMPLE, jobs: [{ id: "x" }] }, "webhooks").jobs).toEqual([{ id: "x" }]);
    expect(() => parseConfig({ ...EXAMPLE, jobs: {} }, "webhooks")).toThrow(ConfigError);
  });

  it("reports every problem with its key path", () => {
    const problems = problemsOf({
      ...EXAMPLE,
      feeds: [{ ...EXAMPLE.feeds[0], match: [{ by: "code", pattern: "[code]" }] }],
      plans: [{ ...EXAMPLE.plans[0], connection: "nowhere" }],
      jobs: [
        { id: "poll", kind: "feed", feed: "other-calendar", schedule: "*/15 * * * *" },
        { id: "plan", kind: "plan", plan: "jakarta-north", schedule: "0 18 * *" },
        { id: "sync", kind: "directory-sync", connection: "demo", schedule: "0 2 1 * MON" },
        { id: "weekday", kind: "plan", plan: "jakarta-north", schedule: "0 18 * * 1-5" },
        { id: "redrive", kind: "directory-sync", connection: "demo", schedule: "0 2 * * *" },
        { id: "zone", kind: "plan", plan: "jakarta-north", schedule: "0 18 * * *", timeZone: "Mars/Olympus" },
        { id: "poll", kind: "weekly", schedule: "0 18 * * *" },
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^feeds\[0\]\.match\[0\]\.pattern: /),
      'plans[0].connection: no connection "nowhere"; defined: demo',
      expect.stringMatching(/^jobs\[1\]\.schedule: a cron expression of five fields .* got 4$/),
      "jobs[2].schedule: give a day of the month or a day of the week, not both",
      'jobs[3].schedule: day-of-week: "*" or names such as MON-FRI or MON,THU, not "1-5"',
      'jobs[4].id: "redrive" is the built-in redrive job\'s id',
      "jobs[5].timeZone: an IANA time zone name such as Asia/Jakarta",
      expect.stringMatching(/^jobs\[6\]\.kind: /),
      'jobs[6].id: "poll" is already the id of jobs[0]',
      'jobs[0].feed: no feed "other-calendar"; defined: sales-calendar',
    ]);
  });
});
