// What a hook would make of a payload, writing nothing: the authentication verdict, the parsed payload, the
// command and dedup key, and what its customer, products or order would resolve to in SalesMania (read
// only). One implementation behind the console's Preview page, the admin API's preview endpoint and
// `smx hooks try`. The request goes through the intake's own admission (intake.ts), so the verdict is the
// one a real delivery would get; a payload without headers is signed as the hook's sender would sign it.
import {
  eventIdFor,
  type NormalizedEvent,
  previewResolution,
  type ResolutionPreview,
  type ResolutionPreviewDeps,
} from "@smx/core";
import {
  asFetchRequest,
  type HookConfig,
  type HookContext,
  hookRequest,
  InboundError,
  type InboundRequest,
  normalizeInbound,
  sourceAdapter,
  UnsignableHookError,
} from "@smx/sources";
import type { Admission, ErrorDetail } from "./outcome.ts";

export interface PreviewInput {
  /** The payload exactly as the sender would send it. */
  body: Uint8Array<ArrayBuffer>;
  /** Its content type when no headers are given (default `application/json`). */
  contentType?: string;
  /**
   * The sender's headers as received (its signature included): the verdict is on them. Without them the
   * preview signs the payload with the hook's first secret, as `smx hooks test` does.
   */
  headers?: Record<string, string>;
}

export interface HookPreview {
  hookId: string;
  /** What a delivery of it would be answered: accepted (202/200), skipped (200), or refused (4xx/5xx). */
  verdict: "accept" | "skip" | "reject";
  /** The intake's admission (`admitted`, `skipped`, `unauthenticated`, `unusable`, …). */
  admission: Admission["kind"];
  auth: { checked: "headers" | "signed-by-preview"; ok: boolean; message?: string };
  /** The payload as the source adapter parsed it. */
  parsed?: unknown;
  /** The command, dedup key and native ids — also when authentication failed (what it would become). */
  event?: NormalizedEvent;
  /** The ledger record it would have (derived from hook + dedup key). */
  eventId?: string;
  /** Why it is skipped, or what is wrong with the hook's secret. */
  reason?: string;
  error?: ErrorDetail & { status: number };
  resolution?: ResolutionPreview;
}

/** The intake's parts a preview runs on (Intake.preview supplies them, with metrics not counted). */
export interface PreviewParts {
  hooks: ReadonlyMap<string, HookConfig>;
  admit(hookId: string, request: Request): Promise<Admission>;
  secretsOf(hook: HookConfig): Promise<string[]>;
  contextOf(hook: HookConfig, secrets: string[]): HookContext;
  now(): number;
}

