// Limits every body is held to while it is parsed, besides the hook's `maxBodyBytes` (docs/http-api.md lists
// each limit and its answer). They keep the work per request linear and every value storable.
export interface BodyLimits {
  /** Nested JSON objects and arrays. */
  maxDepth: number;
  /** Characters of one string: a JSON string, or the name or value of one form field. */
  maxStringChars: number;
}

export const BODY_LIMITS: BodyLimits = { maxDepth: 64, maxStringChars: 65_536 };
