// The intake driven without HTTP: web-standard Requests made by the test sender (@smx/sources), the runtime
// built from variables as on Lambda, DynamoDB Local for the ledger and the SalesMania sandbox over HTTP.
// Every kind of outcome, the secret rotation policy, and the dry run (`admit`) that records nothing.
import { writeFileSync } from "node:fs";
import { eventIdFor, type SecretsProvider } from "@smx/core";
import type { Runtime } from "@smx/runtime";
import type { TestEnv } from "@smx/runtime/testing";
import type { StartedSandbox } from "@smx/sandbox";
import { asFetchRequest, type HookConfig, hookRequest } from "@smx/sources";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Intake } from "../src/index.ts";
import { type IntakeTestStack, startIntakeTestStack } from "./support.ts";

const SECRETS = {
  "zapier-key": "zapier-key-5d1e",
  "typeform-secret": "typeform-secret-91c0",
  "erp-secret": "not-a-whsec-secret",
};
const visitMapping = { "customer.extCustNo": "cust_no", date: "visit_date" };
const HOOKS_BASE = {
  source: "zapier",
  connection: "demo",
  action: "CreateVisit",
  auth: { scheme: "api-key", secrets: ["zapier-key"] },
  mapping: visitMapping,
};

function zapierHook(id: string) {
  return { ...HOOKS_BASE, id };
}

const HOOKS = [
  {
    id: "zapier-visits",
    source: "zapier",
    connection: "demo",
    action: "CreateVisit",
    auth: { scheme: "api-key", secrets: ["zapier-key"] },
    mapping: visitMapping,
    maxBodyBytes: 2048,
  },
  {
    id: "typeform-visits",
    source: "typeform",
    connection: "demo",
    action: "CreateVisit",
    auth: { scheme: "signature", secrets: ["typeform-secret"] },
    mapping: { "customer.extCustNo": "hidden.cust_no", date: "answers.visit_date" },
  },
  { ...zapierHook("paused-visits"), disabled: true },
  {
    id: "erp-orders",
    source: "standard-webhooks",
    connection: "demo",
    action: "UpdateOrder",
    auth: { scheme: "signature", secrets: ["erp-secret"] },
  },
  { ...zapierHook("keyless-visits"), auth: { scheme: "api-key", secrets: ["no-such-ref"] } },
];

/** The local secrets provider, recording every forced re-read. */
function recording(provider: SecretsProvider) {
  const forced: string[] = [];
  return {
    forced,
    provider: {
      getSecret: (ref: string, options?: { forceRefresh?: boolean }) => {
        if (options?.forceRefresh) forced.push(ref);
        return provider.getSecret(ref, options);
      },
    } satisfies SecretsProvider,
  };
}

let stack: IntakeTestStack;
let sandbox: StartedSandbox;
let testEnv: TestEnv;
let runtime: Runtime;
let intake: Intake;
let forced: string[];
let counted: string[];

beforeAll(async () => {
  stack = await startIntakeTestStack({
    hooks: HOOKS,
    secrets: SECRETS,
    overrides: (plain) => {
      const secrets = recording(plain.secrets);
      forced = secrets.forced;
      return { secrets: secrets.provider };
    },
  });
  ({ sandbox, testEnv, runtime, intake, counted } = stack);
});
afterAll(() => stack?.close());

const hook = (id: string): HookConfig => runtime.hooks.get(id)!;

/** A request to `hookId` made by the test sender, signed or keyed with `secret`. */
function request(hookId: string, body: string, secret: string, contentType = "application/json"): Request {
  return asFetchRequest(
    hookRequest(hook(hookId), {
      baseUrl: "https://hooks.example.com",
      secret,
      body: new TextEncoder().encode(body),
      contentType,
    }),
  );
}

const visit = (custNo: string, date: string) => JSON.stringify({ cust_no: custNo, visit_date: date });
const OPTIONS = { budgetMs: 8_000 };
/** `body` as Zapier sends it to the zapier-visits hook, with its key. */
const zapier = (body: string) => request("zapier-visits", body, SECRETS["zapier-key"]);

