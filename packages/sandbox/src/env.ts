import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";

/** Which database and team a data call acts for, from its verified team token. */
export interface Access {
  databaseId: number;
  teamId: number;
}

export interface FaultMark {
  ruleId: string;
  kind: "latency" | "status" | "hang" | "reset" | "commit-then-fail";
}

export type SandboxEnv = {
  /** Set by @hono/node-server; absent when the app is called in-process. */
  Bindings: Partial<HttpBindings>;
  Variables: {
    access: Access;
    fault: FaultMark;
    /** The connection was dropped without an HTTP answer (journal status 0). */
    dropped: boolean;
  };
};

export type SandboxContext = Context<SandboxEnv>;
