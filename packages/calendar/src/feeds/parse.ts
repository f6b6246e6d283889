// iCalendar text → ical.js's component tree. The parsing is ical.js's; this module only bounds what reaches
// it (ical.js's parameter parsing grows with the square of a line's length, so one huge content line is
// refused before parsing) and turns its failures into a typed error.
import ICAL from "ical.js";
import { FeedParseError } from "./errors.ts";

export const PARSE_DEFAULTS = {
  /** One unfolded content line (a long DESCRIPTION included); 10× what Google or Outlook export. */
  maxLineChars: 256 * 1024,
} as const;

/** Length of the longest logical (unfolded) line, stopping early once it exceeds `limit`. */
function longestLogicalLine(text: string, limit: number): number {
  let longest = 0;
  let current = 0;
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf("\n", start);
    const stop = end < 0 ? text.length : end;
    const next = text.charCodeAt(stop + 1);
    current += stop - start;
    // A line that begins with a space or tab continues the previous one (RFC 5545 §3.1 folding).
    if (end < 0 || (next !== 0x20 && next !== 0x09)) {
      longest = Math.max(longest, current);
      current = 0;
    }
    if (longest > limit || end < 0) break;
    start = end + 1;
  }
  return longest;
}

export interface ParseOptions {
  /** Scheme and host of the feed, for error messages. */
  origin: string;
  maxLineChars?: number;
}

/** The VCALENDAR component of `text`; FeedParseError when the text is not iCalendar ical.js accepts. */
export function parseCalendar(text: string, options: ParseOptions): ICAL.Component {
  const maxLineChars = options.maxLineChars ?? PARSE_DEFAULTS.maxLineChars;
  if (longestLogicalLine(text, maxLineChars) > maxLineChars)
    throw new FeedParseError(
      options.origin,
      "line_too_long",
      `a content line is longer than ${maxLineChars} characters; refusing to parse`,
    );
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 120) : String(error);
    throw new FeedParseError(options.origin, "unparseable", `not valid iCalendar: ${reason}`, {
      cause: error,
    });
  }
  // Several VCALENDARs in one text parse as an array; a feed holds one.
  const root = Array.isArray(jcal) && typeof jcal[0] !== "string" ? jcal[0] : jcal;
  if (!Array.isArray(root) || root[0] !== "vcalendar")
    throw new FeedParseError(options.origin, "unparseable", "expected a VCALENDAR component at the top");
  return new ICAL.Component(root as unknown[]);
}
