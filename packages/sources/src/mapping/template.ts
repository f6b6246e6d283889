// Joining fields into one value: a mapping rule's `template`, e.g. `"{{first_name}} {{last_name}}"`. Parsed
// by scanning for `{{` and `}}` with indexOf, never a regular expression: linear in the template's length.
import { excerpt } from "@smx/core";
import { asText, TransformError } from "./transform-error.ts";

export type TemplatePart = { text: string } | { path: string };

/** A template that cannot be read: an unclosed `{{`, an empty or nested placeholder, or no placeholder. */
export class TemplateSyntaxError extends Error {
  override name = "TemplateSyntaxError";
}

/** Literal text and `{{path}}` placeholders (spaces inside the braces are ignored), in order. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf("{{", at);
    if (open < 0) {
      parts.push({ text: template.slice(at) });
      break;
    }
    if (open > at) parts.push({ text: template.slice(at, open) });
    const close = template.indexOf("}}", open + 2);
    if (close < 0) throw new TemplateSyntaxError(`"{{" at character ${open + 1} is never closed with "}}"`);
    const path = template.slice(open + 2, close).trim();
    if (path === "" || path.includes("{{"))
      throw new TemplateSyntaxError(
        `"${excerpt(template.slice(open, close + 2))}" at character ${open + 1}: expected a source path between "{{" and "}}"`,
      );
    parts.push({ path });
    at = close + 2;
  }
  if (!parts.some((part) => "path" in part))
    throw new TemplateSyntaxError('no placeholder: a template reads at least one "{{path}}"');
  return parts;
}

/** A placeholder's value as text: scalars as written, a list of scalars joined with ", ", nothing when empty. */
function placeholderText(value: unknown, path: string): string {
  if (value === undefined || value === null) return "";
  const items = Array.isArray(value) ? value : [value];
  return items
    .map((item) => {
      if (typeof item === "number" || typeof item === "boolean") return String(item);
      try {
        return asText(item, "text").trim();
      } catch (error) {
        throw new TransformError(`template placeholder "{{${path}}}": ${(error as Error).message}`, {
          cause: error,
        });
      }
    })
    .filter((text) => text !== "")
    .join(", ");
}

/**
 * Fills the placeholders from `read`. Literal text stays with its neighbours: the text before the first
 * placeholder is kept when that placeholder has a value, the text after the last one likewise, and between
 * two present values comes the text written right after the first of them. So `"{{first_name}}
 * {{last_name}}"` without a last name is `"Budi"`, `"{{street}}, {{city}}"` without a street is `"Jakarta"`,
 * `"Toko {{name}} ({{city}})"` without a city is `"Toko Makmur"`. No value at all gives `undefined`, so the
 * rule's default (if any) is used.
 */
export function renderTemplate(
  parts: readonly TemplatePart[],
  read: (path: string) => unknown,
): string | undefined {
  const values = parts.map((part) => ("path" in part ? placeholderText(read(part.path), part.path) : ""));
  const placeholders = parts.flatMap((part, i) => ("path" in part ? [i] : []));
  const first = placeholders[0]!;
  const last = placeholders[placeholders.length - 1]!;
  let out = "";
  let separator: string | undefined;
  parts.forEach((part, i) => {
    if ("text" in part) {
      if (i < first) out += values[first] === "" ? "" : part.text;
      else if (i > last) out += values[last] === "" ? "" : part.text;
      else if (out !== "") separator ??= part.text;
      return;
    }
    const value = values[i]!;
    if (value === "") return;
    out += i === first || separator === undefined ? value : separator + value;
    separator = undefined;
  });
  const text = out.trim();
  return values.some((value) => value !== "") && text !== "" ? text : undefined;
}
