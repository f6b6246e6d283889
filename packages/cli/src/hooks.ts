// `hooks list` and `hooks test`: what is configured, and one real request to a hook, authenticated as its
// sender would (@smx/sources' test sender, signed by the code that verifies it), with a sample payload from
// examples/payloads whose ids and submission times are fresh, or a payload file sent as it is. A dry run
// hands the same request to the intake's admission instead: what it would become, nothing recorded or sent.
import type { NormalizedEvent } from "@smx/core";
import { type ErrorDetail, Intake } from "@smx/intake";
import type { Runtime, SecretCheck } from "@smx/runtime";
import {
  asFetchRequest,
  freshSample,
  type HookConfig,
  type HookRequest,
  hookRequest,
  hookUrl,
  payloadFromFile,
  type SamplePayload,
  samplePayload,
} from "@smx/sources";
import { HookRequestError, NotConfiguredError, UsageError } from "./errors.ts";

export interface HookSummary {
  id: string;
  source: string;
  action: string;
  connection: string;
  auth: string;
  disabled: boolean;
  description?: string;
  url?: string;
  /** What is wrong with its secrets (and its connection's): such a hook answers 503 / its events wait. */
  problems: string[];
}

export function listHooks(
  runtime: Runtime,
  baseUrl: string | undefined,
  secrets: readonly SecretCheck[],
): HookSummary[] {
  const problemsOf = (owner: SecretCheck["owner"], id: string) =>
    secrets.flatMap((check) =>
      check.owner === owner && check.id === id && check.problem ? [check.problem] : [],
    );
  return runtime.config.hooks.map((hook) => ({
    id: hook.id,
    source: hook.source,
    action: hook.action,
    connection: hook.connection,
    auth: hook.auth.scheme,
    disabled: hook.disabled,
    ...(hook.description === undefined ? {} : { description: hook.description }),
    ...(baseUrl === undefined ? {} : { url: hookUrl(baseUrl, hook.id) }),
    problems: [
      ...problemsOf("hook", hook.id),
      ...problemsOf("connection", hook.connection).map(
        (problem) => `connection ${hook.connection}: ${problem}`,
      ),
    ],
  }));
}

export interface HookTestOptions {
  /** The webhooks app's base URL (a full `/hooks/<id>` URL is accepted too). */
  url: string;
  /** A payload file instead of examples/payloads/<source>.json|.txt. */
  payloadFile?: string;
  /** Give the payload file fresh ids and times too, as the bundled samples get (`hooks try --send`). */
  fresh?: boolean;
  idempotencyKey?: string;
}

export interface HookTestResult {
  hookId: string;
  url: string;
  payloadFile: string;
  status: number;
  body: unknown;
}

export async function testHook(
  runtime: Runtime,
  hookId: string,
  options: HookTestOptions,
): Promise<HookTestResult> {
  const { sample, request } = await sampleRequest(runtime, hookId, baseUrlOf(options.url), options);
  // The URL is shown without its query: a url-token hook carries its secret there.
  const shownUrl = hookUrl(baseUrlOf(options.url), hookId);
  let response: Response;
  try {
    response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
  } catch (error) {
    throw new HookRequestError(shownUrl, networkReason(error));
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (e.g. a proxy's error page): shown as text.
  }
  return {
    hookId,
    url: shownUrl,
    payloadFile: sample.file,
    status: response.status,
    body,
  };
}

export interface HookDryRun {
  hookId: string;
  payloadFile: string;
  /** What the intake made of the request: `admitted` (what it would deliver), `skipped`, or why not. */
  outcome: string;
  event?: NormalizedEvent;
  reason?: string;
  error?: ErrorDetail & { status: number };
}

/** The sample request through the intake's admission (auth, limits, mapping): nothing is recorded or sent. */
export async function dryRunHook(
  runtime: Runtime,
  hookId: string,
  options: Omit<HookTestOptions, "url">,
): Promise<HookDryRun> {
  const { sample, request } = await sampleRequest(runtime, hookId, "https://dry-run.invalid", options);
  const admission = await new Intake(runtime).admit(hookId, asFetchRequest(request));
  const base = { hookId, payloadFile: sample.file, outcome: admission.kind };
  switch (admission.kind) {
    case "admitted":
      return { ...base, event: admission.event };
    case "skipped":
      return { ...base, reason: admission.reason };
    case "too_large":
    case "unauthenticated":
    case "unusable":
      return { ...base, error: { status: admission.error.status, ...admission.error.toErrorInfo() } };
    case "secret_problem":
      return { ...base, reason: `the hook's secret is ${admission.problem}` };
    default:
      return base;
  }
}

export function formatHookDryRun(result: HookDryRun): string {
  const lines = [`dry run of hook ${result.hookId}  (payload ${result.payloadFile}): ${result.outcome}`];
  if (result.event !== undefined)
    lines.push(
      `dedup key ${result.event.dedupKey} (${result.event.dedupKeySource})`,
      JSON.stringify(result.event.command, null, 2),
    );
  if (result.reason !== undefined) lines.push(result.reason);
  if (result.error !== undefined)
    lines.push(`HTTP ${result.error.status} ${result.error.code}: ${result.error.message}`);
  return `${lines.join("\n")}\n`;
}

/** The hook's sample (fresh ids and times) or the given payload, made into its sender's request. */
async function sampleRequest(
  runtime: Runtime,
  hookId: string,
  baseUrl: string,
  options: Omit<HookTestOptions, "url">,
): Promise<{ sample: SamplePayload; request: HookRequest }> {
  const hook = configuredHook(runtime, hookId);
  const now = Date.now();
  const given = options.payloadFile === undefined ? undefined : readPayload(options.payloadFile);
  const sample =
    given === undefined
      ? freshSample(hook.source, samplePayload(hook.source), now)
      : options.fresh
        ? freshSample(hook.source, given, now)
        : given;
  // The first secret: during a rotation that is the one senders are being moved to.
  const secret = await runtime.secrets.getSecret(hook.auth.secrets[0]!);
  const request = hookRequest(hook, {
    baseUrl,
    secret,
    body: sample.body,
    contentType: sample.contentType,
    idempotencyKey: options.idempotencyKey ?? `smx-hooks-test-${now}`,
    now,
  });
  return { sample, request };
}

/** Warns on stderr when `--hook` names no configured hook: a typo would otherwise just find no events. */
export function unknownHookNote(runtime: Runtime, hookId: string | undefined): string | undefined {
  if (hookId === undefined || runtime.hooks.has(hookId)) return undefined;
  return `note: ${new NotConfiguredError("hook", hookId, [...runtime.hooks.keys()]).message}\n`;
}

function readPayload(file: string) {
  try {
    return payloadFromFile(file);
  } catch (error) {
    throw new UsageError(`--payload: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** fetch() rejects with "fetch failed"; the system error code (ECONNREFUSED, ENOTFOUND…) is in its cause. */
export function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function configuredHook(runtime: Runtime, hookId: string): HookConfig {
  const hook = runtime.hooks.get(hookId);
  if (hook === undefined) throw new NotConfiguredError("hook", hookId, [...runtime.hooks.keys()]);
  return hook;
}

function baseUrlOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url: expected the webhooks base URL such as http://127.0.0.1:3000, got "${url}"`);
  }
  const at = parsed.pathname.indexOf("/hooks/");
  return `${parsed.origin}${at < 0 ? parsed.pathname : parsed.pathname.slice(0, at)}`.replace(
    /(?<!\/)\/+$/,
    "",
  );
}
