// A record of every API request (admin calls excluded) for tests to assert on what a client sent.
import type { MiddlewareHandler } from "hono";
import type { FaultMark, SandboxEnv } from "./env.ts";

export interface JournalEntry {
  /** ISO time from the sandbox clock. */
  at: string;
  method: string;
  path: string;
  /** Query parameters; the team_token value is replaced by "[redacted]". */
  query: Record<string, string>;
  /** HTTP status answered; 0 when the connection was dropped (hang, reset) or is still open. */
  status: number;
  fault?: FaultMark;
  /** The parsed JSON body, or its raw text when it is not JSON. */
  requestBody?: unknown;
}

const REDACTED = "[redacted]";

export class Journal {
  private list: JournalEntry[] = [];

  entries(): JournalEntry[] {
    return structuredClone(this.list);
  }

  clear(): void {
    this.list = [];
  }

  middleware(now: () => number): MiddlewareHandler<SandboxEnv> {
    return async (c, next) => {
      const query = c.req.query();
      if (query.team_token !== undefined) query.team_token = REDACTED;
      const entry: JournalEntry = {
        at: new Date(now()).toISOString(),
        method: c.req.method,
        path: c.req.path,
        query,
        status: 0,
      };
      if (c.req.method !== "GET" && c.req.method !== "HEAD") {
        const text = await c.req.text();
        if (text !== "") entry.requestBody = parseOrText(text);
      }
      this.list.push(entry);
      try {
        await next();
        if (!c.get("dropped")) entry.status = c.res.status;
      } finally {
        const fault = c.get("fault");
        if (fault) entry.fault = fault;
      }
    };
  }
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
