// The whole configuration document: SalesMania connections, the hooks that deliver to them, and the scheduled
// side (calendar feeds, journey plans, the jobs that run them: docs/jobs.md). The scheduled sections are
// validated by @smx/jobs when the loader is given its check (see load.ts); here they are arrays.
import { ConnectionConfig } from "@smx/core";
import * as v from "valibot";
import { HookConfig } from "./hooks.ts";

export const SmxConfig = v.strictObject({
  /** Editors read this to find smx.config.schema.json. */
  $schema: v.optional(v.string()),
  connections: v.array(ConnectionConfig),
  hooks: v.array(HookConfig),
  feeds: v.optional(v.array(v.unknown()), []),
  plans: v.optional(v.array(v.unknown()), []),
  jobs: v.optional(v.array(v.unknown()), []),
});
export type SmxConfig = v.InferOutput<typeof SmxConfig>;
