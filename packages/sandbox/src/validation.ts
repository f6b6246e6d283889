import * as v from "valibot";
import { ValidationFailedError } from "./errors.ts";

/** Reason for one valibot issue in the contract's `errors` map; a missing key reads "is required". */
function reason(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === "schema" && issue.received === "undefined") return "is required";
  return issue.message;
}

/** Parses `input` or throws a 422 naming every failing field by dot path (first reason per path). */
export function validate<const S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  // valibot's object() also accepts arrays; the API's bodies are JSON objects.
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new ValidationFailedError({
      body: `expected a JSON object, got ${Array.isArray(input) ? "an array" : input === null ? "null" : typeof input}`,
    });
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const errors: Record<string, string> = {};
  for (const issue of result.issues) {
    const path = v.getDotPath(issue) ?? "body";
    errors[path] ??= reason(issue);
  }
  throw new ValidationFailedError(errors);
}

/** Collects reasons from checks that need state (does this customer exist?) into one 422. */
export class FieldErrors {
  private readonly errors: Record<string, string> = {};
  add(path: string, why: string): void {
    this.errors[path] ??= why;
  }
  throwIfAny(): void {
    if (Object.keys(this.errors).length > 0) throw new ValidationFailedError(this.errors);
  }
}
