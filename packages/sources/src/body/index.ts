// Request bytes → a plain object of named values, for the body formats a source accepts.
import { excerpt } from "@smx/core";
import type { InboundRequest } from "../adapter.ts";
import { MalformedBodyError, UnsupportedMediaTypeError } from "../errors.ts";
import { decodeText, parseContentType } from "./content-type.ts";
import { type ExemptFields, type FormFields, parseMultipart, parseUrlEncoded } from "./form.ts";
import { parseJsonText } from "./json.ts";

export type { FilePart, FormFields } from "./form.ts";

export type BodyFormat = "json" | "form" | "multipart";

const MEDIA_TYPES: Record<BodyFormat, string> = {
  json: "application/json",
  form: "application/x-www-form-urlencoded",
  multipart: "multipart/form-data",
};

function formatOf(mediaType: string): BodyFormat | undefined {
  if (mediaType === MEDIA_TYPES.json || /^application\/[\w.+-]+\+json$/.test(mediaType)) return "json";
  if (mediaType === MEDIA_TYPES.form) return "form";
  if (mediaType === MEDIA_TYPES.multipart) return "multipart";
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(body: Uint8Array, charset: string | undefined): Record<string, unknown> {
  const value = parseJsonText(decodeText(body, charset, "body"));
  // Zapier's "Wrap Request In Array" sends the one object inside a list.
  if (Array.isArray(value) && value.length === 1 && isRecord(value[0])) return value[0];
  if (!isRecord(value))
    throw new MalformedBodyError(
      `body: expected a JSON object, got ${Array.isArray(value) ? `a list of ${value.length}` : value === null ? "null" : typeof value}`,
    );
  return value;
}

/**
 * Parse the body as one of the `accept`ed formats, chosen by Content-Type. Throws UnsupportedMediaTypeError
 * (415) naming the header for a missing or other type, MalformedBodyError (400) for an empty or broken body.
 */
export function parseBody(
  request: InboundRequest,
  options: { accept: readonly BodyFormat[]; exempt?: ExemptFields },
): Record<string, unknown> | FormFields {
  const accepted = options.accept.map((f) => MEDIA_TYPES[f]).join(", ");
  const header = request.headers.get("content-type");
  if (header === null || header.trim() === "")
    throw new UnsupportedMediaTypeError(`header Content-Type: expected one of ${accepted}, got none`, {
      header: "content-type",
    });
  const mediaType = parseContentType(header);
  const format = formatOf(mediaType.type);
  if (format === undefined || !options.accept.includes(format))
    throw new UnsupportedMediaTypeError(
      `header Content-Type: expected one of ${accepted}, got "${excerpt(mediaType.type)}"`,
      { header: "content-type" },
    );
  if (request.body.length === 0) throw new MalformedBodyError(`body: empty; expected ${MEDIA_TYPES[format]}`);
  const charset = mediaType.params.charset;
  switch (format) {
    case "json":
      return parseJson(request.body, charset);
    case "form":
      return parseUrlEncoded(request.body, charset, options.exempt);
    case "multipart":
      return parseMultipart(request.body, mediaType.params.boundary, charset, options.exempt);
  }
}
