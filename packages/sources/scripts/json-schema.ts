// The JSON Schema editors use to validate and complete smx.config.json, generated from the valibot schema
// so the two cannot drift (a test compares it with the committed smx.config.schema.json).
import { toJsonSchema } from "@valibot/to-json-schema";
import { SmxConfig } from "../src/config/schema.ts";

/** Checks (time zones, id patterns' messages) and transforms have no JSON Schema form; they are left out. */
export function configJsonSchema(): Record<string, unknown> {
  const { $schema, ...schema } = toJsonSchema(SmxConfig, { errorMode: "ignore", target: "draft-07" });
  return { $schema, title: "SalesMania hooks configuration (smx.config.json)", ...schema };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
