// Reading a feed's answer: the size limit holds while the body streams (a server that lies about, or
// omits, Content-Length is cut off at the limit, not buffered whole), and the text must look like a
// calendar before anything parses it.
import { FeedLoginPageError, FeedNotCalendarError, FeedTooLargeError } from "./errors.ts";

/** The body as bytes, at most `maxBytes` of them; more (announced or streamed) is FeedTooLargeError. */
export async function readLimited(response: Response, maxBytes: number, origin: string): Promise<Uint8Array> {
  const announced = Number(response.headers.get("content-length"));
  if (Number.isFinite(announced) && announced > maxBytes) {
    await response.body?.cancel();
    throw new FeedTooLargeError(origin, maxBytes);
  }
  if (response.body === null) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    total += read.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new FeedTooLargeError(origin, maxBytes);
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks, total);
}

/** How many leading characters are inspected to tell a calendar from a page. */
const SNIFF_LENGTH = 512;

function startsWithCaseless(text: string, at: number, prefix: string): boolean {
  return text.slice(at, at + prefix.length).toUpperCase() === prefix.toUpperCase();
}

/**
 * The body decoded as UTF-8 (RFC 5545's charset), once it is known to be a calendar. An HTML body is a
 * FeedLoginPageError (what Google, Microsoft and Apple serve for an address that needs a sign-in); any other
 * body that does not start with `BEGIN:VCALENDAR` is FeedNotCalendarError.
 */
export function calendarText(bytes: Uint8Array, contentType: string, origin: string): string {
  const text = new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
  let start = 0;
  while (start < text.length && start < SNIFF_LENGTH && /\s/.test(text[start]!)) start++;
  if (startsWithCaseless(text, start, "BEGIN:VCALENDAR")) return text;
  const head = text.slice(start, start + SNIFF_LENGTH).toLowerCase();
  if (
    contentType.toLowerCase().includes("html") ||
    head.startsWith("<!doctype html") ||
    head.includes("<html")
  )
    throw new FeedLoginPageError(origin);
  throw new FeedNotCalendarError(origin, contentType);
}
