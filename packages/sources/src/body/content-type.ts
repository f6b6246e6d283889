// Content-Type → media type + parameters, and the text decoder its charset names.
import { excerpt } from "@smx/core";
import { MalformedBodyError, UnsupportedMediaTypeError } from "../errors.ts";

export interface MediaType {
  /** Lower-case `type/subtype`. */
  type: string;
  /** Lower-case parameter names → values (quotes removed). */
  params: Record<string, string>;
}

export function parseContentType(header: string): MediaType {
  const [type = "", ...rest] = header.split(";");
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    params[name] = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
  }
  return { type: type.trim().toLowerCase(), params };
}

/** Decodes bytes in `charset` (default UTF-8); an unknown charset is a 415, undecodable bytes a 400. */
export function decodeText(bytes: Uint8Array, charset: string | undefined, where: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? "utf-8", { fatal: true });
  } catch {
    throw new UnsupportedMediaTypeError(
      `header Content-Type: charset "${excerpt(String(charset))}" is not one this service can decode; send UTF-8`,
      { header: "content-type" },
    );
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new MalformedBodyError(`${where}: the bytes are not valid ${decoder.encoding}`);
  }
}
