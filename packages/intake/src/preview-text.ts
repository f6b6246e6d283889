// The preview's parts in words, shared by the console's page and `smx hooks try`, so both say the same.
import type { ReferencePreview } from "@smx/core";
import { type HookPreview, PreviewInputError } from "./preview.ts";

export const VERDICT_TEXT: Record<HookPreview["verdict"], string> = {
  accept: "accepted: it would be recorded and delivered",
  skip: "skipped: answered 200 and logged, nothing delivered",
  reject: "refused: nothing would be recorded or delivered",
};

export function describeAuth(auth: HookPreview["auth"]): string {
  const how =
    auth.checked === "headers"
      ? "on the headers given"
      : "signed by the preview with the hook's first secret (no headers given)";
  if (auth.ok) return `authentic, ${how}`;
  return `not authentic, ${how}${auth.message === undefined ? "" : `: ${auth.message}`}`;
}

export function describeReference(reference: ReferencePreview): string {
  switch (reference.outcome) {
    case "found":
      return `SalesMania id ${reference.id} (${reference.how === "id" ? "given" : `found in the ${reference.how}`})`;
    case "would_create":
      return reference.message;
    case "not_found":
      return `${reference.code} at ${reference.field}: ${reference.message}`;
  }
}

/** Every line of the resolution: customer, order lines (product id × qty unit @ price), order. */
export function describeResolution(resolution: NonNullable<HookPreview["resolution"]>): string[] {
  const lines: string[] = [];
  if (resolution.unavailable !== undefined) lines.push(`not checked: ${resolution.unavailable}`);
  if (resolution.customer !== undefined) lines.push(`customer: ${describeReference(resolution.customer)}`);
  if (resolution.order !== undefined) lines.push(`order: ${describeReference(resolution.order)}`);
  if (resolution.lines?.outcome === "not_found") lines.push(`lines: ${describeReference(resolution.lines)}`);
  if (resolution.lines?.outcome === "resolved") {
    for (const [index, line] of resolution.lines.lines.entries()) {
      lines.push(`line ${index + 1}: product ${line.product_id} × ${line.qty} ${line.unit} @ ${line.price}`);
    }
  }
  return lines;
}

/**
 * The sender's headers as an operator pastes them: a JSON object of names to values, or `Name: value` lines
 * (as copied from a request log). Throws `PreviewInputError` naming the line or header at fault.
 */
export function parseHeaderText(text: string): Record<string, string> {
  if (text.trimStart().startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new PreviewInputError("headers", `headers: not valid JSON: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      throw new PreviewInputError("headers", "headers: expected a JSON object of header names to values");
    const entries = Object.entries(parsed);
    const bad = entries.find(([, value]) => typeof value !== "string");
    if (bad !== undefined) throw new PreviewInputError("headers", `headers: "${bad[0]}" must be a string`);
    return Object.fromEntries(entries.map(([name, value]) => [name.toLowerCase(), value as string]));
  }
  const headers: Record<string, string> = {};
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) throw new PreviewInputError("headers", `headers: line ${index + 1} is not "Name: value"`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