/** A preview input that cannot be made into a request (a header name or value HTTP does not allow). */
export class PreviewInputError extends Error {
  override name = "PreviewInputError";
  constructor(
    readonly field: "headers",
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

const PREVIEW_BASE_URL = "https://preview.invalid";

export async function previewRequest(
  parts: PreviewParts,
  hookId: string,
  input: PreviewInput,
  resolver?: ResolutionPreviewDeps,
): Promise<HookPreview> {
  const hook = parts.hooks.get(hookId);
  const signed = input.headers === undefined;
  const request = hook === undefined || !signed ? asIs(hookId, input) : await signedCopy(parts, hook, input);
  if (request === undefined) {
    return {
      hookId,
      verdict: "reject",
      admission: "secret_problem",
      auth: { checked: "signed-by-preview", ok: false, message: "the hook's secret could not be read" },
    };
  }
  const admission = await parts.admit(hookId, request.clone());
  const preview: HookPreview = {
    hookId,
    verdict: verdictOf(admission),
    admission: admission.kind,
    auth: { checked: signed ? "signed-by-preview" : "headers", ok: authenticated(admission) },
  };
  switch (admission.kind) {
    case "admitted":
      setEvent(preview, admission.hook, admission.event);
      break;
    case "skipped":
      preview.reason = admission.reason;
      break;
    case "unusable":
    case "too_large":
      preview.error = { status: admission.error.status, ...admission.error.toErrorInfo() };
      break;
    case "secret_problem":
      preview.reason = `the hook's secret is ${admission.problem}`;
      break;
    case "unauthenticated":
      preview.auth.message = admission.error.message;
      preview.error = { status: admission.error.status, ...admission.error.toErrorInfo() };
      break;
    case "unknown_hook":
    case "disabled":
      preview.reason = admission.kind === "disabled" ? "the hook is disabled" : `no hook "${hookId}"`;
      return preview;
  }
  if (hook === undefined) return preview;
  const inbound = await inboundOf(request, parts.now());
  preview.parsed = parsedPayload(hook, inbound);
  if (admission.kind === "unauthenticated") mapAsIfAuthentic(parts, hook, inbound, preview);
  if (preview.event !== undefined && resolver !== undefined) {
    preview.resolution = await previewResolution(preview.event.command, hook.connection, resolver);
  }
  return preview;
}

function verdictOf(admission: Admission): HookPreview["verdict"] {
  if (admission.kind === "admitted") return "accept";
  return admission.kind === "skipped" ? "skip" : "reject";
}

const authenticated = (admission: Admission) =>
  admission.kind === "admitted" || admission.kind === "skipped" || admission.kind === "unusable";

function setEvent(preview: HookPreview, hook: HookConfig, event: NormalizedEvent): void {
  preview.event = event;
  preview.eventId = eventIdFor(hook.id, event.dedupKey);
}

/** Refused as not authentic: still show what the mapping makes of it, so a hook can be written first. */
function mapAsIfAuthentic(
  parts: PreviewParts,
  hook: HookConfig,
  inbound: InboundRequest,
  preview: HookPreview,
) {
  try {
    const normalized = normalizeInbound(inbound, parts.contextOf(hook, []));
    if (normalized.kind === "event") setEvent(preview, hook, normalized.event);
    else preview.reason = `once authentic it would be skipped: ${normalized.reason}`;
  } catch (error) {
    if (!(error instanceof InboundError)) throw error;
    preview.reason = `once authentic it would be refused too: HTTP ${error.status} ${error.message}`;
  }
}

function parsedPayload(hook: HookConfig, inbound: InboundRequest): unknown {
  try {
    return sourceAdapter(hook.source).parse(inbound);
  } catch (error) {
    if (!(error instanceof InboundError)) throw error;
    return undefined;
  }
}

function asIs(hookId: string, input: PreviewInput): Request {
  const headers = input.headers ?? { "content-type": input.contentType ?? "application/json" };
  try {
    return new Request(`${PREVIEW_BASE_URL}/hooks/${encodeURIComponent(hookId)}`, {
      method: "POST",
      headers,
      body: input.body,
    });
  } catch (error) {
    throw new PreviewInputError("headers", `headers: ${(error as Error).message}`, { cause: error });
  }
}

async function signedCopy(
  parts: PreviewParts,
  hook: HookConfig,
  input: PreviewInput,
): Promise<Request | undefined> {
  let secrets: string[];
  try {
    secrets = await parts.secretsOf(hook);
  } catch {
    return undefined;
  }
  try {
    const request = hookRequest(hook, {
      baseUrl: PREVIEW_BASE_URL,
      secret: secrets[0] ?? "",
      body: input.body,
      contentType: input.contentType ?? "application/json",
      now: parts.now(),
    });
    return asFetchRequest(request);
  } catch (error) {
    // A signature scheme the source has no signer for: checked as it is, so the verdict says why.
    if (error instanceof UnsignableHookError) return asIs(hook.id, input);
    throw error;
  }
}

async function inboundOf(request: Request, now: number): Promise<InboundRequest> {
  return {
    method: request.method,
    url: new URL(request.url),
    headers: request.headers,
    body: new Uint8Array(await request.arrayBuffer()),
    receivedAt: now,
  };
}
