// `pnpm --filter @smx/sources gen:schema`: writes smx.config.schema.json from the valibot schema.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configJsonSchemaText } from "./json-schema.ts";

const target = fileURLToPath(new URL("../smx.config.schema.json", import.meta.url));
writeFileSync(target, configJsonSchemaText());
console.log(`wrote ${target}`);