describe("Intake.receive", () => {
  it("processes an authentic request, and answers a repeat from the ledger", async () => {
    const body = visit("C-001", "2026-12-04");
    const first = await intake.receive("zapier-visits", zapier(body), OPTIONS);
    expect(first).toMatchObject({ kind: "processed", result: { kind: "delivered" } });
    const again = await intake.receive("zapier-visits", zapier(body), OPTIONS);
    expect(again).toMatchObject({ kind: "processed", result: { kind: "duplicate" } });
    expect(sandbox.sandbox.state().visits.filter((v) => v.date === "2026-12-04")).toHaveLength(1);
  });

  it("refuses an unknown or switched-off hook before reading anything", async () => {
    const body = visit("C-001", "2026-12-05");
    expect(await intake.receive("nope", request("zapier-visits", body, "x"), OPTIONS)).toEqual({
      kind: "unknown_hook",
      hookId: "nope",
    });
    const paused = await intake.receive("paused-visits", request("paused-visits", body, "x"), OPTIONS);
    expect(paused).toMatchObject({ kind: "disabled", hook: { id: "paused-visits" } });
  });

  it("refuses a body over the hook's limit, declared or streamed", async () => {
    const big = visit("C-001", "2026-12-06").padEnd(4096, " ");
    const sized = zapier(big);
    // What an HTTP server sees; a Request built in memory carries no Content-Length of its own.
    sized.headers.set("content-length", String(big.length));
    const declared = await intake.receive("zapier-visits", sized, OPTIONS);
    expect(declared).toMatchObject({ kind: "too_large", error: { status: 413, header: "content-length" } });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new Uint8Array(512).fill(32));
        controller.close();
      },
    });
    const streamed = new Request("https://hooks.example.com/hooks/zapier-visits", {
      method: "POST",
      headers: { "x-api-key": SECRETS["zapier-key"] },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    const outcome = await intake.receive("zapier-visits", streamed, OPTIONS);
    expect(outcome).toMatchObject({ kind: "too_large", error: { status: 413 } });
    expect(outcome.kind === "too_large" && outcome.error.header).toBeUndefined();
  });

  it("keeps an authentic but unusable request as rejected, once however often it is sent", async () => {
    const body = JSON.stringify({ cust_no: "C-001" });
    const first = await intake.receive("zapier-visits", zapier(body), OPTIONS);
    if (first.kind !== "rejected") throw new Error(`expected rejected, got ${first.kind}`);
    expect(first.error).toMatchObject({ status: 422, code: "missing_field" });
    expect(first.record).toMatchObject({ status: "rejected", response: { status: 422 } });
    const again = await intake.receive("zapier-visits", zapier(body), OPTIONS);
    expect(again).toMatchObject({ kind: "rejected", record: { eventId: first.record.eventId } });
  });

  it("skips an event type the hook does not act on, and counts it", async () => {
    const partial = JSON.stringify({
      event_id: "evt-partial",
      event_type: "form_response_partial",
      form_response: { form_id: "f", token: "tok-partial" },
    });
    const outcome = await intake.receive(
      "typeform-visits",
      request("typeform-visits", partial, SECRETS["typeform-secret"]),
      OPTIONS,
    );
    expect(outcome).toMatchObject({
      kind: "skipped",
      reason: expect.stringContaining("form_response_partial"),
    });
    expect(counted).toContain("events_skipped");
  });

  it("answers our own secret problems as such: one missing, one not in the scheme's form", async () => {
    const body = visit("C-001", "2026-12-08");
    expect(
      await intake.receive("keyless-visits", request("keyless-visits", body, "x"), OPTIONS),
    ).toMatchObject({
      kind: "secret_problem",
      problem: "unavailable",
    });
    expect(await intake.receive("erp-orders", request("zapier-visits", body, "x"), OPTIONS)).toMatchObject({
      kind: "secret_problem",
      problem: "malformed",
    });
  });

  it("picks up a rotated secret with one forced re-read per hook per interval; a forgery costs no more", async () => {
    const rotated = "typeform-secret-after-rotation";
    const file = testEnv.env.SMX_SECRETS_FILE!;
    writeFileSync(
      file,
      JSON.stringify({
        "salesmania-demo": JSON.stringify({ username: "demo", password: "demo-password", databaseId: 2981 }),
        ...SECRETS,
        "typeform-secret": rotated,
      }),
    );
    const form = (token: string) =>
      JSON.stringify({
        event_id: `evt-${token}`,
        event_type: "form_response",
        form_response: {
          form_id: "kUnJ3vQ2",
          token,
          submitted_at: new Date().toISOString(),
          hidden: { cust_no: "C-002" },
          answers: [
            { type: "date", date: "2026-12-09", field: { id: "d", type: "date", ref: "visit_date" } },
          ],
        },
      });
    const before = forced.length;
    const signedNew = request("typeform-visits", form("tok-rot-1"), rotated);
    expect(await intake.receive("typeform-visits", signedNew, OPTIONS)).toMatchObject({
      kind: "processed",
      result: { kind: "delivered" },
    });
    expect(forced.slice(before)).toEqual(["typeform-secret"]);
    const forged = request("typeform-visits", form("tok-rot-2"), "forged-secret");
    expect(await intake.receive("typeform-visits", forged, OPTIONS)).toMatchObject({
      kind: "unauthenticated",
      error: { status: 401, header: "Typeform-Signature" },
    });
    expect(forced.slice(before)).toEqual(["typeform-secret"]);
    expect(counted).toContain("auth_failures");
  });
});

describe("Intake.admit (a dry run)", () => {
  it("shows the command a request becomes without recording or delivering anything", async () => {
    const body = visit("C-003", "2026-12-10");
    const admission = await intake.admit("zapier-visits", zapier(body));
    expect(admission).toMatchObject({
      kind: "admitted",
      event: { command: { kind: "CreateVisit", customer: { extCustNo: "C-003" }, date: "2026-12-10" } },
    });
    if (admission.kind !== "admitted") throw new Error(`expected admitted, got ${admission.kind}`);
    expect(await runtime.ledger.get(eventIdFor("zapier-visits", admission.event.dedupKey))).toBeUndefined();
    expect(sandbox.sandbox.state().visits.filter((v) => v.date === "2026-12-10")).toEqual([]);
  });
});
