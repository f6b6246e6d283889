// What each source kind can do, for the configuration check: which auth schemes its sender can use, and
// which provider event types its adapter acts on (the adapters in ../sources skip any others).
import type { HookAuth, SourceKind } from "./hooks.ts";

type Scheme = HookAuth["scheme"];

export interface SourceTraits {
  schemes: readonly Scheme[];
  /** Event types a hook may list in `events`: a list, "any" (the sender names its own), or none at all. */
  events: readonly string[] | "any" | "none";
  /**
   * Sources that sign no timestamp: how long (hours) the sender resends an event by itself, per its docs
   * (docs/http-api.md#replays). The ledger must keep records at least this long, or a resend after the
   * record expired would be processed again; the runtime refuses to start with a shorter retention.
   */
  resendWindowHours?: number;
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
  // Typeform retries 429/408/503/423 every 2–3 minutes for 10 hours (other failures: 5 retries within 4 h).
  typeform: { schemes: ["signature"], events: ["form_response"], resendWindowHours: 10 },
  // Tally retries 5 times after 5 min, 30 min, 1 h, 6 h and 24 h: 31 h 35 min in all.
  tally: { schemes: ["signature"], events: ["FORM_RESPONSE"], resendWindowHours: 32 },
  calendly: { schemes: ["signature"], events: ["invitee.created", "invitee.canceled"] },
  // Cal.com documents no retries (its sender makes one attempt); a day covers a manual resend the same day.
  "cal-com": {
    schemes: ["signature"],
    events: ["BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED"],
    resendWindowHours: 24,
  },
};

/** The hook that needs the ledger to keep records longest (its sender's resend window), if any. */
export function longestResendWindow(
  hooks: readonly { id: string; source: SourceKind }[],
): { hookId: string; source: SourceKind; hours: number } | undefined {
  let longest: { hookId: string; source: SourceKind; hours: number } | undefined;
  for (const hook of hooks) {
    const hours = SOURCE_TRAITS[hook.source].resendWindowHours;
    if (hours !== undefined && (longest === undefined || hours > longest.hours))
      longest = { hookId: hook.id, source: hook.source, hours };
  }
  return longest;
}
