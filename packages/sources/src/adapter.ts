// The shape every inbound source adapter has: authenticate → parse → normalize. Adapters see only
// web-standard values (Headers, URL, bytes), never Hono or Lambda types.
import type { NormalizedEvent } from "@smx/core";
import type { HookConfig } from "./config/hooks.ts";

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

export interface SourceAdapter<Payload = unknown> {
  readonly kind: string;
  /** Throws `AuthenticationError` naming the header or parameter at fault. */
  authenticate(request: InboundRequest, context: HookContext): void;
  /** Throws `MalformedBodyError` (400) or `UnsupportedMediaTypeError` (415). */
  parse(request: InboundRequest): Payload;
  /** Throws `UnusableEventError` (422) naming the field at fault. */
  normalize(payload: Payload, request: InboundRequest, context: HookContext): Normalized;
}
