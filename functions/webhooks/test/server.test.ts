// The app on Node (the local stack's server) over real HTTP, and what it logs: an unauthenticated body is
// never logged, an unexpected fault becomes a logged 500 with a reference, and an unreachable ledger a 503.
import { request } from "node:http";
import { connect } from "node:net";
import type { LogFields, Logger } from "@smx/core";
import { createRuntime, type Runtime } from "@smx/runtime";
import { prepareTestEnv, type TestEnv } from "@smx/runtime/testing";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../src/app.ts";
import { startWebhooksServer, type WebhooksServer } from "../src/server.ts";

const API_KEY = "make-api-key-0c3e9";
const HOOK = {
  id: "make-visits",
  source: "make",
  connection: "demo",
  action: "CreateVisit",
  auth: { scheme: "api-key", header: "authorization", secrets: ["make-key"] },
  mapping: { "customer.extCustNo": "customer", date: "date" },
};

interface Line {
  level: string;
  message: string;
  fields: LogFields;
}

/** A Logger that keeps every line (with its child fields) for assertions. */
function captureLogger(lines: Line[], base: LogFields = {}): Logger {
  const at =
    (level: string) =>
    (message: string, fields: LogFields = {}) =>
      lines.push({ level, message, fields: { ...base, ...fields } });
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => captureLogger(lines, { ...base, ...fields }),
  };
}

let sandbox: StartedSandbox;
let testEnv: TestEnv;
const lines: Line[] = [];
let runtime: Runtime;
let server: WebhooksServer;

beforeAll(async () => {
  sandbox = await startSandbox();
  testEnv = await prepareTestEnv({
    dynamoEndpoint: inject("dynamoEndpoint"),
    salesmaniaUrl: sandbox.url,
    hooks: [HOOK],
    secrets: { "make-key": API_KEY },
  });
  runtime = createRuntime(testEnv.env, { logger: captureLogger(lines) });
  server = await startWebhooksServer({ runtime, port: 0 });
});
afterAll(async () => {
  await server?.close();
  await sandbox?.close();
  testEnv?.cleanup();
});

