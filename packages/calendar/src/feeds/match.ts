// Occurrence → customer, by the feed's rules in order (config/rules.ts). Candidates found in the text are
// resolved against the directory through core's DirectoryStore port; a rule that finds exactly one customer
// decides, one that finds several makes the occurrence ambiguous (a weaker rule must not break the tie), and
// an occurrence nothing matches gets a reason naming what each rule saw. No occurrence is dropped.
import type { CustomerKey, DirectoryStore } from "@smx/core";
import { normalizeIndonesianPhone } from "@smx/salesmania";
import type { CustomerPointer, MatchRule, TextField } from "../config/rules.ts";
import type { Occurrence } from "./occurrence.ts";
import { compilePattern, findAll, type Pattern } from "./pattern.ts";

export type MatchFailure = "no_candidates" | "not_in_directory" | "ambiguous";

export type MatchOutcome =
  | { matched: true; customerId: number; rule: number; by: MatchRule["by"]; value: string }
  | { matched: false; reason: MatchFailure; detail: string };

export interface MatchedOccurrence {
  occurrence: Occurrence;
  match: MatchOutcome;
}

export interface MatcherDeps {
  /** Matching only looks customers up. */
  directory: Pick<DirectoryStore, "findCustomer">;
  connectionId: string;
}

/** A candidate a rule found: a directory key, or a SalesMania id named outright. */
type Candidate = { value: string; key: CustomerKey } | { value: string; id: number };

function normalizeText(text: string): string {
  return text.toLowerCase().split(/\s+/).filter(Boolean).join(" ");
}

/** E.164 for what a phone placeholder captured; "2 0812-…" (a stray number before it) is retried without it. */
function phoneOf(captured: string): string | undefined {
  const separator = captured.search(/[ .-]/);
  for (const candidate of separator > 0 ? [captured, captured.slice(separator + 1)] : [captured]) {
    try {
      return normalizeIndonesianPhone(candidate);
    } catch {}
  }
  return undefined;
}

function pointerCandidate(text: string, pointer: CustomerPointer): Candidate | undefined {
  if ("id" in pointer) return { value: text, id: pointer.id };
  if ("extCustNo" in pointer) return { value: text, key: { by: "extCustNo", value: pointer.extCustNo } };
  if ("email" in pointer) return { value: text, key: { by: "email", value: pointer.email } };
  const phone = phoneOf(pointer.phone);
  return phone === undefined ? undefined : { value: text, key: { by: "phone", value: phone } };
}

interface CompiledRule {
  rule: MatchRule;
  candidates(occurrence: Occurrence): Candidate[];
}

function fieldsOf(occurrence: Occurrence, fields: readonly TextField[]): string[] {
  return fields.map((field) => occurrence[field]).filter((text) => text !== "");
}

function compileRule(rule: MatchRule): CompiledRule {
  switch (rule.by) {
    case "code":
    case "phone": {
      const pattern: Pattern = compilePattern(rule.pattern);
      const toCandidate = (captured: string): Candidate | undefined => {
        if (rule.by === "code") return { value: captured, key: { by: "extCustNo", value: captured } };
        const phone = phoneOf(captured);
        return phone === undefined ? undefined : { value: captured, key: { by: "phone", value: phone } };
      };
      return {
        rule,
        candidates: (occurrence) =>
          fieldsOf(occurrence, rule.in)
            .flatMap((text) => findAll(pattern, text))
            .map(toCandidate)
            .filter((c) => c !== undefined),
      };
    }
    case "attendee-email": {
      const ignored = (address: string) =>
        rule.ignore.some((entry) => (entry.startsWith("@") ? address.endsWith(entry) : address === entry));
      return {
        rule,
        candidates: (occurrence) =>
          occurrence.attendees
            .filter((address) => !ignored(address))
            .map((address) => ({ value: address, key: { by: "email", value: address } })),
      };
    }
    case "table": {
      const entries = rule.entries.map((entry) => ({ text: normalizeText(entry.text), entry }));
      return {
        rule,
        candidates: (occurrence) => {
          const texts = fieldsOf(occurrence, rule.in).map(normalizeText);
          return entries
            .filter(({ text }) => texts.some((field) => field.includes(text)))
            .map(({ entry }) => pointerCandidate(entry.text, entry.customer))
            .filter((c) => c !== undefined);
        },
      };
    }
  }
}

export class OccurrenceMatcher {
  private readonly rules: CompiledRule[];
  /** Directory answers for this run: 2,000 occurrences of one series cost one lookup, not 2,000. */
  private readonly lookups = new Map<string, Promise<number | undefined>>();

  constructor(
    rules: readonly MatchRule[],
    private readonly deps: MatcherDeps,
  ) {
    this.rules = rules.map(compileRule);
  }

  private resolve(candidate: Candidate): Promise<number | undefined> {
    if ("id" in candidate) return Promise.resolve(candidate.id);
    const cacheKey = `${candidate.key.by}\u0000${candidate.key.value}`;
    let lookup = this.lookups.get(cacheKey);
    if (lookup === undefined) {
      lookup = this.deps.directory.findCustomer(this.deps.connectionId, candidate.key).then((c) => c?.id);
      this.lookups.set(cacheKey, lookup);
    }
    return lookup;
  }

  async match(occurrence: Occurrence): Promise<MatchOutcome> {
    const notes: string[] = [];
    let sawCandidate = false;
    for (const [index, { rule, candidates }] of this.rules.entries()) {
      const found = candidates(occurrence);
      if (found.length === 0) {
        notes.push(`rules[${index}] ${rule.by}: nothing found`);
        continue;
      }
      sawCandidate = true;
      const ids = new Map<number, string>();
      for (const candidate of found) {
        const id = await this.resolve(candidate);
        if (id !== undefined && !ids.has(id)) ids.set(id, candidate.value);
      }
      const values = found.map((c) => JSON.stringify(c.value)).join(", ");
      if (ids.size === 1) {
        const [customerId, value] = [...ids][0]!;
        return { matched: true, customerId, rule: index, by: rule.by, value };
      }
      if (ids.size > 1) {
        const which = [...ids].map(([id, value]) => `${JSON.stringify(value)} → customer ${id}`).join(", ");
        return { matched: false, reason: "ambiguous", detail: `rules[${index}] ${rule.by}: ${which}` };
      }
      notes.push(`rules[${index}] ${rule.by}: found ${values}, not in the directory`);
    }
    return {
      matched: false,
      reason: sawCandidate ? "not_in_directory" : "no_candidates",
      detail: notes.join("; "),
    };
  }

  /** Matches every occurrence (a few at a time, so a remote directory is not asked thousands of times at once). */
  async matchAll(occurrences: readonly Occurrence[], concurrency = 8): Promise<MatchedOccurrence[]> {
    const results: MatchedOccurrence[] = new Array(occurrences.length);
    let next = 0;
    const worker = async () => {
      while (next < occurrences.length) {
        const index = next++;
        const occurrence = occurrences[index]!;
        results[index] = { occurrence, match: await this.match(occurrence) };
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, occurrences.length) }, worker));
    return results;
  }
}
