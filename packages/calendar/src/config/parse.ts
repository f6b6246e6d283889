// Validating the `feeds` and `plans` sections on their own (the main loader will call these when it learns
// about them). Every problem is collected, each starting with its key path (`feeds[1].match[0].pattern`),
// in the format of the hooks configuration's messages.
import * as v from "valibot";
import { FeedConfig } from "./feeds.ts";
import { PlanConfig } from "./plans.ts";

/** The section is unusable; lists every problem found. */
export class CalendarConfigError extends Error {
  override name = "CalendarConfigError";
  constructor(readonly problems: readonly string[]) {
    super(
      `${problems.length === 1 ? "1 problem" : `${problems.length} problems`}\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
}

function pathOf(base: string, issue: v.BaseIssue<unknown>): string {
  let path = base;
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === "number") path += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) path += `.${key}`;
    else path += `[${JSON.stringify(String(key))}]`;
  }
  return path;
}

/** The most specific message for an issue: a union's deepest branch says best what is wrong. */
function problemOf(base: string, issue: v.BaseIssue<unknown>): string {
  const nested = (issue.issues ?? []).reduce<v.BaseIssue<unknown> | undefined>(
    (best, sub) => ((sub.path?.length ?? 0) > (best?.path?.length ?? 0) ? sub : best),
    undefined,
  );
  if (nested !== undefined && (nested.path?.length ?? 0) > (issue.path?.length ?? 0))
    return problemOf(base, nested);
  const path = pathOf(base, issue);
  if (issue.kind === "schema" && issue.input === undefined) return `${path}: required`;
  if (issue.type === "strict_object" && issue.input !== undefined) return `${path}: unknown key`;
  return `${path}: ${issue.message}`;
}

export interface SectionOptions {
  /** Connection ids the configuration defines; entries naming another are a problem. */
  connections?: readonly string[];
}

/** A raw entry's string property: ids and connections are checked even on entries the schema rejected. */
function stringAt(entry: unknown, key: string): string | undefined {
  const value =
    typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" ? value : undefined;
}

/** Validates one array section of entries (ids unique, connections known); throws CalendarConfigError. */
export function parseSection<T>(
  name: string,
  schema: v.GenericSchema<unknown, T>,
  input: unknown,
  options: SectionOptions,
): T[] {
  if (!Array.isArray(input)) throw new CalendarConfigError([`${name}: expected an array`]);
  const problems: string[] = [];
  const entries: T[] = [];
  const ids = new Map<string, number>();
  input.forEach((raw, index) => {
    const result = v.safeParse(schema, raw);
    if (result.success) entries.push(result.output);
    else problems.push(...result.issues.map((issue) => problemOf(`${name}[${index}]`, issue)));
    const id = stringAt(raw, "id");
    const first = id === undefined ? undefined : ids.get(id);
    if (first !== undefined)
      problems.push(`${name}[${index}].id: "${id}" is already the id of ${name}[${first}]`);
    else if (id !== undefined) ids.set(id, index);
    const connection = stringAt(raw, "connection");
    if (
      options.connections !== undefined &&
      connection !== undefined &&
      !options.connections.includes(connection)
    )
      problems.push(
        `${name}[${index}].connection: no connection "${connection}"; defined: ${options.connections.join(", ") || "none"}`,
      );
  });
  if (problems.length > 0) throw new CalendarConfigError(problems);
  return entries;
}

export function parseFeeds(input: unknown, options: SectionOptions = {}): FeedConfig[] {
  return parseSection("feeds", FeedConfig, input, options);
}

export function parsePlans(input: unknown, options: SectionOptions = {}): PlanConfig[] {
  return parseSection("plans", PlanConfig, input, options);
}