describe("startWebhooksServer", () => {
  it("serves the app on a loopback port", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.url}/health`);
    expect(await health.json()).toEqual({ ok: true });

    const answer = await fetch(`${server.url}/hooks/make-visits`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ customer: "C-004", date: "2026-12-18" }),
    });
    expect(answer.status).toBe(201);
    expect(await answer.json()).toMatchObject({ status: "delivered", result: { ids: expect.any(Object) } });
    expect(sandbox.sandbox.state().visits).toContainEqual(
      expect.objectContaining({ customer_id: 100004, date: "2026-12-18" }),
    );
  });

  it("answers a body over the hook's limit with 413 over real HTTP", async () => {
    const answer = await fetch(`${server.url}/hooks/make-visits`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ customer: "C-004", padding: "x".repeat(300 * 1024) }),
    });
    expect(answer.status).toBe(413);
  });

  it("answers a chunked body (no Content-Length) with 413 once the limit is passed, not after reading it all", async () => {
    const { status, answeredWhileSending } = await postEndlessChunks(`${server.url}/hooks/make-visits`, {
      "content-type": "application/json",
      authorization: `Bearer ${API_KEY}`,
    });
    expect(status).toBe(413);
    expect(answeredWhileSending).toBe(true);
  });
});

/**
 * Streams 16 KiB chunks (Transfer-Encoding: chunked) until the server answers, giving up after 64 MiB. A server
 * that reads the whole body first answers only after the last chunk, so `answeredWhileSending` is false.
 */
function postEndlessChunks(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; answeredWhileSending: boolean }> {
  const chunk = Buffer.alloc(16 * 1024, "x");
  const maxChunks = 4096;
  return new Promise((resolve, reject) => {
    let ended = false;
    const req = request(url, { method: "POST", headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, answeredWhileSending: !ended });
      req.destroy();
    });
    // The server may close the connection right after answering; the answer is what counts.
    req.on("error", (error) => (ended ? undefined : reject(error)));
    let sent = 0;
    const pump = () => {
      if (req.destroyed) return;
      if (sent === maxChunks) {
        ended = true;
        req.end();
        return;
      }
      sent++;
      if (req.write(chunk)) setImmediate(pump);
      else req.once("drain", pump);
    };
    req.write("{");
    pump();
  });
}

/** Sends `text` on a raw socket and never more; resolves with everything the server wrote before closing. */
function stall(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let answer = "";
    const socket = connect(Number(port), hostname, () => socket.write(text));
    socket.on("data", (chunk) => {
      answer += chunk.toString();
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(answer));
  });
}

describe("a sender that stalls (issue 9, item 7)", () => {
  let strict: WebhooksServer;
  beforeAll(async () => {
    strict = await startWebhooksServer({ runtime, port: 0, headersTimeoutMs: 300, requestTimeoutMs: 600 });
  });
  afterAll(async () => {
    await strict?.close();
  });

  it("answers 408 and closes when the body stops arriving", async () => {
    const head = `POST /hooks/make-visits HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"customer":`;
    expect(await stall(strict.url, head)).toMatch(/^HTTP\/1\.1 408/);
  });

  it("answers 408 and closes when the headers stop arriving", async () => {
    expect(await stall(strict.url, "POST /hooks/make-visits HTTP/1.1\r\nHost: x\r\n")).toMatch(
      /^HTTP\/1\.1 408/,
    );
  });
});

describe("logging", () => {
  it("logs an authentication failure with the hook and header, never the body or a key", async () => {
    const marker = "PRIVATE-CUSTOMER-NOTE-91f2";
    const answer = await fetch(`${server.url}/hooks/make-visits`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer guessed-key" },
      body: JSON.stringify({ customer: "C-004", date: "2026-12-19", note: marker }),
    });
    expect(answer.status).toBe(401);
    const failure = lines.find((line) => line.message === "authentication failed");
    expect(failure).toMatchObject({
      level: "warn",
      fields: { hookId: "make-visits", header: "authorization" },
    });
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain(marker);
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain("guessed-key");
  });

  it("turns an unexpected fault into a logged 500 with a reference", async () => {
    const broken = createRuntime(
      { ...testEnv.env, SMX_TABLE_NAME: "smx-table-that-does-not-exist" },
      { logger: captureLogger(lines) },
    );
    const answer = await createApp(broken).request("/hooks/make-visits", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ customer: "C-004", date: "2026-12-22" }),
    });
    expect(answer.status).toBe(500);
    const body = (await answer.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("internal_error");
    const reference = /reference ([\w-]+)/.exec(body.error.message)?.[1];
    expect(reference).toBeDefined();
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: "error",
        message: "unexpected error",
        fields: expect.objectContaining({
          requestId: reference,
          error: expect.objectContaining({ name: "ResourceNotFoundException" }),
        }),
      }),
    );
  });

  it("answers 503 with Retry-After when the ledger is unreachable, and creates nothing", async () => {
    const visitsBefore = sandbox.sandbox.state().visits.length;
    const unreachable = createRuntime(
      // Port 1 on loopback refuses connections: DynamoDB is down as far as this runtime can tell.
      { ...testEnv.env, SMX_DYNAMODB_ENDPOINT: "http://127.0.0.1:1" },
      { logger: captureLogger(lines) },
    );
    const answer = await createApp(unreachable).request("/hooks/make-visits", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ customer: "C-004", date: "2026-12-23" }),
    });
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("30");
    expect(await answer.json()).toMatchObject({ error: { code: "ledger_unavailable" } });
    expect(sandbox.sandbox.state().visits).toHaveLength(visitsBefore);
    expect(lines).toContainEqual(expect.objectContaining({ level: "error", message: "ledger unavailable" }));
  });
});
