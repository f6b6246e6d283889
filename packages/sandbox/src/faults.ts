// Fault rules: which requests misbehave, how, and how many times.
import { randomUUID } from "node:crypto";
import * as v from "valibot";
import { FaultRuleError } from "./errors.ts";

/** Optional members as `v.optional` reads them (code may pass `undefined` for "the default"). */
export type FaultRule = {
  /** "POST /extapi/v1.1/visits", "PATCH /extapi/v1.0/orders/:id", or "*" for every API request. */
  route: string;
  /** How many matching requests it affects (default 1); Infinity allowed. */
  times?: number | undefined;
  /** Delay before handling; combinable with a kind. */
  latencyMs?: number | undefined;
  kind?: "status" | "hang" | "reset" | "commit-then-fail" | undefined;
  /** For kind "status" and for commit-then-fail's answer; default 500. */
  status?: number | undefined;
  /** Sent as Retry-After with the fault's status answer. */
  retryAfterSeconds?: number | undefined;
  /** commit-then-fail: what follows the committed write (default "status"). */
  after?: "status" | "hang" | "reset" | undefined;
};

/** A registered rule; `times` counts what is left. */
export type ActiveFaultRule = FaultRule & { id: string };

const NonNegativeInt = v.pipe(v.number(), v.integer(), v.minValue(0));
const FaultRuleSchema = v.object({
  route: v.pipe(
    v.string(),
    v.regex(
      /^(\*|(GET|POST|PATCH|PUT|DELETE) \/\S*)$/,
      'expected "*" or "<METHOD> /path", e.g. "GET /extapi/v1.0/token"',
    ),
  ),
  // JSON has no Infinity: the admin API accepts the string "Infinity" for it.
  times: v.optional(
    v.union(
      [
        v.pipe(v.number(), v.integer(), v.minValue(1)),
        v.literal(Number.POSITIVE_INFINITY),
        v.pipe(
          v.literal("Infinity"),
          v.transform(() => Number.POSITIVE_INFINITY),
        ),
      ],
      'expected an integer >= 1 or Infinity ("Infinity" in JSON)',
    ),
  ),
  latencyMs: v.optional(NonNegativeInt),
  kind: v.optional(v.picklist(["status", "hang", "reset", "commit-then-fail"])),
  status: v.optional(v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599))),
  retryAfterSeconds: v.optional(NonNegativeInt),
  after: v.optional(v.picklist(["status", "hang", "reset"])),
});

export function parseFaultRule(input: unknown): FaultRule {
  const result = v.safeParse(FaultRuleSchema, input);
  if (!result.success) {
    const problems = result.issues.map((i) => `${v.getDotPath(i) ?? "(root)"}: ${i.message}`);
    throw new FaultRuleError(`invalid fault rule: ${problems.join("; ")}`);
  }
  const rule = result.output;
  if (effectiveKind(rule) === undefined && rule.latencyMs === undefined)
    throw new FaultRuleError(`fault rule for ${rule.route} has no effect: give kind, status or latencyMs`);
  if (rule.after !== undefined && rule.kind !== "commit-then-fail")
    throw new FaultRuleError(`fault rule for ${rule.route}: "after" only applies to kind "commit-then-fail"`);
  return rule;
}

/** A rule with only `status` means kind "status"; with neither it only adds latency. */
export function effectiveKind(rule: FaultRule): FaultRule["kind"] {
  return rule.kind ?? (rule.status === undefined ? undefined : "status");
}

function routeMatcher(route: string): (method: string, path: string) => boolean {
  if (route === "*") return () => true;
  const [method, pattern] = route.split(" ") as [string, string];
  const source = pattern
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  const regex = new RegExp(`^${source}/?$`);
  return (m, path) => m === method && regex.test(path);
}

interface Entry {
  rule: ActiveFaultRule;
  matches: (method: string, path: string) => boolean;
}

export class FaultRegistry {
  private entries: Entry[] = [];

  add(input: FaultRule): string {
    const rule = { ...parseFaultRule(input), id: randomUUID() };
    this.entries.push({ rule, matches: routeMatcher(rule.route) });
    return rule.id;
  }

  clear(): void {
    this.entries = [];
  }

  list(): ActiveFaultRule[] {
    return this.entries.map((e) => ({ ...e.rule }));
  }

  /** The oldest rule matching the request, counted as used once (and dropped when used up). */
  take(method: string, path: string): ActiveFaultRule | undefined {
    const entry = this.entries.find((e) => e.matches(method, path));
    if (!entry) return undefined;
    const remaining = (entry.rule.times ?? 1) - 1;
    if (remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
    else entry.rule.times = remaining;
    return { ...entry.rule };
  }
}
