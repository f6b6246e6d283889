// Test support for the signed provider adapters: a hook context as the configuration loader would make it,
// sample payloads from examples/payloads, and delivery of a request over real HTTP on loopback so the bytes
// the adapter verifies are the bytes that crossed the wire.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as v from "valibot";
import { expect } from "vitest";
import type { HookContext, InboundRequest, Normalized, SourceAdapter } from "../src/adapter.ts";
import { authenticate } from "../src/auth/index.ts";
import { HookConfig } from "../src/config/hooks.ts";

export const NOW = Date.UTC(2026, 10, 28, 3, 30, 0);

export function hookContext(
  hook: v.InferInput<typeof HookConfig>,
  secrets: string[],
  options: { now?: number; timeZone?: string } = {},
): HookContext {
  return {
    hook: v.parse(HookConfig, hook),
    secrets,
    now: options.now ?? NOW,
    timeZone: options.timeZone ?? "Asia/Jakarta",
    retentionMs: 30 * 86_400_000,
  };
}

export function samplePayload(file: string): string {
  return readFileSync(new URL(`../../../examples/payloads/${file}`, import.meta.url), "utf8");
}

export function inboundRequest(body: string | Uint8Array, headers: Record<string, string>): InboundRequest {
  return {
    method: "POST",
    url: new URL("http://localhost:3000/hooks/test"),
    headers: new Headers({ "content-type": "application/json", ...headers }),
    body: typeof body === "string" ? new TextEncoder().encode(body) : body,
    receivedAt: NOW,
  };
}

/** Authenticate, parse and normalize, as the webhooks function does. */
export function receive(adapter: SourceAdapter, request: InboundRequest, context: HookContext): Normalized {
  authenticate(request, context, adapter);
  return adapter.normalize(adapter.parse(request), request, context);
}

/** Posts `body` with `headers` over HTTP to a loopback server that hands the raw bytes to the adapter. */
export async function receiveOverHttp(
  adapter: SourceAdapter,
  context: HookContext,
  body: string,
  headers: Record<string, string>,
): Promise<Normalized> {
  let outcome: { result: Normalized } | { error: unknown } | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headerList = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === "string") headerList.set(name, value);
      const request: InboundRequest = {
        method: req.method ?? "POST",
        url: new URL(req.url ?? "/", "http://127.0.0.1"),
        headers: headerList,
        body: new Uint8Array(Buffer.concat(chunks)),
        receivedAt: context.now,
      };
      try {
        outcome = { result: receive(adapter, request, context) };
      } catch (error) {
        outcome = { error };
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/hooks/${context.hook.id}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    expect(response.status).toBe(204);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (outcome === undefined) throw new Error("the loopback server answered without running the adapter");
  if ("error" in outcome) throw outcome.error;
  return outcome.result;
}

/** Runs `run`, expecting it to throw an instance of `type`; returns the error for further assertions. */
export function thrown<E extends Error>(type: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected ${type.name} to be thrown, nothing was`);
}

/** The event of a normalized result, failing the test when it was skipped. */
export function eventOf(normalized: Normalized) {
  if (normalized.kind !== "event") throw new Error(`expected an event, got a skip: ${normalized.reason}`);
  return normalized.event;
}
