// `smx jobs list | run | history` against a running local stack: a journey plan run from the CLI creates its
// visits once, a dry run creates none, and every run is in the job's history.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stackStateFile } from "@smx/runtime/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_SECRETS, startTestStack, type TestStack } from "../../local/test/support.ts";
import { runSmx } from "./support.ts";

const config = {
  connections: [{ id: "demo", secret: "salesmania-demo" }],
  hooks: [],
  plans: [
    {
      id: "every-day",
      connection: "demo",
      teamId: 24728,
      holidays: false,
      horizon: { days: 2, createAt: "00:00" },
      customers: [
        {
          customer: { extCustNo: "C-001" },
          recurrence: { type: "weekly", days: ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] },
        },
      ],
    },
  ],
  jobs: [{ id: "every-day-plan", kind: "plan", plan: "every-day", schedule: "0 18 * * *" }],
};

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ config });
});
afterAll(async () => {
  await stack?.close();
});

const smx = (argv: string[]) => runSmx(argv, {}, stackStateFile(stack.stateDir));
const visits = () => stack.sandbox!.sandbox.state().visits.filter((v) => v.customer_id === 100001);

describe("smx jobs", () => {
  it("lists the configured jobs and the built-in redrive with their schedules", async () => {
    const list = await smx(["jobs", "list", "--json"]);
    expect(list.code).toBe(0);
    expect(
      list
        .json()
        .map((j: { id: string; schedule: string; timeZone: string }) => [j.id, j.schedule, j.timeZone]),
    ).toEqual([
      ["redrive", "rate(1 minute)", "UTC"],
      ["every-day-plan", "0 18 * * *", "Asia/Jakarta"],
    ]);
    expect((await smx(["jobs", "list"])).stdout).toMatch(
      /every-day-plan\s+plan\s+every-day\s+0 18 \* \* \*\s+Asia\/Jakarta\s+never/,
    );
  });

  it("a dry run prints the visits it would create and creates none; a run creates them once", async () => {
    const dry = await smx(["jobs", "run", "every-day-plan", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /^dry run of every-day-plan: nothing was created or stored\n {2}created 2\nwould create:\n/,
    );
    expect(visits()).toEqual([]);

    const run = await smx(["jobs", "run", "every-day-plan", "--json"]);
    expect(run.json()).toMatchObject({ status: "completed", counts: { created: 2 } });
    expect(visits()).toHaveLength(2);
    const again = await smx(["jobs", "run", "every-day-plan"]);
    expect(again.stdout).toMatch(/: completed\n {2}duplicate 2\n/);
    expect(visits()).toHaveLength(2);

    const history = await smx(["jobs", "history", "every-day-plan", "--json"]);
    expect(history.json().map((r: { counts: { created: number } }) => r.counts.created)).toEqual([0, 2]);
    expect((await smx(["jobs", "history", "nope"])).stderr).toMatch(
      /no job "nope"; defined: redrive, every-day-plan/,
    );
  });

  it("config check refuses a bad job with its key path, without a stack", async () => {
    const dir = mkdtempSync(join(tmpdir(), "smx-jobs-config-"));
    const file = join(dir, "smx.config.json");
    writeFileSync(
      file,
      JSON.stringify({ ...config, jobs: [{ ...config.jobs[0], schedule: "0 18 * * 1-5" }] }),
    );
    const env = { SMX_CONFIG: file, SMX_SECRETS_FILE: EXAMPLE_SECRETS };
    const check = await runSmx(["config", "check"], env, join(dir, "no-stack.json"));
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      'jobs[0].schedule: day-of-week: "*" or names such as MON-FRI or MON,THU, not "1-5"',
    );
  });
});
