// Reading and validating the configuration document. Every problem is collected before failing, so one
// run shows the whole list to fix.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConnectionConfig } from "@smx/core";
import * as v from "valibot";
import { lineAndColumn, locateJsonError } from "../body/json.ts";
import { issuePath, joinPath } from "../mapping/path.ts";
import { crossCheck, type Indexed } from "./check.ts";
import { ConfigError } from "./errors.ts";
import { HookConfig } from "./hooks.ts";
import type { SmxConfig } from "./schema.ts";

/** The document's outline; entries are checked one by one so each one's problems are all reported. */
const Outline = v.strictObject({
  $schema: v.optional(v.string()),
  connections: v.array(v.unknown()),
  hooks: v.array(v.unknown()),
  feeds: v.optional(v.array(v.unknown()), []),
  plans: v.optional(v.array(v.unknown()), []),
  jobs: v.optional(v.array(v.unknown()), []),
});

function describeIssue(base: string, issue: v.BaseIssue<unknown>): string {
  const path = issuePath(issue, base);
  // A union lists its alternatives; the alternative that got deepest says best what is wrong.
  const deepest = issue.issues
    ?.filter((sub) => (sub.path?.length ?? 0) > 0)
    .sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0))[0];
  if (deepest !== undefined) return describeIssue(path, deepest);
  if (issue.type === "strict_object" && issue.input !== undefined) return `${path}: unknown key`;
  if (issue.input === undefined) return `${path}: required`;
  return `${path}: ${issue.message}`;
}

function checkEntries<T>(
  entries: readonly unknown[],
  schema: v.GenericSchema<unknown, T>,
  name: string,
  problems: string[],
): Indexed<T>[] {
  const valid: Indexed<T>[] = [];
  entries.forEach((entry, index) => {
    const result = v.safeParse(schema, entry);
    if (result.success) valid.push({ index, value: result.output });
    else problems.push(...result.issues.map((issue) => describeIssue(joinPath(name, index), issue)));
  });
  return valid;
}

function parseJsonText(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const { offset, reason } = locateJsonError(text);
    const { line, column } = lineAndColumn(text, offset);
    throw new ConfigError(origin, [`line ${line}, column ${column}: invalid JSON: ${reason}`]);
  }
}

/**
 * Validate a configuration document (JSON text or an already parsed value). Throws ConfigError listing
 * every problem with its key path; `origin` names the document in the message.
 */
export interface ParseOptions {
  /**
   * Checks the scheduled sections (`scheduledSectionProblems` of @smx/jobs); without it they are only required
   * to be arrays. The webhooks function leaves it out: it uses none of them, and their check would pull the
   * calendar libraries into its bundle.
   */
  scheduledProblems?: (sections: {
    connections: readonly { id: string }[];
    feeds: unknown[];
    plans: unknown[];
    jobs: unknown[];
  }) => string[];
}

export function parseConfig(json: unknown, origin: string, options: ParseOptions = {}): SmxConfig {
  const document = typeof json === "string" ? parseJsonText(json, origin) : json;
  const outline = v.safeParse(Outline, document);
  if (!outline.success)
    throw new ConfigError(
      origin,
      outline.issues.map((issue) => describeIssue("", issue)),
    );
  const problems: string[] = [];
  const connections = checkEntries(outline.output.connections, ConnectionConfig, "connections", problems);
  const hooks = checkEntries(outline.output.hooks, HookConfig, "hooks", problems);
  problems.push(...crossCheck(outline.output.connections, outline.output.hooks, hooks));
  const { feeds, plans, jobs } = outline.output;
  if (options.scheduledProblems !== undefined)
    problems.push(
      ...options.scheduledProblems({ connections: connections.map((c) => c.value), feeds, plans, jobs }),
    );
  if (problems.length > 0) throw new ConfigError(origin, problems);
  return {
    ...(outline.output.$schema === undefined ? {} : { $schema: outline.output.$schema }),
    connections: connections.map((c) => c.value),
    hooks: hooks.map((h) => h.value),
    feeds,
    plans,
    jobs,
  };
}

/**
 * Load the configuration from `path`, else `$SMX_CONFIG`, else `smx.config.json` in the working directory.
 * There is deliberately no fallback to the examples: a service must never run on demo hooks by accident.
 */
export function loadConfig(
  path?: string,
  env: Record<string, string | undefined> = process.env,
  options: ParseOptions = {},
): SmxConfig {
  const file = resolve(path ?? env.SMX_CONFIG ?? "smx.config.json");
  if (!existsSync(file))
    throw new ConfigError(file, [
      `no configuration file here; pass a path, set SMX_CONFIG, or copy examples/smx.config.json to ./smx.config.json`,
    ]);
  return parseConfig(readFileSync(file, "utf8"), file, options);
}
