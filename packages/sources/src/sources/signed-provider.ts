// Steps shared by the source adapters: read a provider body, check it has the provider's
// shape, choose which events act, and hand the source's named values to the mapping engine so every source
// is mapped the same way (docs/mapping.md).

import { type Command, excerpt, issueMessage } from "@smx/core";
import * as v from "valibot";
import type { HookContext, InboundRequest, Normalized } from "../adapter.ts";
import { parseBody } from "../body/index.ts";
import type { Mapping } from "../config/hooks.ts";
import { InboundError, UnusableEventError } from "../errors.ts";
import { isoInstant } from "../mapping/dates.ts";
import { checkIdLength } from "../mapping/dedup.ts";
import { buildCommand, businessDedupKey, knownDedupKey } from "../mapping/index.ts";

/** Provider webhooks are JSON only. */
export function parseJson(request: InboundRequest): Record<string, unknown> {
  return parseBody(request, { accept: ["json"] });
}

/** Checks the parsed body against the provider's schema; the first issue becomes a 422 naming its field. */
export function expectPayload<S extends v.GenericSchema>(
  schema: S,
  payload: unknown,
  provider: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, payload);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const field = excerpt(
    issue.path
      ?.map((item) => (typeof item.key === "number" ? `[${item.key}]` : `.${String(item.key)}`))
      .join("")
      .replace(/^\./, "") ?? "",
    120,
  );
  throw new UnusableEventError(
    `${field || "body"}: not a ${provider} webhook payload: ${issueMessage(issue)}`,
    { field: field || undefined, code: issue.input === undefined ? "missing_field" : "invalid_field" },
  );
}

/**
 * Why `event` is skipped, or `undefined` when it acts: it must be one the provider adapter handles
 * (`supported`) and, when the hook lists `events`, one of those.
 */
export function skipReason(
  context: HookContext,
  event: string,
  supported: readonly string[],
): string | undefined {
  if (!supported.includes(event)) {
    return `event "${excerpt(event)}" has no SalesMania effect (this source acts on ${supported.join(", ")})`;
  }
  const listed = context.hook.events;
  if (listed !== undefined && !listed.includes(event)) {
    return `event "${excerpt(event)}" is not in this hook's events (${listed.join(", ")})`;
  }
  return undefined;
}

/** Clock skew between the provider and this service that the age check absorbs. */
const CLOCK_SKEW_MS = 3_600_000;

/**
 * Replay protection for a source that signs no timestamp: an event whose signed submission time (`value`,
 * at payload path `field`) is older than the ledger's retention is refused (422 `event_too_old`), because
 * its first delivery's dedup record may have expired and the replay would be processed again.
 */
export function refuseIfOlderThanRetention(
  value: string | undefined,
  field: string,
  context: HookContext,
): void {
  if (value === undefined) return;
  const at = isoInstant(value);
  if (at === undefined)
    throw new UnusableEventError(
      `${field}: expected an ISO 8601 date-time, got ${JSON.stringify(excerpt(value))}`,
      { field, code: "invalid_field" },
    );
  const age = context.now - at;
  if (age <= context.retentionMs - CLOCK_SKEW_MS) return;
  const days = (ms: number) => Math.floor(ms / 86_400_000);
  throw new UnusableEventError(
    `${field}: the event was submitted ${days(age)} days ago; events older than the ledger's retention (${days(context.retentionMs)} days) are refused, because a resend that old can no longer be recognised as a duplicate`,
    { field, code: "event_too_old" },
  );
}

export interface ProviderEvent {
  /** The provider's values, named as the docs describe; the hook's mapping reads from here. */
  source: unknown;
  /** Mapping rules used where the hook's mapping gives none (e.g. a booking's start as the visit date). */
  defaultMapping?: Mapping;
  /** The provider's id for this event (with its event type), the preferred dedup key. */
  nativeId: string | undefined;
  nativeIds: Record<string, string | undefined>;
  occurredAt: string | undefined;
  /** Turns the command built from the mapping into the one to deliver (a booking cancellation). */
  finish?: (command: Command) => Command;
  /** The sender flattens nested objects into `a__b` keys (docs/mapping.md#flattened-keys). */
  flattenedKeys?: boolean;
  /**
   * The default mapping's phone is an answer people type (a booking question): on a hook that neither maps
   * `customer.phone` nor sets a `phonePolicy`, one that cannot be used is dropped with a note, not refused.
   */
  lenientDefaultPhone?: boolean;
}

/** The hook as the event is mapped: the source's defaults under the hook's mapping, and its phone leniency. */
function effectiveHook(event: ProviderEvent, hook: HookContext["hook"]): HookContext["hook"] {
  if (!event.defaultMapping) return hook;
  const lenient =
    event.lenientDefaultPhone === true &&
    hook.phonePolicy === undefined &&
    !Object.hasOwn(hook.mapping, "customer.phone");
  return {
    ...hook,
    mapping: { ...event.defaultMapping, ...hook.mapping },
    ...(lenient ? { phonePolicy: { malformed: "drop", foreign: "drop" } } : {}),
  };
}

export function toEvent(event: ProviderEvent, request: InboundRequest, context: HookContext): Normalized {
  const effective: HookContext = { ...context, hook: effectiveHook(event, context.hook) };
  const notes: string[] = [];
  const known = knownDedupKey({
    context: effective,
    request,
    source: event.source,
    nativeId: event.nativeId,
  });
  let command: Command;
  try {
    const built = buildCommand(event.source, effective, {
      flattenedKeys: event.flattenedKeys === true,
      notes,
    });
    command = event.finish ? event.finish(built) : built;
  } catch (error) {
    if (error instanceof InboundError && known !== undefined) error.dedupKey = known;
    throw error;
  }
  const { dedupKey, dedupKeySource } = known ?? businessDedupKey(command, effective);
  const nativeIds = Object.fromEntries(
    Object.entries(event.nativeIds)
      .filter((entry): entry is [string, string] => typeof entry[1] === "string")
      .map(([name, id]) => [name, checkIdLength(id, `the ${name} id`)]),
  );
  return {
    kind: "event",
    event: {
      command,
      dedupKey,
      dedupKeySource,
      nativeIds,
      ...(event.occurredAt === undefined ? {} : { occurredAt: event.occurredAt }),
      ...(notes.length === 0 ? {} : { notes }),
    },
  };
}

/**
 * A booking cancellation is mapped like the booking (same customer and date) and then recorded as a
 * CancelVisit: SalesMania has no visit delete, so the core records it `ignored` for a person to act on.
 */
export function asCancellation(reason: string): (command: Command) => Command {
  return (command) => {
    if (command.kind !== "CreateVisit") return command;
    const { customer, date, teamId } = command;
    return { kind: "CancelVisit", customer, date, ...(teamId === undefined ? {} : { teamId }), reason };
  };
}

/**
 * Why a booking event is skipped: as `skipReason`, and a cancellation also on a hook whose action is not
 * CreateVisit (there is no visit to cancel).
 */
export function bookingSkipReason(
  context: HookContext,
  event: string,
  supported: readonly string[],
  cancelEvent: string,
): string | undefined {
  const skipped = skipReason(context, event, supported);
  if (skipped !== undefined || event !== cancelEvent || context.hook.action === "CreateVisit") return skipped;
  return `event "${event}" cancels a booking, which only a CreateVisit hook acts on (this hook's action is ${context.hook.action})`;
}
