// POST /hooks/:hookId — one inbound event: receive the raw bytes once, authenticate, parse, normalize,
// then hand it to the pipeline within the inline budget and answer from the ledger record.
import type { Logger } from "@smx/core";
import type { Runtime } from "@smx/runtime";
import {
  AuthenticationError,
  authenticate,
  type HookConfig,
  type HookContext,
  hookSecretProblem,
  InboundError,
  type InboundRequest,
  keptRequest,
  type Normalized,
  normalizeInbound,
  PayloadTooLargeError,
  rejectionDedupKey,
  type SourceAdapter,
  sourceAdapter,
} from "@smx/sources";
import type { Context } from "hono";
import { type Answer, answerForRecord, answerForResult, errorAnswer } from "./answers.ts";
import type { AppEnv } from "./env.ts";
import type { HookSecrets } from "./hook-secrets.ts";
import { browserRedirect, sendAnswer } from "./respond.ts";

export interface ReceiveDeps {
  runtime: Runtime;
  secrets: HookSecrets;
  budgetMs: number;
}

// Time kept back from the Lambda deadline so the ledger write that records the outcome still fits.
const DEADLINE_RESERVE_MS = 2_000;
const MIN_BUDGET_MS = 500;
const SECRET_RETRY_AFTER_S = 300;

export async function receiveHook(c: Context<AppEnv>, deps: ReceiveDeps): Promise<Response> {
  const { runtime } = deps;
  const hookId = c.req.param("hookId") ?? "";
  const hook = runtime.hooks.get(hookId);
  const log = runtime.logger.child({ hookId, requestId: c.var.requestId });
  if (hook === undefined) return sendAnswer(c, unknownHook(hookId));
  if (hook.disabled) return sendAnswer(c, disabledHook(hookId));

  const answer = await answerInbound(c, deps, hook, log);
  const location = browserRedirect(c.req.header("accept"), hook, answer);
  if (location !== undefined) return c.redirect(location, 303);
  return sendAnswer(c, answer);
}

async function answerInbound(
  c: Context<AppEnv>,
  deps: ReceiveDeps,
  hook: HookConfig,
  log: Logger,
): Promise<Answer> {
  const { runtime } = deps;
  const body = await readBody(c, hook);
  if (!(body instanceof Uint8Array)) return body;
  const now = Date.now();
  const request: InboundRequest = {
    method: c.req.method,
    url: new URL(c.req.url),
    headers: c.req.raw.headers,
    body,
    receivedAt: now,
  };
  const adapter = sourceAdapter(hook.source);
  const context = await authenticated(deps, hook, request, adapter, now, log);
  if ("status" in context) return context;

  let normalized: Normalized;
  try {
    normalized = normalizeInbound(request, context);
  } catch (error) {
    if (!(error instanceof InboundError)) throw error;
    return rejectUnusable(deps, hook, request, error, log);
  }
  if (normalized.kind === "skip") {
    runtime.metrics.count("events_skipped", 1, { hookId: hook.id, source: hook.source });
    log.info("event skipped", { reason: normalized.reason });
    return { status: 200, body: { status: "skipped", reason: normalized.reason } };
  }

  const event = normalized.event;
  const result = await runtime.pipeline.process({
    hookId: hook.id,
    connectionId: hook.connection,
    source: hook.source,
    event,
    budgetMs: inlineBudget(c, deps.budgetMs),
    trigger: "inbound",
    body,
  });
  log.info("event processed", {
    eventId: result.record.eventId,
    dedupKey: event.dedupKey,
    outcome: result.kind,
    status: result.record.status,
  });
  return answerForResult(result, Date.now());
}

/** The raw bytes, read once (signatures are computed over exactly these), or a 413. */
async function readBody(c: Context<AppEnv>, hook: HookConfig): Promise<Uint8Array | Answer> {
  // Content-Length first: an oversized body is refused without reading it.
  const declared = Number(c.req.header("content-length"));
  if (Number.isFinite(declared) && declared > hook.maxBodyBytes) {
    return inboundError(new PayloadTooLargeError(tooLarge(declared, hook), { header: "content-length" }));
  }
  // Without a Content-Length (chunked), stop at the limit instead of buffering whatever arrives.
  const body = await readAtMost(c.req.raw.body, hook.maxBodyBytes);
  if (body === undefined)
    return inboundError(new PayloadTooLargeError(tooLarge(`more than ${hook.maxBodyBytes}`, hook)));
  return body;
}

/** All bytes of `stream`, or undefined (and the stream cancelled) as soon as they exceed `limit`. */
async function readAtMost(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array | undefined> {
  if (stream === null) return new Uint8Array();
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      const body = new Uint8Array(total);
      let at = 0;
      for (const chunk of chunks) {
        body.set(chunk, at);
        at += chunk.byteLength;
      }
      return body;
    }
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
}

/**
 * The hook context once the request is authentic, or the answer refusing it. A failure is retried once with
 * freshly read secrets (a rotation the cache has not seen yet); it is counted and logged without the body.
 */
