// The same app on Node, for the local stack: one HTTP server on a loopback port (0 picks a free one).
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Runtime } from "@smx/runtime";
import { type AppOptions, createApp } from "./app.ts";

export interface WebhooksServerOptions extends AppOptions {
  /** The runtime, or a function giving the current one (the local stack swaps it when its config changes). */
  runtime: Runtime | (() => Runtime);
  port: number;
  host?: string;
  /** A client has this long to send its request headers (default 10 s); then Node answers 408. */
  headersTimeoutMs?: number;
  /** …and this long for the whole request, body included (default 30 s, API Gateway's own limit). */
  requestTimeoutMs?: number;
}

export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface WebhooksServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  close(): Promise<void>;
}

export function startWebhooksServer(options: WebhooksServerOptions): Promise<WebhooksServer> {
  const {
    runtime,
    port,
    host = "127.0.0.1",
    headersTimeoutMs = DEFAULT_HEADERS_TIMEOUT_MS,
    requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
    ...appOptions
  } = options;
  const current = typeof runtime === "function" ? runtime : () => runtime;
  // One app per runtime: built again only when the runtime it serves has been replaced.
  const first = current();
  let served = { runtime: first, app: createApp(first, appOptions) };
  const appFor = (now: Runtime) => {
    if (served.runtime !== now) served = { runtime: now, app: createApp(now, appOptions) };
    return served.app;
  };
  // Node's defaults hold a stalled body for 300 s; the timeouts are checked every connectionsCheckingInterval.
  const serverOptions = {
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, headersTimeoutMs / 4)),
  };
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: (request) => appFor(current()).fetch(request), port, hostname: host, serverOptions },
      (info: AddressInfo) => {
        const shown = info.family === "IPv6" ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${shown}:${info.port}`,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              // Idle keep-alive sockets would hold close() open until they time out.
              if ("closeAllConnections" in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once("error", reject);
  });
}
