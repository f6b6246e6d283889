// The JSON Schema editors use to validate and complete smx.config.json, generated from the valibot schema
// so the two cannot drift (a test compares it with the committed smx.config.schema.json).
// The scheduled sections' schemas come from @smx/calendar and @smx/jobs here only: this script is for the
// generator and its test, never imported by the app.
import { FeedConfig, PlanConfig } from "@smx/calendar";
import { JobConfig } from "@smx/jobs";
import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import { SmxConfig } from "../src/config/schema.ts";

const Document = v.strictObject({
  ...SmxConfig.entries,
  feeds: v.optional(v.array(FeedConfig)),
  plans: v.optional(v.array(PlanConfig)),
  jobs: v.optional(v.array(JobConfig)),
});

/** Checks (time zones, id patterns' messages) and transforms have no JSON Schema form; they are left out. */
export function configJsonSchema(): Record<string, unknown> {
  const { $schema, ...schema } = toJsonSchema(Document, { errorMode: "ignore", target: "draft-07" });
  return { $schema, title: "SalesMania hooks configuration (smx.config.json)", ...schema };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
