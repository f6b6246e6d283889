// The CLI against a running local stack, in-process through runCli (the same function the `smx` binary
// runs): it finds the stack through its stack.json exactly as `pnpm smx` does after `npm run dev`.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { createDynamoClients, LEDGER_TABLE_SCHEMA } from "@smx/aws";
import { stackStateFile } from "@smx/runtime/local";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { EXAMPLE_SECRETS, startTestStack, type TestStack } from "../../local/test/support.ts";
import { progressBar } from "../src/progress.ts";
import { runSmx } from "./support.ts";

const HOOK = "visits-match-only";
const config = {
  connections: [{ id: "demo", secret: "salesmania-demo", baseUrl: "http://127.0.0.1:9" }],
  hooks: [
    {
      id: HOOK,
      source: "zapier",
      connection: "demo",
      action: "CreateVisit",
      auth: { scheme: "api-key", secrets: ["hooks/zapier-visits"] },
      customerPolicy: "match-only",
      mapping: {
        "customer.extCustNo": "cust_no",
        "customer.name": "customer_name",
        date: { from: "visit_date", transform: { date: { formats: ["DD/MM/YYYY"] } } },
        teamId: "team_id",
      },
    },
  ],
};

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ config });
});
afterAll(async () => {
  await stack?.close();
});

const smx = (argv: string[], env: Record<string, string> = {}, stateFile?: string) =>
  runSmx(argv, env, stateFile ?? stackStateFile(stack.stateDir));

/** Posts a visit for customer `custNo` through the hook (as a zap would). */
async function postVisit(custNo: string, key: string): Promise<{ status: number; eventId: string }> {
  const body = new URLSearchParams({
    cust_no: custNo,
    customer_name: `Toko ${custNo}`,
    visit_date: "25/03/2026",
    team_id: "24728",
  });
  const response = await fetch(stack.urls.hooks[HOOK]!, {
    method: "POST",
    headers: { "x-api-key": "demo-zapier-key", "idempotency-key": key },
    body,
  });
  return { status: response.status, eventId: ((await response.json()) as { eventId: string }).eventId };
}

