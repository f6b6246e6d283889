import type { JobDescription } from "@smx/jobs";
import type { Runtime } from "@smx/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { type Scheduler, scheduledJobs, startScheduler } from "../src/jobs.ts";
import { silentLogger } from "./support.ts";

describe("the scheduler", () => {
  let scheduler: Scheduler | undefined;
  afterEach(async () => {
    await scheduler?.stop();
  });

  it("runs each job again after it finishes, keeps a failing job scheduled, and stops", async () => {
    const runtime = {} as Runtime;
    const errors: unknown[] = [];
    const logger = {
      ...silentLogger,
      error: (_message: string, fields?: unknown) => void errors.push(fields),
    };
    let runs = 0;
    let failures = 0;
    let resolveEnough = () => {};
    const enough = new Promise<void>((resolve) => {
      resolveEnough = resolve;
    });
    scheduler = startScheduler(
      runtime,
      [
        {
          name: "probe",
          everyMs: 1,
          run: async (given) => {
            expect(given).toBe(runtime);
            if (++runs === 3) resolveEnough();
          },
        },
        {
          name: "broken",
          everyMs: 1,
          run: async () => {
            failures++;
            throw new Error("boom");
          },
        },
      ],
      logger,
    );
    await enough;
    await scheduler.stop();
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs).toBe(after);
    expect(failures).toBeGreaterThan(0);
    expect(errors[0]).toEqual({ job: "broken", error: { name: "Error", message: "boom" } });
  });
});

describe("the jobs the local stack times", () => {
  it("are the redrive every 30 s, each enabled configured job at its cron in its zone, the rotation every 12 h", () => {
    const entry = (id: string, schedule: string, disabled = false) => ({
      id,
      schedule,
      timeZone: "Asia/Jakarta",
      disabled,
    });
    const entries = [
      entry("redrive", "rate(1 minute)"),
      entry("plan", "0 18 * * *"),
      entry("off", "0 2 * * *", true),
    ] as unknown as JobDescription[];
    expect(scheduledJobs(entries).map(({ name, everyMs, cron }) => ({ name, everyMs, cron }))).toEqual([
      { name: "redrive", everyMs: 30_000, cron: undefined },
      { name: "plan", everyMs: undefined, cron: { expression: "0 18 * * *", timeZone: "Asia/Jakarta" } },
      { name: "token-rotation", everyMs: 12 * 3_600_000, cron: undefined },
    ]);
  });
});
