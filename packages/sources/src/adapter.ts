// The shape every inbound source adapter has, and all a source is: how its sender authenticates (its own
// signature scheme, or the generic ones it can use), the event types it acts on, how it parses and
// normalizes a request, and what a test sender freshens in its sample. The registry (registry.ts) lists the
// adapters; source kinds and the configuration check's traits are derived from it. Adapters see only
// web-standard values (Headers, URL, bytes), never Hono or Lambda types.
import type { NormalizedEvent } from "@smx/core";
import type { HookAuth, HookConfig } from "./config/hooks.ts";
import type { SignatureScheme } from "./signatures/scheme.ts";

/** A request as received: the raw bytes exactly as sent (signatures are computed over them). */
export interface InboundRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array;
  /** Epoch ms. */
  receivedAt: number;
}

export interface HookContext {
  hook: HookConfig;
  /** Secret values valid now for this hook's auth (several during a rotation). Never logged. */
  secrets: string[];
  /** Epoch ms, for timestamp tolerance checks. */
  now: number;
  /** IANA zone for dates in the payload: the hook's `timeZone`, else its connection's. */
  timeZone: string;
  /**
   * How long the ledger keeps an event's record (ms). A source that signs no timestamp refuses an event
   * submitted longer ago: its first delivery's record may be gone, so a replay would be processed again.
   */
  retentionMs: number;
}

/**
 * What normalizing one request gives: a command to deliver, or an event the source sends that this hook
 * deliberately does not act on (answered 200 and logged, e.g. Typeform's `form_response_partial`).
 */
export type Normalized = { kind: "event"; event: NormalizedEvent } | { kind: "skip"; reason: string };

/** The schemes every source's sender may use instead of a provider signature (auth/index.ts). */
export type GenericScheme = Exclude<HookAuth["scheme"], "signature">;

export interface SourceAdapter<Payload = unknown> {
  /** The provider's own signature (hooks use `auth.scheme: "signature"`), or the generic schemes its sender can use. */
  readonly auth: { signature: SignatureScheme } | { schemes: readonly GenericScheme[] };
  /**
   * Event types it acts on (a hook's `events` may narrow them; others are skipped), "any" (the sender names
   * its own), or "none" (the source sends no event types).
   */
  readonly events: readonly string[] | "any" | "none";
  /**
   * For a source that signs no timestamp: how long (hours) its sender resends an event by itself, per its docs
   * (docs/http-api.md#replays). The ledger must keep records at least this long, or a resend after the record
   * expired would be processed again; the runtime refuses to start with a shorter retention.
   */
  readonly resendWindowHours?: number;
  /**
   * Payload paths a test sender sets to a fresh id and to the current time, so a bundled sample is neither
   * older than the ledger's retention nor a repeat of the last test (`smx hooks test`).
   */
  readonly sampleStamps?: { ids: readonly string[]; times: readonly string[] };
  /** Throws `MalformedBodyError` (400) or `UnsupportedMediaTypeError` (415). */
  parse(request: InboundRequest): Payload;
  /** Throws `UnusableEventError` (422) naming the field at fault. */
  normalize(payload: Payload, request: InboundRequest, context: HookContext): Normalized;
}
