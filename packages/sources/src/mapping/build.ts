// Payload → canonical command, driven by the hook's mapping (rules.ts for one field, lines.ts for order
// lines), then checked against the command's schema with every problem named by field and source path.
import { Command, excerpt, issueMessage } from "@smx/core";
import { isoDateInZone } from "@smx/salesmania";
import * as v from "valibot";
import type { HookContext } from "../adapter.ts";
import { UnusableEventError } from "../errors.ts";
import { COMMAND_FIELDS } from "./fields.ts";
import { buildLines } from "./lines.ts";
import { issuePath } from "./path.ts";
import {
  applyMapping,
  MAX_PROBLEMS,
  type MappingContext,
  type Origins,
  readerOf,
  type Scope,
} from "./rules.ts";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Why a field is what it is: its own origin, or the origins of the mapped fields under it. */
function explain(path: string, origins: Origins): string {
  const own = origins.get(path);
  if (own !== undefined) return `from ${own}`;
  const under = [...origins].filter(
    ([field]) => field.startsWith(`${path}.`) || field.startsWith(`${path}[`),
  );
  if (under.length > 0)
    return `mapped: ${under.map(([field, origin]) => `${field} from ${origin}`).join("; ")}`;
  return `not mapped: add ${configKeyFor(path)}`;
}

function configKeyFor(field: string): string {
  const line = /^lines\[\d+\]\.(.+)$/.exec(field);
  return line !== null ? `"${line[1]}" to the hook's lines.mapping` : `"${field}" to the hook's mapping`;
}

function validate(draft: Record<string, unknown>, origins: Origins): Command {
  const result = v.safeParse(Command, draft);
  if (result.success) return result.output;
  const problems = result.issues.slice(0, MAX_PROBLEMS).map((issue) => {
    const path = issuePath(issue) || String(draft.kind);
    const missing = issue.input === undefined;
    const what = missing ? `is required for ${String(draft.kind)}` : issueMessage(issue);
    return { path, missing, text: `${path} ${what} (${excerpt(explain(path, origins), 240)})` };
  });
  const more = result.issues.length - problems.length;
  const first = problems[0]!;
  throw new UnusableEventError(
    problems.map((p) => p.text).join("; ") + (more > 0 ? `; and ${more} more` : ""),
    { field: first.path, code: first.missing ? "missing_field" : "invalid_field" },
  );
}

/**
 * The hook's command for one payload: mapped fields, order lines, the action as `kind`, and
 * `customer.createIfMissing` from the customer policy. Throws UnusableEventError naming the command field
 * and the source path it was mapped from.
 */
export function buildCommand(
  source: unknown,
  context: HookContext,
  options: {
    flattenedKeys?: boolean;
    /** Collects notes on values left out under the hook's policies (a dropped phone). */
    notes?: string[];
  } = {},
): Command {
  const { hook } = context;
  const origins: Origins = new Map();
  const flattenedKeys = options.flattenedKeys === true;
  const scope: Scope = { read: readerOf(source, flattenedKeys), label: (p) => p, prefix: "" };
  const mapping: MappingContext = {
    timeZone: context.timeZone,
    phonePolicy: hook.phonePolicy,
    notes: options.notes ?? [],
  };
  const draft: Record<string, unknown> = {
    ...applyMapping(hook.mapping, COMMAND_FIELDS[hook.action], scope, mapping, origins),
    kind: hook.action,
  };
  if (hook.action === "CreateVisit" || hook.action === "CreateOrder") {
    const customer = isRecord(draft.customer) ? draft.customer : {};
    draft.customer = { ...customer, createIfMissing: hook.customerPolicy === "match-or-create" };
  }
  if (hook.action === "CreateOrder") {
    draft.lines = buildLines({ source, context, mapping, origins, flattenedKeys });
    if (draft.date === undefined) {
      // An order placed through a form or a zap is dated the day it arrives, in the account's zone.
      draft.date = isoDateInZone(context.now, context.timeZone);
      origins.set("date", "the day the event arrived");
    }
  }
  return validate(draft, origins);
}
