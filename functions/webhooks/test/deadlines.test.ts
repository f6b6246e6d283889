// Every dependency call has a deadline (issue 9, item 4): a paused DynamoDB Local (SIGSTOP on a private JVM)
// and a Secrets Manager that accepts connections and never answers get a quick 503 with Retry-After from the
// Node server, instead of requests that hang until the dependency wakes up. Nothing here measures time: a
// missing deadline shows as a request that never answers while the dependency stays paused.
import { createServer, type Server, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { startDynamoDbLocal } from "@smx/aws/testing";
import { createRuntime } from "@smx/runtime";
import { prepareTestEnv, type TestEnv } from "@smx/runtime/testing";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhooksServer, type WebhooksServer } from "../src/server.ts";
import { ZAPIER_VISITS_HOOK } from "./support/cases.ts";

const KEY = "deadline-key-71c0";
const HOOK = ZAPIER_VISITS_HOOK;

/** A TCP server that accepts every connection and never sends a byte. */
async function blackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const post = (server: WebhooksServer, key: string, date: string) =>
  fetch(`${server.url}/hooks/zapier-visits`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": KEY, "idempotency-key": key },
    body: JSON.stringify({ cust_no: "C-001", visit_date: date }),
  });

let sandbox: StartedSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

describe("a paused DynamoDB", () => {
  let dynamo: Awaited<ReturnType<typeof startDynamoDbLocal>>;
  let testEnv: TestEnv;
  let server: WebhooksServer;

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
    testEnv = await prepareTestEnv({
      dynamoEndpoint: dynamo.endpoint,
      salesmaniaUrl: sandbox.url,
      hooks: [HOOK],
      secrets: { "zapier-key": KEY },
      extra: { SMX_AWS_TIMEOUT_MS: "500", SMX_AWS_MAX_ATTEMPTS: "2" },
    });
    // A short inline budget keeps the lease of a claim that landed while paused short, so the resend below
    // takes it over soon.
    server = await startWebhooksServer({ runtime: createRuntime(testEnv.env), port: 0, budgetMs: 1_000 });
  }, 180_000);
  afterAll(async () => {
    if (dynamo) process.kill(dynamo.pid, "SIGCONT");
    await server?.close();
    await dynamo?.stop();
    testEnv?.cleanup();
  });

  it("answers 503 ledger_unavailable with Retry-After while it is paused, and delivers once it is back", async () => {
    // Working before the pause. The deadline is short on purpose, so on a busy machine the fresh JVM's first
    // answers may miss it: resent as a sender would, like any 503 (a claim written by a missed try answers
    // 409 until its lease ends). A 202 counts as working too: the ledger
    // recorded the attempt, which the rate limiter's first lease on the fresh JVM left no budget to send
    // (`rate_limited`, for the redrive).
    const before = await resendWhileBusy(() => post(server, "paused-0", "2026-12-27"));
    expect([200, 201, 202]).toContain(before.status);
    process.kill(dynamo.pid, "SIGSTOP");
    try {
      const answer = await post(server, "paused-1", "2026-12-28");
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("30");
      expect(await answer.json()).toMatchObject({ error: { code: "ledger_unavailable" } });
    } finally {
      process.kill(dynamo.pid, "SIGCONT");
    }
    // Back up: the sender's resend is delivered exactly once. Which answer it gets depends on whether the
    // paused claim's write landed when DynamoDB woke up (a live claim: 409 until its lease ends, then taken
    // over), so the resend is repeated as a sender would until it is settled.
    const again = await resendWhileBusy(() => post(server, "paused-1", "2026-12-28"));
    expect([200, 201]).toContain(again.status);
    const visits = sandbox.sandbox.state().visits.filter((visit) => visit.date === "2026-12-28");
    expect(visits).toHaveLength(1);
  }, 120_000);
});

/** Resends as a sender would while the answer says "later" (503, or 409 for a live claim), after Retry-After. */
async function resendWhileBusy(send: () => Promise<Response>): Promise<Response> {
  let answer = await send();
  for (let tries = 0; (answer.status === 503 || answer.status === 409) && tries < 10; tries++) {
    await sleep(Math.min(Number(answer.headers.get("retry-after") ?? "1"), 2) * 1000);
    answer = await send();
  }
  return answer;
}

describe("a Secrets Manager that never answers", () => {
  let hole: Awaited<ReturnType<typeof blackHole>>;
  let testEnv: TestEnv;
  let server: WebhooksServer;
  const previous = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;

  beforeAll(async () => {
    hole = await blackHole();
    // The SDK's own per-service endpoint variable sends the runtime's real client to the black hole.
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = hole.url;
    const { inject } = await import("vitest");
    testEnv = await prepareTestEnv({
      dynamoEndpoint: inject("dynamoEndpoint"),
      salesmaniaUrl: sandbox.url,
      hooks: [HOOK],
      extra: { SMX_SECRETS: "aws", SMX_AWS_TIMEOUT_MS: "300", SMX_AWS_MAX_ATTEMPTS: "2" },
    });
    server = await startWebhooksServer({ runtime: createRuntime(testEnv.env), port: 0 });
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = previous;
    await server?.close();
    await hole?.close();
    testEnv?.cleanup();
  });

  it("answers 503 hook_secret_unavailable with Retry-After instead of hanging", async () => {
    const answer = await post(server, "secret-1", "2026-12-29");
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("300");
    expect(await answer.json()).toMatchObject({ error: { code: "hook_secret_unavailable" } });
  });
});
