// The operator actions through the CLI against a local stack: rerun after the configuration file is
// corrected, dismiss, resolve an unknown outcome, the guards on replaying one, and the secrets check.
import { writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { stackStateFile } from "@smx/runtime/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parkUnknownOrder, startTestStack, type TestStack } from "../../local/test/support.ts";
import { runSmx } from "./support.ts";

const HOOK = "visits-by-form";
const hook = (date: string) => ({
  id: HOOK,
  source: "zapier",
  connection: "demo",
  action: "CreateVisit",
  auth: { scheme: "api-key", secrets: ["hooks/zapier-visits"] },
  mapping: { "customer.extCustNo": "cust_no", date },
});
const config = (date: string) => ({
  connections: [{ id: "demo", secret: "salesmania-demo", baseUrl: "http://127.0.0.1:9" }],
  hooks: [hook(date)],
});

let stack: TestStack;
beforeAll(async () => {
  // Deployed with a field name the zap does not send.
  stack = await startTestStack({ config: config("tanggal") });
});
afterAll(async () => {
  await stack?.close();
});

const smx = (argv: string[], env: Record<string, string> = {}) =>
  runSmx(argv, env, stackStateFile(stack.stateDir));

async function post(form: Record<string, string>, key: string) {
  const response = await fetch(stack.urls.hooks[HOOK]!, {
    method: "POST",
    headers: { "x-api-key": "demo-zapier-key", "idempotency-key": key },
    body: new URLSearchParams(form),
  });
  return { status: response.status, eventId: ((await response.json()) as { eventId: string }).eventId };
}

/** Corrects the configuration file the CLI reads (the running server keeps its own until restarted). */
const fixConfig = () =>
  writeFileSync(join(stack.stateDir, "smx.config.json"), JSON.stringify(config("visit_date")));

const visits = (customerId: number, date: string) =>
  stack.sandbox!.sandbox.state().visits.filter((x) => x.customer_id === customerId && x.date === date);

describe("rejected events", () => {
  it("re-runs one through the corrected configuration, recorded as the OS user", async () => {
    const posted = await post({ cust_no: "C-001", visit_date: "2026-04-01" }, "cli-rerun-1");
    expect(posted.status).toBe(422);
    const early = await smx(["events", "rerun", posted.eventId]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("StillUnusableError");
    expect(early.stderr).toContain("date");

    fixConfig();
    const rerun = await smx(["events", "rerun", posted.eventId, "--json"]);
    expect(rerun.code).toBe(0);
    expect(rerun.json()).toMatchObject({ outcome: "delivered", event: { status: "delivered" } });
    expect(visits(100001, "2026-04-01")).toHaveLength(1);
    const shown = await smx(["events", "show", posted.eventId]);
    expect(shown.stdout).toContain(`rerun by cli:${userInfo().username}`);
    const again = await smx(["events", "rerun", posted.eventId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("EventStateError");
  });

  it("dismisses one with a reason, as --actor", async () => {
    const posted = await post({ cust_no: "C-002" }, "cli-dismiss-1");
    expect(posted.status).toBe(422);
    const noReason = await smx(["events", "dismiss", posted.eventId]);
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain("--reason");
    const dismissed = await smx([
      "events",
      "dismiss",
      posted.eventId,
      "--reason",
      "a test post",
      "--actor",
      "ana",
    ]);
    expect(dismissed.code).toBe(0);
    expect(dismissed.stdout).toContain(`${posted.eventId}: dismissed → closed`);
    const shown = await smx(["events", "show", posted.eventId, "--json"]);
    expect(shown.json()).toMatchObject({
      status: "closed",
      closure: { kind: "dismissed", actor: "cli:ana", reason: "a test post" },
    });
  });
});

describe("unknown outcomes", () => {
  async function unknownOrder(extOrderNo: string, committed: boolean) {
    const parked = await parkUnknownOrder(stack, { hookId: HOOK, extOrderNo, committed });
    expect(parked.kind).toBe("unknown_outcome");
    return parked.eventId;
  }
  const orders = (extOrderNo: string) =>
    stack.sandbox!.sandbox.state().orders.filter((o) => o.ext_order_no === extOrderNo);

  it("refuses a plain replay, and resolves one as existing with its SalesMania id", async () => {
    const eventId = await unknownOrder("SO-CLI-1", true);
    const replay = await smx(["events", "replay", eventId]);
    expect(replay.code).toBe(1);
    expect(replay.stderr).toContain("UnknownOutcomeReplayError");
    expect(replay.stderr).toContain(`events resolve ${eventId} --existing`);
    const usage = await smx(["events", "resolve", eventId]);
    expect(usage.stderr).toContain("give --existing <salesmania id> or --not-created");

    const orderId = orders("SO-CLI-1")[0]!.id;
    const resolved = await smx(["events", "resolve", eventId, "--existing", String(orderId)]);
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toContain(`${eventId}: resolved → delivered`);
    expect(resolved.stdout).toContain(`"orderId":${orderId}`);
    expect(orders("SO-CLI-1")).toHaveLength(1);
  });

  it("resolves one as not created by delivering it, once", async () => {
    const eventId = await unknownOrder("SO-CLI-2", false);
    const resolved = await smx(["events", "resolve", eventId, "--not-created", "--json"]);
    expect(resolved.json()).toMatchObject({ outcome: "delivered" });
    expect(orders("SO-CLI-2")).toHaveLength(1);
  });

  it("asks for --yes before replaying every unknown_outcome event, and replays them with it", async () => {
    const eventId = await unknownOrder("SO-CLI-3", false);
    const asked = await smx(["events", "replay", "--status", "unknown_outcome"]);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain("--yes");
    expect(orders("SO-CLI-3")).toHaveLength(0);
    const confirmed = await smx(["events", "replay", "--status", "unknown_outcome", "--yes", "--json"]);
    expect(confirmed.json().items).toContainEqual(expect.objectContaining({ eventId, outcome: "delivered" }));
    expect(orders("SO-CLI-3")).toHaveLength(1);
  });
});

describe("secrets", () => {
  it("config check resolves every ref and names the broken one; hooks list shows it", async () => {
    const ok = await smx(["config", "check"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("all secrets resolve and have the right form");

    const broken = {
      SMX_SECRET_HOOKS_ZAPIER_VISITS: "  ",
      SMX_SECRET_SALESMANIA_DEMO: '{"username":"demo"}',
    };
    const check = await smx(["config", "check", "--json"], broken);
    expect(check.code).toBe(1);
    expect(check.json()).toEqual([
      expect.objectContaining({
        owner: "connection",
        id: "demo",
        problem: expect.stringContaining('key "password"'),
      }),
      expect.objectContaining({
        owner: "hook",
        id: HOOK,
        ref: "hooks/zapier-visits",
        problem: expect.stringContaining("is empty"),
      }),
    ]);
    expect(check.stdout).not.toContain("demo-zapier-key");
    const listed = await smx(["hooks", "list"], broken);
    expect(listed.stdout).toMatch(new RegExp(`${HOOK}\\s+zapier.*PROBLEM`));
    expect(listed.stdout).toContain("is empty");
  });
});

describe("which configuration the CLI reads", () => {
  it("names the file and why: the running stack's, SMX_CONFIG's (with a note), or --config's", async () => {
    const stackFile = join(stack.stateDir, "smx.config.json");
    const own = await smx(["config", "check"]);
    expect(own.stderr).toBe(`config: ${stackFile} (the file the running local stack loaded)\n`);

    const other = join(stack.stateDir, "other.config.json");
    writeFileSync(other, JSON.stringify(config("visit_date")));
    const fromEnv = await smx(["hooks", "list", "--json"], { SMX_CONFIG: other });
    expect(fromEnv.stderr).toContain(`config: ${other} (from SMX_CONFIG)`);
    expect(fromEnv.stderr).toContain(`note: the running local stack serves ${stackFile}`);
    expect(fromEnv.json()).toEqual([expect.objectContaining({ id: HOOK })]);

    const fromFlag = await smx(["--config", other, "events", "list", "--hook", HOOK], {
      SMX_CONFIG: stackFile,
    });
    expect(fromFlag.stderr).toContain(`config: ${other} (from --config)`);
    expect(fromFlag.code).toBe(0);

    const missing = await smx(["--config", join(stack.stateDir, "nope.json"), "config", "check"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("nope.json (from --config)");
    expect(missing.stderr).toContain("ConfigError");
  });
});
