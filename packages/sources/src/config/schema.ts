// The whole configuration document: SalesMania connections, the hooks that deliver to them, and the scheduled
// side: calendar feeds, journey plans and the jobs that run them (docs/jobs.md).
import { FeedConfig, PlanConfig } from "@smx/calendar";
import { ConnectionConfig } from "@smx/core";
import { JobConfig } from "@smx/jobs";
import * as v from "valibot";
import { HookConfig } from "./hooks.ts";

export const SmxConfig = v.strictObject({
  /** Editors read this to find smx.config.schema.json. */
  $schema: v.optional(v.string()),
  connections: v.array(ConnectionConfig),
  hooks: v.array(HookConfig),
  feeds: v.optional(v.array(FeedConfig), []),
  plans: v.optional(v.array(PlanConfig), []),
  jobs: v.optional(v.array(JobConfig), []),
});
export type SmxConfig = v.InferOutput<typeof SmxConfig>;
