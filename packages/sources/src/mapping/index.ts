// The mapping engine every source uses: payload → command (docs/mapping.md) and its dedup key.
export { buildCommand } from "./build.ts";
export {
  businessDedupKey,
  type DedupKey,
  headerDedupKey,
  knownDedupKey,
  resolveDedupKey,
} from "./dedup.ts";
export { readPath } from "./path.ts";
