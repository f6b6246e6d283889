// `application/x-www-form-urlencoded` and `multipart/form-data` bodies → flat objects. Repeated names
// (checkboxes, Zapier line items) become arrays. Parsed synchronously from the raw bytes, because adapters'
// `parse` is synchronous; the tests check the multipart result against the platform's FormData parser.
import { excerpt } from "@smx/core";
import { LimitExceededError, MalformedBodyError } from "../errors.ts";
import { decodeText, parseContentType } from "./content-type.ts";
import { BODY_LIMITS } from "./limits.ts";

/** An uploaded file: described, never kept (no source needs file contents). */
export interface FilePart {
  filename: string;
  type: string;
  size: number;
}

export type FormFields = Record<string, string | FilePart | (string | FilePart)[]>;

/** Field names whose values are not held to the per-field limit (a container such as Jotform's rawRequest). */
export type ExemptFields = readonly string[];

/** A name or value longer than one field may be: 422 naming the field. */
function checkLength(name: string, value: string, exempt: ExemptFields): void {
  const limit = BODY_LIMITS.maxStringChars;
  const tooLong =
    name.length > limit ? name : value.length > limit && !exempt.includes(name) ? value : undefined;
  if (tooLong === undefined) return;
  const field = excerpt(name, 120);
  throw new LimitExceededError(
    `body field ${field}: ${tooLong === name ? "a name" : "a value"} of ${tooLong.length} characters; at most ${limit} are accepted in one field`,
    { status: 422, code: "field_too_long", field },
  );
}

/** Adds a field; a repeated name turns into a list. `__proto__` is dropped so no prototype is ever set. */
function addField(fields: FormFields, name: string, value: string | FilePart, exempt: ExemptFields): void {
  checkLength(name, typeof value === "string" ? value : "", exempt);
  if (name === "__proto__") return;
  // Own properties only: `constructor` or `toString` would otherwise find Object.prototype's function.
  const existing = Object.hasOwn(fields, name) ? fields[name] : undefined;
  if (existing === undefined) fields[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else fields[name] = [existing, value];
}

/** Percent-decoding to bytes first, so `%E2%82%AC` decodes in the body's charset. */
function percentDecode(component: string, charset: string | undefined): string {
  const text = component.replace(/\+/g, " ");
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === "%" && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  return decodeText(Uint8Array.from(bytes), charset, "body (form field)");
}

export function parseUrlEncoded(
  body: Uint8Array,
  charset: string | undefined,
  exempt: ExemptFields = [],
): FormFields {
  // The encoded form is ASCII; latin1 maps each byte to one character so nothing is lost before decoding.
  const text = Buffer.from(body).toString("latin1");
  const fields: FormFields = {};
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = percentDecode(eq < 0 ? pair : pair.slice(0, eq), charset);
    addField(fields, name, eq < 0 ? "" : percentDecode(pair.slice(eq + 1), charset), exempt);
  }
  return fields;
}

// Static patterns (one per parameter, quoted or not), so every expression is checked by test/regex-safety.
const DISPOSITION_PARAMS = {
  name: [/(?:^|;)\s*name="((?:[^"\\]|\\.)*)"/i, /(?:^|;)\s*name=([^;\s]+)/i],
  filename: [/(?:^|;)\s*filename="((?:[^"\\]|\\.)*)"/i, /(?:^|;)\s*filename=([^;\s]+)/i],
} as const;

function dispositionParam(disposition: string, param: keyof typeof DISPOSITION_PARAMS): string | undefined {
  const [quoted, bare] = DISPOSITION_PARAMS[param];
  const match = quoted.exec(disposition);
  if (match !== null) return match[1]!.replace(/\\(.)/g, "$1");
  return bare.exec(disposition)?.[1];
}

export function parseMultipart(
  body: Uint8Array,
  boundary: string | undefined,
  charset: string | undefined,
  exempt: ExemptFields = [],
): FormFields {
  if (boundary === undefined || boundary === "")
    throw new MalformedBodyError("header Content-Type: multipart/form-data needs a boundary parameter");
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = `--${boundary}`;
  const fields: FormFields = {};
  let pos = buffer.indexOf(delimiter);
  if (pos < 0)
    throw new MalformedBodyError(`body: the multipart boundary "${excerpt(boundary)}" never appears`);
  pos += delimiter.length;
  for (let part = 1; ; part++) {
    if (buffer.toString("latin1", pos, pos + 2) === "--") return fields;
    const headersStart = buffer.indexOf("\r\n", pos) + 2;
    const headersEnd = buffer.indexOf("\r\n\r\n", headersStart);
    if (headersStart < 2 || headersEnd < 0)
      throw new MalformedBodyError(`body: multipart part ${part} has no header end`);
    const next = buffer.indexOf(`\r\n${delimiter}`, headersEnd);
    if (next < 0) throw new MalformedBodyError(`body: multipart part ${part} is not closed by the boundary`);
    const headers = buffer.toString("utf8", headersStart, headersEnd).split("\r\n");
    const header = (name: string) =>
      headers
        .find((h) => h.toLowerCase().startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim();
    const disposition = header("content-disposition") ?? "";
    const name = dispositionParam(disposition, "name");
    if (name === undefined)
      throw new MalformedBodyError(`body: multipart part ${part} has no Content-Disposition name`);
    const content = buffer.subarray(headersEnd + 4, next);
    const filename = dispositionParam(disposition, "filename");
    const partType = parseContentType(header("content-type") ?? "text/plain");
    if (filename !== undefined)
      addField(
        fields,
        name,
        { filename: excerpt(filename, 255), type: partType.type, size: content.length },
        exempt,
      );
    else {
      const where = `body (field ${excerpt(name)})`;
      addField(fields, name, decodeText(content, partType.params.charset ?? charset, where), exempt);
    }
    pos = next + 2 + delimiter.length;
  }
}
