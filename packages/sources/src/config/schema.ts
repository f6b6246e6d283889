// The whole configuration document: SalesMania connections and the hooks that deliver to them.
import { ConnectionConfig } from "@smx/core";
import * as v from "valibot";
import { HookConfig } from "./hooks.ts";

export const SmxConfig = v.strictObject({
  /** Editors read this to find smx.config.schema.json. */
  $schema: v.optional(v.string()),
  connections: v.array(ConnectionConfig),
  hooks: v.array(HookConfig),
});
export type SmxConfig = v.InferOutput<typeof SmxConfig>;
