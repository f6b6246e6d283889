// Make (the HTTP "Make a request" module): JSON, form-encoded or multipart; otherwise the same generic
// sender as Zapier (API key / Basic / URL token; Idempotency-Key, dedup.field or business key).
import { automationSource } from "./zapier.ts";

export const makeSource = automationSource(
  ["json", "form", "multipart"],
  'in the HTTP "Make a request" module choose Body type "Raw" with Content type "JSON (application/json)", or "Application/x-www-form-urlencoded"',
);
