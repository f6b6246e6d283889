import * as v from "valibot";
import { SandboxSeedError } from "./errors.ts";
import { CustomerFields, Id, ProductFields } from "./schemas.ts";
import type { SandboxSeed } from "./types.ts";

const Team = v.object({ id: Id, name: v.string() });
export const DatabaseSchema = v.object({ id: Id, name: v.string(), teams: v.array(Team) });
export const SeedUserSchema = v.object({
  username: v.pipe(v.string(), v.nonEmpty()),
  password: v.pipe(v.string(), v.nonEmpty()),
  databaseIds: v.array(Id),
  defaultTeamId: v.optional(Id),
});

export const SeedSchema = v.object({
  users: v.array(SeedUserSchema),
  databases: v.array(DatabaseSchema),
  customers: v.optional(v.array(v.object({ ...CustomerFields.entries, databaseId: Id, id: v.optional(Id) }))),
  products: v.optional(v.array(v.object({ ...ProductFields.entries, databaseId: Id, id: v.optional(Id) }))),
});

/** Checks a seed's shape; `source` names where it came from (a file path, "POST /_sandbox/seed"). */
export function parseSeed(input: unknown, source: string): SandboxSeed {
  const result = v.safeParse(SeedSchema, input);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => {
    const path = v.getDotPath(issue) ?? "(root)";
    // valibot messages quote the received value; a password must not end up in an error.
    const why = path.endsWith(".password") ? "expected a non-empty string" : issue.message;
    return `${path}: ${why}`;
  });
  throw new SandboxSeedError(`invalid seed from ${source}: ${problems.join("; ")}`);
}
