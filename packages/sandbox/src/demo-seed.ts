// The demo data lives in seeds/demo.json (also used by the CLI); this is the same seed for code.
import demo from "../seeds/demo.json" with { type: "json" };
import { parseSeed } from "./seed.ts";
import type { SandboxSeed } from "./types.ts";

/** User demo/demo-password, database 2981 "PT Contoh Distribusi" (teams 24728, 24729), 5 customers, 5 products. */
export const demoSeed: SandboxSeed = parseSeed(demo, "seeds/demo.json");
