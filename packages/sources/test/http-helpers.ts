// Test support for the generic sources: a request posted over real HTTP on loopback (any body bytes, any
// query string), received as the webhooks function receives it, then authenticated with the hook's scheme,
// parsed and normalized.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { HookContext, InboundRequest, Normalized, SourceAdapter } from "../src/adapter.ts";
import { authenticate } from "../src/auth/index.ts";
import { loadConfig } from "../src/config/index.ts";

export interface Post {
  body: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** Appended to `/hooks/{id}`, e.g. `?token=…`. */
  query?: string;
}

/** Posts over HTTP and returns the InboundRequest the server saw (raw bytes, headers, URL). */
export async function receivedOverHttp(hookId: string, post: Post): Promise<InboundRequest> {
  let received: InboundRequest | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === "string") headers.set(name, value);
      received = {
        method: req.method ?? "POST",
        url: new URL(req.url ?? "/", "http://127.0.0.1"),
        headers,
        body: new Uint8Array(Buffer.concat(chunks)),
        receivedAt: Date.now(),
      };
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/hooks/${hookId}${post.query ?? ""}`, {
      method: "POST",
      headers: post.headers ?? {},
      body: post.body,
    });
    if (response.status !== 204) throw new Error(`loopback server answered ${response.status}`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (received === undefined) throw new Error("the loopback server never saw the request");
  return received;
}

/** Authenticate (with the hook's scheme), parse and normalize, as the webhooks function does. */
export function handle(adapter: SourceAdapter, request: InboundRequest, context: HookContext): Normalized {
  authenticate(request, context, adapter);
  return adapter.normalize(adapter.parse(request), request, context);
}

export async function postToAdapter(
  adapter: SourceAdapter,
  context: HookContext,
  post: Post,
): Promise<Normalized> {
  return handle(adapter, await receivedOverHttp(context.hook.id, post), context);
}

const EXAMPLES = new URL("../../../examples/", import.meta.url);

/** A hook from examples/smx.config.json with its demo secret values, so the tests prove the examples work. */
export function exampleContext(hookId: string, now = Date.UTC(2026, 2, 24, 3, 0, 0)): HookContext {
  const config = loadConfig(fileURLToPath(new URL("smx.config.json", EXAMPLES)));
  const secrets = JSON.parse(readFileSync(new URL("secrets.local.example.json", EXAMPLES), "utf8"));
  const hook = config.hooks.find((h) => h.id === hookId);
  if (hook === undefined) throw new Error(`examples/smx.config.json has no hook ${hookId}`);
  const connection = config.connections.find((c) => c.id === hook.connection);
  return {
    hook,
    secrets: hook.auth.secrets.map((ref) => secrets[ref]),
    now,
    timeZone: hook.timeZone ?? connection?.timeZone ?? "Asia/Jakarta",
    retentionMs: 30 * 86_400_000,
  };
}

export function examplePayload(file: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(new URL(`payloads/${file}`, EXAMPLES)));
}
