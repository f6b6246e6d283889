// `tsx packages/salesmania/scripts/phone-metadata.ts`: rewrites src/phone-metadata.json from the installed
// libphonenumber-js (run it after upgrading that package; test/phone-metadata.test.ts says when).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import max from "libphonenumber-js/metadata.max.json";
import { phoneMetadataSlice } from "../src/phone-metadata-slice.ts";

const file = join(import.meta.dirname, "../src/phone-metadata.json");
writeFileSync(file, `${JSON.stringify(phoneMetadataSlice(max))}\n`);
console.log(`wrote ${file}`);
