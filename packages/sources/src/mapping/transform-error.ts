// The error every transform throws for input it cannot handle, and how values are shown in its messages.
import { excerpt } from "@smx/core";

export class TransformError extends Error {
  override name = "TransformError";
}

export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(excerpt(value));
  return excerpt(JSON.stringify(value) ?? String(value));
}

export function asText(value: unknown, expected: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new TransformError(`expected ${expected}, got ${describe(value)}`);
}
