// What each source kind can do, for the configuration check: which auth schemes its sender can use, and
// which provider event types its adapter acts on (the adapters in ../sources skip any others).
import type { HookAuth, SourceKind } from "./hooks.ts";

type Scheme = HookAuth["scheme"];

export interface SourceTraits {
  schemes: readonly Scheme[];
  /** Event types a hook may list in `events`: a list, "any" (the sender names its own), or none at all. */
  events: readonly string[] | "any" | "none";
}

const GENERIC: Scheme[] = ["api-key", "basic", "url-token"];

export const SOURCE_TRAITS: Record<SourceKind, SourceTraits> = {
  zapier: { schemes: GENERIC, events: "none" },
  make: { schemes: GENERIC, events: "none" },
  // Apps Script can set headers; a URL token also works.
  "google-forms": { schemes: ["api-key", "url-token"], events: "none" },
  // Jotform and browsers can only be given a URL.
  jotform: { schemes: ["url-token"], events: "none" },
  "html-form": { schemes: ["url-token"], events: "none" },
  "standard-webhooks": { schemes: ["signature"], events: "any" },
  typeform: { schemes: ["signature"], events: ["form_response"] },
  tally: { schemes: ["signature"], events: ["FORM_RESPONSE"] },
  calendly: { schemes: ["signature"], events: ["invitee.created", "invitee.canceled"] },
  "cal-com": {
    schemes: ["signature"],
    events: ["BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED"],
  },
};
