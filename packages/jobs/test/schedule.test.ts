// Schedules: checked when the configuration loads, the next run found in the job's zone, and the same
// expression written for EventBridge Scheduler.
import { describe, expect, it } from "vitest";
import { awsCronExpression, nextRunAfter, scheduleProblem } from "../src/index.ts";

describe("job schedules", () => {
  it("finds the next run in the account's zone, not UTC", () => {
    // 18:00 WIB is 11:00Z; at 12:00Z on the 2nd the next one is the 3rd.
    expect(nextRunAfter("0 18 * * *", "Asia/Jakarta", new Date("2026-03-02T12:00:00Z"))?.toISOString()).toBe(
      "2026-03-03T11:00:00.000Z",
    );
    expect(
      nextRunAfter("0 18 * * MON-FRI", "Asia/Jakarta", new Date("2026-03-06T12:00:00Z"))?.toISOString(),
    ).toBe("2026-03-09T11:00:00.000Z");
  });

  it("writes EventBridge's six fields with a ? day and weekday names", () => {
    expect(awsCronExpression("0 18 * * *")).toBe("cron(0 18 * * ? *)");
    expect(awsCronExpression("*/15 * * * *")).toBe("cron(0/15 * * * ? *)");
    expect(awsCronExpression("30 7 * * mon-fri")).toBe("cron(30 7 ? * MON-FRI *)");
    expect(awsCronExpression("0 2 1 * *")).toBe("cron(0 2 1 * ? *)");
  });

  it("refuses what either side would read differently", () => {
    expect(scheduleProblem("0 18 * * *")).toBeUndefined();
    expect(scheduleProblem("0 18 * * 1")).toMatch(/^day-of-week: "\*" or names/);
    expect(scheduleProblem("0 18 1 * MON")).toBe("give a day of the month or a day of the week, not both");
    expect(scheduleProblem("0 25 * * *")).toBeDefined();
    expect(scheduleProblem("rate(1 minute)")).toMatch(/^a cron expression of five fields/);
  });
});
