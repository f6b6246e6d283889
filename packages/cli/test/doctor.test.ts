// `smx doctor` against a running local stack: one hook whose secret is blank, one connection that cannot be
// reached, one disabled hook — each named with its fix, and a non-zero exit; the healthy ones pass.
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { stackStateFile } from "@smx/runtime/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "../../local/test/support.ts";
import type { DoctorReport } from "../src/doctor.ts";
import { runSmx } from "./support.ts";

const zapierHook = (id: string, connection: string, secret: string) => ({
  id,
  source: "zapier",
  connection,
  action: "CreateVisit",
  auth: { scheme: "api-key", secrets: [secret] },
  mapping: { "customer.extCustNo": "cust_no", date: "visit_date" },
});
/** A loopback port nothing listens on: taken from the system, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const configWith = (nowhere: string) => ({
  connections: [
    // The first connection is the local stack's sandbox.
    { id: "demo", secret: "salesmania-demo", baseUrl: "http://127.0.0.1:9" },
    // A well-formed secret, but nothing answers at this address.
    { id: "unreachable", secret: "salesmania-demo", baseUrl: nowhere },
  ],
  hooks: [
    zapierHook("visits-ok", "demo", "hooks/zapier-visits"),
    zapierHook("visits-blank-secret", "demo", "hooks/blank"),
    { ...zapierHook("visits-off", "demo", "hooks/zapier-visits"), disabled: true },
  ],
});
const BROKEN_SECRET = { SMX_SECRET_HOOKS_BLANK: "   " };

let stack: TestStack;
let nowhere: string;
beforeAll(async () => {
  nowhere = `http://127.0.0.1:${await closedPort()}`;
  stack = await startTestStack({ config: configWith(nowhere), env: BROKEN_SECRET });
});
afterAll(async () => {
  await stack?.close();
});

const smx = (argv: string[], env: Record<string, string> = BROKEN_SECRET) =>
  runSmx(argv, env, stackStateFile(stack.stateDir));

describe("smx doctor", () => {
  it("names the broken secret, the bad connection and the disabled hook, each with its fix", async () => {
    const run = await smx(["doctor", "--json"]);
    expect(run.code).toBe(1);
    const report = run.json() as DoctorReport;
    expect(report.baseUrl).toBe(stack.urls.webhooks);
    const failed = report.items.filter((item) => !item.ok);
    expect(failed).toEqual([
      expect.objectContaining({
        area: "secret",
        id: "visits-blank-secret",
        detail: expect.stringContaining('secret "hooks/blank"'),
        fix: expect.stringContaining(
          'store the value the sender signs or authenticates with in secret "hooks/blank"',
        ),
      }),
      expect.objectContaining({
        area: "connection",
        id: "unreachable",
        detail: `token failed at ${nowhere}`,
        fix: expect.stringContaining("is the connection's baseUrl right and reachable?"),
      }),
      expect.objectContaining({
        area: "hook",
        id: "visits-off",
        detail: expect.stringContaining("the hook is disabled"),
        fix: expect.stringContaining('remove "disabled": true from hook visits-off'),
      }),
    ]);
    // The healthy ones were really tried: the sandbox login, and each hook URL over HTTP.
    expect(report.items).toContainEqual(
      expect.objectContaining({
        area: "connection",
        id: "demo",
        ok: true,
        detail: expect.stringContaining("team(s)"),
      }),
    );
    expect(report.items).toContainEqual(
      expect.objectContaining({
        area: "hook",
        id: "visits-ok",
        ok: true,
        detail: `GET ${stack.urls.hooks["visits-ok"]}: ready`,
      }),
    );
    expect(run.stdout).not.toContain("demo-zapier-key");
  });

  it("prints each problem with a fix line, and passes once they are fixed", async () => {
    const human = await smx(["doctor"]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/FAIL {2}secret {5}visits-blank-secret .*\n {6}fix: store the value/);
    expect(human.stdout).toMatch(/FAIL {2}hook {7}visits-off .*\n {6}fix: remove "disabled": true/);
    expect(human.stdout).toContain("3 problem(s) to fix");

    const elsewhere = await smx(["doctor", "--url", nowhere]);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stdout).toContain(
      `FAIL  hook       visits-ok  GET ${nowhere}/hooks/visits-ok: no answer (ECONNREFUSED)`,
    );

    // The configuration the CLI reads, corrected: the unreachable connection and the disabled hook gone.
    const fixed = configWith(nowhere);
    fixed.connections = fixed.connections.filter((connection) => connection.id !== "unreachable");
    fixed.hooks = fixed.hooks.filter((hook) => hook.id !== "visits-off");
    writeFileSync(join(stack.stateDir, "smx.config.json"), JSON.stringify(fixed));
    const healthy = await smx(["doctor"], { SMX_SECRET_HOOKS_BLANK: "a-real-key" });
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).toContain("everything checked works");
  });
});
