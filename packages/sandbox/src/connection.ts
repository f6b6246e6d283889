// Ending a request without an HTTP answer, and waiting that can be cut short: hangs and latencies end
// when the client goes away or the sandbox shuts down, so neither leaks past close().

import type { SandboxContext } from "./env.ts";
import { SimulatedConnectionDrop } from "./errors.ts";

/**
 * Destroys the TCP socket under the request (the client sees a network error). In-process there is no
 * socket: throws SimulatedConnectionDrop so `app.fetch` rejects the way `fetch` would.
 */
export function dropConnection(c: SandboxContext): Response {
  c.set("dropped", true);
  const socket = c.env?.incoming?.socket;
  if (!socket)
    throw new SimulatedConnectionDrop(`${c.req.method} ${c.req.path}: connection dropped by a fault`);
  socket.destroy();
  // Nothing reaches the client any more; Hono still needs a value to finish the request.
  return new Response(null, { status: 500 });
}

/** Resolves when the client aborts the request or `shutdown` fires. */
export function waitForRelease(c: SandboxContext, shutdown: AbortSignal): Promise<void> {
  const signals = [c.req.raw.signal, shutdown];
  return new Promise((resolve) => {
    if (signals.some((s) => s.aborted)) return resolve();
    const done = () => {
      for (const s of signals) s.removeEventListener("abort", done);
      resolve();
    };
    for (const s of signals) s.addEventListener("abort", done);
  });
}

/** Waits `ms`; true when `shutdown` cut it short. */
export function sleep(ms: number, shutdown: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (shutdown.aborted) return resolve(true);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      shutdown.removeEventListener("abort", onAbort);
      resolve(false);
    }, ms);
    shutdown.addEventListener("abort", onAbort, { once: true });
  });
}