/** A loopback port nothing listens on: one the OS just handed out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

function seedCustomer(custNo: string) {
  stack.sandbox!.sandbox.seed({
    users: [],
    databases: [],
    customers: [{ databaseId: 2981, name: `Toko ${custNo}`, ext_cust_no: custNo }],
  });
}

function visitsOf(custNo: string) {
  const state = stack.sandbox!.sandbox.state();
  const customer = state.customers.find((c) => c.ext_cust_no === custNo);
  return customer === undefined ? [] : state.visits.filter((visit) => visit.customer_id === customer.id);
}

describe("events", () => {
  it("lists, shows and replays a dead event once its cause is fixed", async () => {
    const posted = await postVisit("C-777", "cli-dead-1");
    expect(posted.status).toBe(422);

    const listed = await smx(["events", "list", "--status", "dead", "--json"]);
    expect(listed.code).toBe(0);
    const records = listed.json() as { eventId: string; lastError: { code: string }; claimToken?: string }[];
    const dead = records.find((record) => record.eventId === posted.eventId)!;
    expect(dead.lastError.code).toBe("customer_not_found");
    expect(dead).not.toHaveProperty("claimToken");

    const human = await smx(["events", "list", "--hook", HOOK]);
    expect(human.stdout).toMatch(new RegExp(`${posted.eventId}\\s+dead\\s+${HOOK}`));

    const ids = (argv: string[]) =>
      smx(["events", "list", ...argv, "--json"]).then((run) =>
        (run.json() as { eventId: string }[]).map((r) => r.eventId),
      );
    expect(await ids(["--status", "dead", "--search", "cli-dead-1"])).toEqual([posted.eventId]);
    expect(await ids(["--status", "dead", "--until", "2020-01-01T00:00:00Z"])).toEqual([]);
    expect(await ids(["--status", "dead", "--source", "tally"])).toEqual([]);

    const shown = await smx(["events", "show", posted.eventId, "--json"]);
    expect(shown.json()).toMatchObject({
      eventId: posted.eventId,
      status: "dead",
      command: { kind: "CreateVisit", customer: { extCustNo: "C-777" } },
      attempts: [{ outcome: "dead", trigger: "inbound" }],
    });
    const shownHuman = await smx(["events", "show", posted.eventId]);
    expect(shownHuman.stdout).toContain("last error customer_not_found");
    expect(shownHuman.stdout).toContain('"extCustNo": "C-777"');

    const tooEarly = await smx(["events", "replay", posted.eventId]);
    expect(tooEarly.code).toBe(1);
    expect(tooEarly.stdout).toContain("replayed → dead — customer_not_found");

    seedCustomer("C-777");
    const replayed = await smx(["events", "replay", posted.eventId, "--json"]);
    expect(replayed.code).toBe(0);
    expect(replayed.json()).toMatchObject({ outcome: "delivered", event: { status: "delivered" } });
    expect(visitsOf("C-777").map((visit) => visit.date)).toEqual(["2026-03-25"]);

    const after = await smx(["events", "show", posted.eventId, "--json"]);
    const attempts = after
      .json()
      .attempts.map((a: { trigger: string; outcome: string }) => `${a.trigger}:${a.outcome}`);
    expect(attempts[0]).toBe("inbound:dead");
    expect(attempts.at(-1)).toBe("replay:delivered");
  });

  it("replays a dead event with an edited command from a file, and refuses an invalid one", async () => {
    const posted = await postVisit("C-7O1", "cli-typo-1"); // a typo'd customer number: letter O for zero
    expect(posted.status).toBe(422);
    const shown = await smx(["events", "show", posted.eventId, "--json"]);
    const command = shown.json().command;

    const invalidFile = join(stack.stateDir, "invalid-command.json");
    writeFileSync(invalidFile, JSON.stringify({ ...command, date: "25/03/2026" }));
    const refused = await smx(["events", "replay", posted.eventId, "--command", invalidFile]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("date");

    const fixedFile = join(stack.stateDir, "fixed-command.json");
    writeFileSync(
      fixedFile,
      JSON.stringify({ ...command, customer: { ...command.customer, extCustNo: "C-002" } }),
    );
    const replayed = await smx(["events", "replay", posted.eventId, "--command", fixedFile, "--json"]);
    expect(replayed.code).toBe(0);
    expect(replayed.json()).toMatchObject({
      outcome: "delivered",
      event: { status: "delivered", command: { customer: { extCustNo: "C-002" } } },
    });
    expect(visitsOf("C-002").map((visit) => visit.date)).toEqual(["2026-03-25"]);

    const misplaced = await smx(["events", "replay", "--status", "dead", "--command", fixedFile]);
    expect(misplaced.code).not.toBe(0);
    expect(misplaced.stderr).toContain("--command only applies to a single event");
  });

  it("replays every dead event of a hook in bulk, with a summary and an exit code scripts can test", async () => {
    const a = await postVisit("C-801", "cli-bulk-a");
    const b = await postVisit("C-802", "cli-bulk-b");
    expect([a.status, b.status]).toEqual([422, 422]);

    const unfixed = await smx(["events", "replay", "--status", "dead", "--hook", HOOK, "--json"]);
    expect(unfixed.code).toBe(1);
    expect(unfixed.json()).toMatchObject({ total: 2, outcomes: { dead: 2 } });

    seedCustomer("C-801");
    seedCustomer("C-802");
    const fixed = await smx(["events", "replay", "--status", "dead", "--hook", HOOK]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain("replayed 2 event(s): 2 delivered");
    expect(fixed.stderr).toBe("");
    expect(visitsOf("C-801")).toHaveLength(1);
    expect(visitsOf("C-802")).toHaveLength(1);

    const none = await smx(["events", "replay", "--status", "dead", "--hook", HOOK]);
    expect(none.stdout).toBe("nothing to replay: no event matches\n");
  });

  it("rejects unusable arguments with a message naming the option", async () => {
    const both = await smx(["events", "replay"]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("give an event id, or --status <status>");
    const badStatus = await smx(["events", "list", "--status", "lost"]);
    expect(badStatus.code).toBe(1);
    expect(badStatus.stderr).toContain("--status: expected one of in_progress, delivered, retry, dead");
    const badSince = await smx(["events", "list", "--hook", HOOK, "--since", "yesterday"]);
    expect(badSince.stderr).toContain("--since: expected an ISO-8601 date");
    const missing = await smx(["events", "show", "evt_missing"]);
    expect(missing.stderr).toContain("EventNotFoundError: no event evt_missing");
    // A delivered event never replays: refused before touching any event, not skipped one by one.
    const delivered = await smx(["events", "replay", "--status", "delivered"]);
    expect(delivered.code).toBe(1);
    expect(delivered.stderr).toContain(
      'UsageError: --status: expected one of dead, rejected, retry, unknown_outcome (the replayable statuses), got "delivered"',
    );
    expect(delivered.stdout).toBe("");
  });

  it("says when --hook names no configured hook, instead of only finding nothing", async () => {
    const listed = await smx(["events", "list", "--hook", "zapier-visit"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe("no events match\n");
    expect(listed.stderr).toContain(`note: no hook "zapier-visit" in the configuration; configured: ${HOOK}`);
    const replayed = await smx(["events", "replay", "--status", "dead", "--hook", "zapier-visit", "--json"]);
    expect(replayed.json()).toEqual({ total: 0, outcomes: {}, items: [] });
    expect(replayed.stderr).toContain('note: no hook "zapier-visit" in the configuration');
    const known = await smx(["events", "list", "--hook", HOOK]);
    expect(known.stderr).toBe("");
  });
});

describe("hooks", () => {
  it("lists hooks with the running stack's URLs, as JSON too", async () => {
    const listed = await smx(["hooks", "list", "--json"]);
    expect(listed.json()).toEqual([
      expect.objectContaining({ id: HOOK, source: "zapier", auth: "api-key", url: stack.urls.hooks[HOOK] }),
    ]);
    const other = await smx(["hooks", "list", "--base-url", "https://abc.execute-api.example.com"]);
    expect(other.stdout).toContain(`https://abc.execute-api.example.com/hooks/${HOOK}`);
  });

  it("sends a payload file with the hook's key, to the running stack by default", async () => {
    // C-001 is in the demo seed, so the match-only hook finds it.
    const payload = join(stack.stateDir, "visit.txt");
    writeFileSync(
      payload,
      "cust_no=C-001&customer_name=Toko+Sumber+Rejeki&visit_date=26%2F03%2F2026&team_id=24728",
    );
    const sent = await smx([
      "hooks",
      "test",
      HOOK,
      "--payload",
      payload,
      "--idempotency-key",
      "cli-t1",
      "--json",
    ]);
    expect(sent.code).toBe(0);
    expect(sent.json()).toMatchObject({
      status: 201,
      body: { status: "delivered" },
      url: stack.urls.hooks[HOOK],
    });
    expect(visitsOf("C-001").map((visit) => visit.date)).toEqual(["2026-03-26"]);

    // The same key again: answered from the ledger, nothing created twice.
    const human = await smx([
      ...["hooks", "test", HOOK, "--payload", payload, "--idempotency-key", "cli-t1"],
      ...["--url", `${stack.urls.webhooks}/`],
    ]);
    expect(human.stdout).toContain(`POST ${stack.urls.hooks[HOOK]}`);
    expect(human.stdout).toContain("→ HTTP 200");
    expect(visitsOf("C-001")).toHaveLength(1);
  });

  it("fails with exit code 1 when the hook refuses the sample (its customer is unknown)", async () => {
    const sent = await smx(["hooks", "test", HOOK]);
    expect(sent.code).toBe(1);
    expect(sent.stdout).toContain("→ HTTP 422");
    expect(sent.stdout).toContain("customer_not_found");
  });

  it("names the configured hooks when asked for an unknown one", async () => {
    const unknown = await smx(["hooks", "test", "nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`no hook "nope" in the configuration; configured: ${HOOK}`);
  });

  it("names the payload file that cannot be read, and the URL nothing answers at", async () => {
    const missing = await smx(["hooks", "test", HOOK, "--payload", "/nonexistent/visit.txt"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("UsageError: --payload: cannot read /nonexistent/visit.txt: ENOENT");
    const closed = await closedPort();
    const down = await smx(["hooks", "test", HOOK, "--url", `http://127.0.0.1:${closed}`]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(
      `HookRequestError: POST http://127.0.0.1:${closed}/hooks/${HOOK}: no answer (ECONNREFUSED); is the webhooks app running there`,
    );
  });
});

describe("connection check", () => {
  it("logs in to the demo account and lists its databases and teams", async () => {
    const check = await smx(["connection", "check", "demo", "--json"]);
    expect(check.code).toBe(0);
    expect(check.json()).toMatchObject({
      ok: true,
      baseUrl: stack.urls.sandbox,
      databases: [{ id: 2981, name: "PT Contoh Distribusi" }],
      teams: [{ id: 24728 }, { id: 24729 }],
    });
    const human = await smx(["connection", "check", "demo"]);
    expect(human.stdout).toContain("connection works");
  });

  it("fails clearly on a wrong password, without printing it", async () => {
    const wrong = JSON.stringify({ username: "demo", password: "not-the-password", databaseId: 2981 });
    const check = await smx(["connection", "check", "demo"], { SMX_SECRET_SALESMANIA_DEMO: wrong });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(
      /FAIL\s+token\s+.*refused the username\/password in secret "salesmania-demo"/,
    );
    expect(check.stdout).toContain("connection check failed");
    expect(check.stdout + check.stderr).not.toContain("not-the-password");
  });

  it("says which secret is missing", async () => {
    const check = await smx(["connection", "check", "demo", "--json"], {
      SMX_SECRET_SALESMANIA_DEMO: "{not json",
    });
    expect(check.json()).toMatchObject({ ok: false, steps: [{ step: "secret", ok: false }] });
  });
});

describe("choosing the ledger", () => {
  it("explains what to do when no stack runs and nothing is configured", async () => {
    const result = await smx(["events", "list", "--status", "dead"], {}, "/nonexistent/stack.json");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "NoTargetError: no ledger to work on: start the local stack (npm run dev",
    );
  });

  it("says the recorded local stack is gone when stack.json outlives it (killed, crashed)", async () => {
    const stale = join(stack.stateDir, "stale", "stack.json");
    mkdirSync(dirname(stale), { recursive: true });
    // The pid of a process that has exited: no stack runs under it any more.
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(
      stale,
      JSON.stringify({ ...JSON.parse(readFileSync(stackStateFile(stack.stateDir), "utf8")), pid: gone }),
    );
    const message = `StaleStackError: the local stack recorded in ${stale} (pid ${gone}) is not running; start it again (npm run dev) or delete that file`;
    for (const argv of [
      ["events", "list", "--status", "dead"],
      ["hooks", "test", HOOK],
    ]) {
      const result = await smx(argv, {}, stale);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(message);
    }
  });

  it("checks a login and lists hooks before any stack runs, as docs/local.md tells a new user to", async () => {
    const env = {
      SMX_CONFIG: join(stack.stateDir, "smx.config.json"),
      SMX_SALESMANIA_BASE_URL: stack.urls.sandbox!,
      SMX_SALESMANIA_USERNAME: "demo",
      SMX_SALESMANIA_PASSWORD: "demo-password",
      SMX_SALESMANIA_DATABASE_ID: "2981",
    };
    const check = await smx(["connection", "check", "demo", "--json"], env, "/nonexistent/stack.json");
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    expect(check.json()).toMatchObject({ ok: true, baseUrl: stack.urls.sandbox });
    const hooks = await smx(
      ["hooks", "list", "--base-url", "https://abc.execute-api.example.com", "--json"],
      env,
      "/nonexistent/stack.json",
    );
    expect(hooks.code).toBe(0);
    expect(hooks.json()).toEqual([
      expect.objectContaining({ id: HOOK, url: `https://abc.execute-api.example.com/hooks/${HOOK}` }),
    ]);
  });

  it("asks for a region when --table means AWS and none is configured", async () => {
    vi.stubEnv("AWS_REGION", undefined);
    vi.stubEnv("AWS_DEFAULT_REGION", undefined);
    vi.stubEnv("AWS_PROFILE", undefined);
    vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/aws-config");
    try {
      const result = await smx(["--table", "smx-prod", "events", "list", "--status", "dead"], {}, "/none");
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        "AwsRegionError: --table smx-prod is a DynamoDB table in AWS, and no AWS region is configured: set AWS_REGION (or use a profile with a region); for DynamoDB Local set SMX_DYNAMODB_ENDPOINT",
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("works on a table by name (--table), as against a deployed stage", async () => {
    const env = {
      SMX_DYNAMODB_ENDPOINT: stack.urls.dynamodb,
      SMX_CONFIG_JSON: JSON.stringify(config),
      SMX_SECRETS: "local",
      SMX_SECRETS_FILE: EXAMPLE_SECRETS,
    };
    const result = await smx(
      ["--table", stack.settings.tableName, "events", "list", "--hook", HOOK, "--json"],
      env,
      "/none",
    );
    expect(result.code).toBe(0);
    expect((result.json() as unknown[]).length).toBeGreaterThanOrEqual(3);
  });

  it("finds a stage's table by its SST name (--stage), and refuses an unknown stage", async () => {
    const stage = `t${Date.now().toString(36)}`;
    const { client } = createDynamoClients({ endpoint: inject("dynamoEndpoint") });
    await client.send(
      new CreateTableCommand({
        TableName: `salesmania-hooks-${stage}-LedgerTable-a1b2c3`,
        ...LEDGER_TABLE_SCHEMA,
      }),
    );
    client.destroy();
    const env = { SMX_DYNAMODB_ENDPOINT: inject("dynamoEndpoint"), SMX_CONFIG_JSON: JSON.stringify(config) };
    const found = await smx(["--stage", stage, "events", "list", "--status", "dead", "--json"], env, "/none");
    expect(found.code).toBe(0);
    expect(found.json()).toEqual([]);
    const unknown = await smx(["--stage", `${stage}x`, "events", "list", "--status", "dead"], env, "/none");
    expect(unknown.stderr).toContain(
      `StageTableError: stage "${stage}x": no DynamoDB table named salesmania-hooks-${stage}x-LedgerTable`,
    );
  });
});

describe("help and progress", () => {
  it("has --help on every command", async () => {
    const commands = [
      [],
      ["events"],
      ["events", "list"],
      ["events", "show"],
      ["events", "replay"],
      ["events", "rerun"],
      ["events", "dismiss"],
      ["events", "resolve"],
      ["config"],
      ["config", "check"],
      ["hooks"],
      ["hooks", "list"],
      ["hooks", "test"],
      ["connection"],
      ["connection", "check"],
    ];
    for (const path of commands) {
      const help = await smx([...path, "--help"], {}, "/none");
      expect(help.code, path.join(" ")).toBe(0);
      expect(help.stdout).toMatch(/^Usage: smx/);
    }
  });

  it("draws a progress bar only on a terminal", () => {
    let drawn = "";
    const bar = progressBar((text) => {
      drawn += text;
    }, true);
    bar(1, 2);
    bar(2, 2);
    expect(drawn).toBe(`\r[${"#".repeat(15)}${"-".repeat(15)}] 1/2\r[${"#".repeat(30)}] 2/2\n`);
    let piped = "";
    progressBar((text) => {
      piped += text;
    }, false)(1, 2);
    expect(piped).toBe("");
  });
});
