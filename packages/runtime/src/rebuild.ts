// `events rerun`: a rejected event's kept request, run through its hook's *current* configuration exactly as
// the webhooks app runs an inbound request (authentication aside: it was authenticated when it arrived).
import { type EventRecord, type RebuildEvent, RerunUnavailableError, StillUnusableError } from "@smx/core";
import { type HookConfig, InboundError, keptRequestAsInbound, normalizeInbound } from "@smx/sources";

export function rebuilder(
  hooks: ReadonlyMap<string, HookConfig>,
  timeZoneOf: (hook: HookConfig) => string,
): RebuildEvent {
  return (record: EventRecord) => {
    const hook = hooks.get(record.hookId);
    if (hook === undefined)
      throw new RerunUnavailableError(record.eventId, `hook "${record.hookId}" is no longer configured`);
    const raw = record.raw;
    if (raw === undefined)
      throw new RerunUnavailableError(
        record.eventId,
        "its request was not kept (rejected before requests were kept)",
      );
    if (raw.body === undefined)
      throw new RerunUnavailableError(record.eventId, `its body (${raw.bytes} bytes) was too large to keep`);
    // Dates that default to "the day the event arrived" keep meaning the day it arrived.
    const receivedAt = Date.parse(record.receivedAt);
    const request = keptRequestAsInbound({ ...raw, body: raw.body }, hook.id, receivedAt);
    try {
      return normalizeInbound(request, {
        hook,
        secrets: [],
        now: receivedAt,
        timeZone: timeZoneOf(hook),
        // The age check guards against a sender's replay; an operator's rerun of a kept request is deliberate.
        retentionMs: Number.POSITIVE_INFINITY,
      });
    } catch (error) {
      if (!(error instanceof InboundError)) throw error;
      throw new StillUnusableError(record.eventId, error.code, error.message, error.field);
    }
  };
}
