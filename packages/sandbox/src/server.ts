// Real HTTP for the sandbox via @hono/node-server; close() also ends hanging requests.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createSandboxRuntime } from "./sandbox.ts";
import type { Sandbox, SandboxOptions } from "./types.ts";

export interface StartedSandbox {
  /** e.g. "http://127.0.0.1:43121", no trailing slash. */
  url: string;
  sandbox: Sandbox;
  close(): Promise<void>;
}

export async function startSandbox(
  options: SandboxOptions & { port?: number | undefined; host?: string | undefined } = {},
): Promise<StartedSandbox> {
  const { port = 0, host = "127.0.0.1", ...sandboxOptions } = options;
  const { sandbox, shutdown } = createSandboxRuntime(sandboxOptions);
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: sandbox.app.fetch, port, hostname: host }, () =>
      resolve(started as Server),
    ) as Server;
    started.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    sandbox,
    close: () =>
      new Promise<void>((resolve, reject) => {
        shutdown();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