async function authenticated(
  deps: ReceiveDeps,
  hook: HookConfig,
  request: InboundRequest,
  adapter: SourceAdapter,
  now: number,
  log: Logger,
): Promise<HookContext | Answer> {
  let secrets: string[];
  try {
    secrets = await deps.secrets.values(hook.auth.secrets);
  } catch (error) {
    log.error("hook secrets unavailable", { error: describe(error) });
    return secretProblem(hook, "hook_secret_unavailable", "its secret is unavailable");
  }
  const context: HookContext = {
    hook,
    secrets,
    now,
    timeZone: deps.runtime.timeZoneOf(hook),
    retentionMs: deps.runtime.pipeline.settings.retentionDays * 86_400_000,
  };
  const malformed = malformedSecret(hook, secrets, log);
  if (malformed !== undefined) return malformed;
  try {
    try {
      authenticate(request, context, adapter);
    } catch (error) {
      const fresh =
        error instanceof AuthenticationError &&
        (await deps.secrets.refreshed(hook.id, hook.auth.secrets, now));
      if (!fresh) throw error;
      const malformedNow = malformedSecret(hook, fresh, log);
      if (malformedNow !== undefined) return malformedNow;
      authenticate(request, { ...context, secrets: fresh }, adapter);
    }
    return context;
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    deps.runtime.metrics.count("auth_failures", 1, { hookId: hook.id, source: hook.source });
    log.warn("authentication failed", { code: error.code, header: error.header, reason: error.message });
    return inboundError(error);
  }
}

/** A secret value not in the form the hook's scheme needs (empty, not `whsec_…`): the 503 answer. */
function malformedSecret(hook: HookConfig, secrets: readonly string[], log: Logger): Answer | undefined {
  for (const [index, value] of secrets.entries()) {
    const problem = hookSecretProblem(hook, value);
    if (problem === undefined) continue;
    log.error("hook secret malformed", { ref: hook.auth.secrets[index], problem });
    return secretProblem(hook, "hook_secret_invalid", "its secret is not in the form the scheme needs");
  }
  return undefined;
}

/**
 * Our configuration is at fault, not the sender (a secret missing, unreadable or malformed): ask the sender
 * to come back once an operator fixed it, instead of refusing the request as unauthenticated.
 */
function secretProblem(hook: HookConfig, code: string, why: string): Answer {
  return errorAnswer(
    503,
    { code, message: `hook "${hook.id}" cannot verify requests right now (${why}); retry later` },
    { headers: { "retry-after": String(SECRET_RETRY_AFTER_S) } },
  );
}

/** An authenticated sender's unusable request is kept as a `rejected` ledger record, never dropped. */
async function rejectUnusable(
  deps: ReceiveDeps,
  hook: HookConfig,
  request: InboundRequest,
  error: InboundError,
  log: Logger,
): Promise<Answer> {
  const first = inboundError(error);
  const known = rejectionDedupKey(error, request);
  const record = await deps.runtime.pipeline.reject({
    hookId: hook.id,
    connectionId: hook.connection,
    source: hook.source,
    ...(known === undefined ? {} : known),
    nativeIds: {},
    rawBody: request.body,
    raw: keptRequest(request, hook),
    error: errorInfo(error),
    response: { status: first.status, body: first.body },
  });
  log.info("unusable request kept as rejected", { eventId: record.eventId, status: first.status });
  // The record of an earlier copy may be delivered by now (a rerun): answered as a repeat, never a 201.
  return answerForRecord(record, false, Date.now());
}

function inlineBudget(c: Context<AppEnv>, budgetMs: number): number {
  const remaining = c.env?.lambdaContext?.getRemainingTimeInMillis();
  if (remaining === undefined) return budgetMs;
  return Math.max(MIN_BUDGET_MS, Math.min(budgetMs, remaining - DEADLINE_RESERVE_MS));
}

function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: typeof error, message: String(error) };
}

function inboundError(error: InboundError): Answer {
  return errorAnswer(error.status, errorInfo(error));
}

function errorInfo(error: InboundError) {
  return {
    code: error.code,
    message: error.message,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.header === undefined ? {} : { header: error.header }),
  };
}

function tooLarge(bytes: number | string, hook: HookConfig): string {
  return `the body is ${bytes} bytes; hook "${hook.id}" accepts at most ${hook.maxBodyBytes} bytes (maxBodyBytes)`;
}

function unknownHook(hookId: string): Answer {
  return errorAnswer(404, {
    code: "hook_not_found",
    message: `no hook "${hookId}" is configured; check the URL path /hooks/{id}`,
  });
}

// Not 404/410: Typeform and Calendly switch a webhook off for good on those; 503 makes them retry later.
const DISABLED_RETRY_AFTER_S = 3600;

function disabledHook(hookId: string): Answer {
  return errorAnswer(
    503,
    {
      code: "hook_disabled",
      message: `hook "${hookId}" is disabled by its operator; the sender should retry later`,
    },
    { headers: { "retry-after": String(DISABLED_RETRY_AFTER_S) } },
  );
}
