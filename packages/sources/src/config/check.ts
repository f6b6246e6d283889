// Problems a schema cannot see: references between entries and per-source rules. Each problem starts with
// the key path it concerns, like the schema's own.
import { COMMAND_FIELDS, LINE_FIELDS } from "../mapping/fields.ts";
import { parseTemplate, TemplateSyntaxError } from "../mapping/template.ts";
import type { HookConfig, Mapping } from "./hooks.ts";
import { sourceTraits } from "./sources.ts";

export interface Indexed<T> {
  index: number;
  value: T;
}

function mappingProblems(
  at: string,
  mapping: Mapping,
  known: Record<string, unknown>,
  what: string,
): string[] {
  const problems: string[] = [];
  for (const [field, rule] of Object.entries(mapping)) {
    const key = `${at}["${field}"]`;
    if (!Object.hasOwn(known, field))
      problems.push(`${key}: not a field of ${what}; expected one of ${Object.keys(known).join(", ")}`);
    if (typeof rule !== "object") continue;
    if (
      rule.from === undefined &&
      rule.template === undefined &&
      rule.const === undefined &&
      rule.default === undefined
    )
      problems.push(`${key}: a rule needs "from", "template", "const" or "default"`);
    if (rule.template === undefined) continue;
    if (rule.from !== undefined || rule.const !== undefined)
      problems.push(
        `${key}: a rule with "template" reads its paths from the template; remove "from"/"const"`,
      );
    problems.push(...templateProblems(`${key}.template`, rule.template));
  }
  return problems;
}

function templateProblems(at: string, template: string): string[] {
  try {
    parseTemplate(template);
    return [];
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    return [`${at}: ${error.message}`];
  }
}

function linesProblems(at: string, lines: NonNullable<HookConfig["lines"]>): string[] {
  if (!("products" in lines))
    return mappingProblems(`${at}.mapping`, lines.mapping, LINE_FIELDS, "an order line");
  const problems = mappingProblems(`${at}.mapping`, lines.mapping ?? {}, LINE_FIELDS, "an order line");
  for (const field of Object.keys(lines.mapping ?? {}))
    if (field === "qty" || field.startsWith("product."))
      problems.push(`${at}.mapping["${field}"]: set by each entry of products (its code and qty field)`);
  return problems;
}

function hookProblems(at: string, hook: HookConfig): string[] {
  const problems: string[] = [];
  const traits = sourceTraits(hook.source);
  if (!traits.schemes.includes(hook.auth.scheme))
    problems.push(
      `${at}.auth.scheme: ${hook.source} hooks authenticate with ${traits.schemes.join(" or ")}, not ${hook.auth.scheme}`,
    );
  problems.push(...mappingProblems(`${at}.mapping`, hook.mapping, COMMAND_FIELDS[hook.action], hook.action));
  if (hook.action === "CreateOrder" && hook.lines === undefined)
    problems.push(
      `${at}.lines: CreateOrder hooks need lines ({from, mapping} or {products}): an order has at least one line`,
    );
  if (hook.action !== "CreateOrder" && hook.lines !== undefined)
    problems.push(`${at}.lines: only CreateOrder hooks have lines, this hook's action is ${hook.action}`);
  if (hook.lines !== undefined) problems.push(...linesProblems(`${at}.lines`, hook.lines));
  if (hook.events !== undefined) {
    if (traits.events === "none")
      problems.push(`${at}.events: ${hook.source} sends no event types; remove events`);
    else if (traits.events !== "any") {
      const known = traits.events;
      hook.events.forEach((event, i) => {
        if (!known.includes(event))
          problems.push(
            `${at}.events[${i}]: ${hook.source} hooks act on ${known.join(", ")}, not "${event}"`,
          );
      });
    }
  }
  if (hook.redirect !== undefined && hook.source !== "html-form")
    problems.push(`${at}.redirect: only html-form hooks redirect a browser`);
  return problems;
}

/** A raw entry's string property, for the checks that also run on entries the schema rejected. */
function stringAt(entry: unknown, key: string): string | undefined {
  const value =
    typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" ? value : undefined;
}

function duplicateIds(name: string, entries: readonly unknown[]): string[] {
  const problems: string[] = [];
  const first = new Map<string, number>();
  entries.forEach((entry, index) => {
    const id = stringAt(entry, "id");
    if (id === undefined) return;
    const seen = first.get(id);
    if (seen !== undefined)
      problems.push(`${name}[${index}].id: "${id}" is already the id of ${name}[${seen}]`);
    else first.set(id, index);
  });
  return problems;
}

/**
 * Problems between entries and per-source rules. Unique ids and known connections are checked on every
 * entry (even one the schema rejected, so a single run lists everything); the rest on valid hooks.
 */
export function crossCheck(
  rawConnections: readonly unknown[],
  rawHooks: readonly unknown[],
  hooks: readonly Indexed<HookConfig>[],
): string[] {
  const connectionIds = new Set(
    rawConnections.map((c) => stringAt(c, "id")).filter((id) => id !== undefined),
  );
  const problems = [...duplicateIds("connections", rawConnections), ...duplicateIds("hooks", rawHooks)];
  rawHooks.forEach((hook, index) => {
    const connection = stringAt(hook, "connection");
    if (connection !== undefined && !connectionIds.has(connection))
      problems.push(
        `hooks[${index}].connection: no connection "${connection}"; defined: ${[...connectionIds].join(", ") || "none"}`,
      );
  });
  for (const { index, value } of hooks) problems.push(...hookProblems(`hooks[${index}]`, value));
  return problems;
}
