// Shared set-up for the tests against the sandbox (@smx/sandbox over real HTTP on 127.0.0.1).
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { afterEach } from "vitest";
import { type RequestInfo, SalesmaniaClient, type SalesmaniaClientOptions } from "../src/index.ts";

export const DEMO = {
  username: "demo",
  password: "demo-password",
  databaseId: 2981,
  teams: [24728, 24729],
} as const;

/** Starts a sandbox per test (closed after it) and builds clients against it. */
export function useSandbox() {
  const started: StartedSandbox[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
  });

  return async (
    sandboxOptions: Parameters<typeof startSandbox>[0] = {},
    clientOptions: Partial<SalesmaniaClientOptions> = {},
  ) => {
    const running = await startSandbox(sandboxOptions);
    started.push(running);
    const requests: RequestInfo[] = [];
    const client = new SalesmaniaClient({
      baseUrl: running.url,
      auth: { kind: "credentials", username: DEMO.username, password: DEMO.password },
      retry: { baseDelayMs: 1, maxDelayMs: 20 },
      onRequest: (info) => requests.push(info),
      ...clientOptions,
    });
    const { sandbox } = running;
    /** `METHOD /path status` of every request the sandbox saw, for short readable assertions. */
    const calls = (filter?: string) =>
      sandbox
        .journal()
        .map((e) => `${e.method} ${e.path} ${e.status}`)
        .filter((line) => filter === undefined || line.startsWith(filter));
    return { client, sandbox, url: running.url, requests, calls };
  };
}
