// What each source kind can do, for the configuration check: which auth schemes its sender can use, which
// provider event types its adapter acts on, and how long its sender resends by itself. Read from the
// adapters (registry.ts), the one place each source is described.
import { sourceAdapter } from "../registry.ts";
import type { HookAuth, SourceKind } from "./hooks.ts";

export interface SourceTraits {
  schemes: readonly HookAuth["scheme"][];
  /** Event types a hook may list in `events`: a list, "any" (the sender names its own), or none at all. */
  events: readonly string[] | "any" | "none";
  /** Hours its sender resends an event by itself, for a source that signs no timestamp (see SourceAdapter). */
  resendWindowHours?: number;
}

export function sourceTraits(kind: SourceKind): SourceTraits {
  const adapter = sourceAdapter(kind);
  return {
    schemes: "signature" in adapter.auth ? ["signature"] : adapter.auth.schemes,
    events: adapter.events,
    ...(adapter.resendWindowHours === undefined ? {} : { resendWindowHours: adapter.resendWindowHours }),
  };
}

/** The hook that needs the ledger to keep records longest (its sender's resend window), if any. */
export function longestResendWindow(
  hooks: readonly { id: string; source: SourceKind }[],
): { hookId: string; source: SourceKind; hours: number } | undefined {
  let longest: { hookId: string; source: SourceKind; hours: number } | undefined;
  for (const hook of hooks) {
    const hours = sourceAdapter(hook.source).resendWindowHours;
    if (hours !== undefined && (longest === undefined || hours > longest.hours))
      longest = { hookId: hook.id, source: hook.source, hours };
  }
  return longest;
}
