// One inbound request to a hook, outside HTTP: the hook's limits, authentication (with one retry on freshly
// read secrets), parse + normalize, an unusable request kept as `rejected`, skips counted, and the event
// handed to the pipeline within the inline budget. The webhooks app reads nothing itself: it passes the
// web-standard Request and maps the outcome to an answer; the CLI, benches and tests call it the same way.
import {
  type Clock,
  type EventPipeline,
  type Logger,
  type Metrics,
  type ResolutionPreviewDeps,
  type SecretsProvider,
  systemClock,
} from "@smx/core";
import {
  AuthenticationError,
  authenticate,
  type HookConfig,
  type HookContext,
  hookSecretProblem,
  InboundError,
  type InboundRequest,
  keptRequest,
  rejectionDedupKey,
  type SourceAdapter,
  sourceAdapter,
} from "@smx/sources";
import { HookSecrets } from "./hook-secrets.ts";
import type { Admission, ErrorBody, IntakeOutcome, Refusal } from "./outcome.ts";
import { type HookPreview, type PreviewInput, previewRequest } from "./preview.ts";
import { readLimitedBody } from "./read-body.ts";

/** What the intake works with; a Runtime (@smx/runtime) is one. */
export interface IntakeDeps {
  /** Hooks by id (the `/hooks/{id}` segment). */
  hooks: ReadonlyMap<string, HookConfig>;
  /** The zone a hook's payload dates are read in. */
  timeZoneOf(hook: HookConfig): string;
  secrets: SecretsProvider;
  pipeline: Pick<EventPipeline, "process" | "reject" | "settings">;
  logger: Logger;
  metrics: Metrics;
}

export interface ReceiveOptions {
  /** Inline delivery budget (ms). */
  budgetMs: number;
  /** Time left before the caller's own deadline (a Lambda's), when it has one: the budget keeps within it. */
  remainingMs?: number;
  /** Added to every log line of this request (API Gateway's request id). */
  requestId?: string;
}

// Time kept back from the Lambda deadline so the ledger write that records the outcome still fits.
const DEADLINE_RESERVE_MS = 2_000;
const MIN_BUDGET_MS = 500;

export class Intake {
  readonly #deps: IntakeDeps;
  readonly #secrets: HookSecrets;
  readonly #clock: Clock;
  /** The same intake with metrics not counted: a preview is not traffic (no auth-failure alarm from it). */
  #uncounted: Intake | undefined;

  constructor(deps: IntakeDeps, options: { clock?: Clock } = {}) {
    this.#deps = deps;
    this.#clock = options.clock ?? systemClock;
    this.#secrets = new HookSecrets(deps.secrets, this.#clock);
  }

  /** One request to `/hooks/{hookId}`, all the way: recorded in the ledger and delivered within the budget. */
  async receive(hookId: string, request: Request, options: ReceiveOptions): Promise<IntakeOutcome> {
    const log = this.#log(hookId, options.requestId);
    return this.#settle(await this.#admit(hookId, request, log), options, log);
  }

  /**
   * One request whose sender the caller authenticated itself (the actions API's keys), for a hook the
   * caller made, normalized by `adapter`: the same limits, rejection, ledger and delivery as a hook's.
   */
  async receiveAuthenticated(
    hook: HookConfig,
    adapter: SourceAdapter,
    request: Request,
    options: ReceiveOptions & { source: string },
  ): Promise<IntakeOutcome> {
    const log = this.#log(hook.id, options.requestId);
    const admission = await this.#read(
      hook,
      request,
      log,
      async (_inbound, now) => this.#context(hook, [], now),
      adapter,
    );
    return this.#settle(admission, options, log, options.source);
  }

  /** `source`: what the ledger records as the event's source (the hook's own when not given). */
  async #settle(
    admission: Admission,
    options: ReceiveOptions,
    log: Logger,
    source?: string,
  ): Promise<IntakeOutcome> {
    switch (admission.kind) {
      case "unusable":
        return this.#reject(admission, log, source ?? admission.hook.source);
      case "admitted": {
        const { hook, event, request: inbound } = admission;
        const result = await this.#deps.pipeline.process({
          hookId: hook.id,
          connectionId: hook.connection,
          source: source ?? hook.source,
          event,
          budgetMs: inlineBudget(options),
          trigger: "inbound",
          body: inbound.body,
        });
        log.info("event processed", {
          eventId: result.record.eventId,
          dedupKey: event.dedupKey,
          outcome: result.kind,
          status: result.record.status,
        });
        return { kind: "processed", hook, event, result };
      }
      default:
        return admission;
    }
  }

  /**
   * Everything before the ledger: the hook, its limits, authentication and normalizing. Nothing is recorded,
   * so `smx hooks test --dry-run` shows what a request would become.
   */
  admit(hookId: string, request: Request, options: { requestId?: string } = {}): Promise<Admission> {
    return this.#admit(hookId, request, this.#log(hookId, options.requestId));
  }

  /**
   * What the hook would make of a payload (preview.ts): the admission's verdict, the parsed payload, the
   * command, and — given a resolver — what it resolves to in SalesMania, read only. Nothing is written.
   */
  preview(hookId: string, input: PreviewInput, resolver?: ResolutionPreviewDeps): Promise<HookPreview> {
    this.#uncounted ??= new Intake({ ...this.#deps, metrics: UNCOUNTED }, { clock: this.#clock });
    const quiet = this.#uncounted;
    const parts = {
      hooks: this.#deps.hooks,
      admit: (id: string, request: Request) => quiet.#admit(id, request, quiet.#log(id, undefined)),
      secretsOf: (hook: HookConfig) => quiet.#secrets.of(hook).current(),
      contextOf: (hook: HookConfig, secrets: string[]) => quiet.#context(hook, secrets, this.#clock.now()),
      now: () => this.#clock.now(),
    };
    return previewRequest(parts, hookId, input, resolver);
  }

  async #admit(hookId: string, request: Request, log: Logger): Promise<Admission> {
    const hook = this.#deps.hooks.get(hookId);
    if (hook === undefined) return { kind: "unknown_hook", hookId };
    if (hook.disabled) return { kind: "disabled", hook };
    return this.#read(hook, request, log, (inbound, now) => this.#authenticated(hook, inbound, now, log));
  }

  /** The body under the hook's limit, the sender checked by `authenticate`, then parse + normalize. */
  async #read(
    hook: HookConfig,
    request: Request,
    log: Logger,
    authenticate: (inbound: InboundRequest, now: number) => Promise<HookContext | Refusal>,
    adapter: SourceAdapter = sourceAdapter(hook.source),
  ): Promise<Admission> {
    const body = await readLimitedBody(request, hook);
    if (!(body instanceof Uint8Array)) return { kind: "too_large", hook, error: body };
    const now = this.#clock.now();
    const inbound: InboundRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body,
      receivedAt: now,
    };
    const context = await authenticate(inbound, now);
    if ("kind" in context) return context;
    try {
      const normalized = adapter.normalize(adapter.parse(inbound), inbound, context);
      if (normalized.kind === "event")
        return { kind: "admitted", hook, event: normalized.event, request: inbound };
      this.#deps.metrics.count("events_skipped", 1, { hookId: hook.id, source: hook.source });
      log.info("event skipped", { reason: normalized.reason });
      return { kind: "skipped", hook, reason: normalized.reason };
    } catch (error) {
      if (!(error instanceof InboundError)) throw error;
      return { kind: "unusable", hook, error, request: inbound };
    }
  }

  #context(hook: HookConfig, secrets: string[], now: number): HookContext {
    return {
      hook,
      secrets,
      now,
      timeZone: this.#deps.timeZoneOf(hook),
      retentionMs: this.#deps.pipeline.settings.retentionDays * 86_400_000,
    };
  }

  /**
   * The hook context once the request is authentic, or the refusal. A failure is retried once with freshly
   * read secrets (a rotation the cache has not seen yet); it is counted and logged without the body.
   */
  async #authenticated(
    hook: HookConfig,
    request: InboundRequest,
    now: number,
    log: Logger,
  ): Promise<HookContext | Refusal> {
    const secret = this.#secrets.of(hook);
    let secrets: string[];
    try {
      secrets = await secret.current();
    } catch (error) {
      log.error("hook secrets unavailable", { error: describe(error) });
      return { kind: "secret_problem", hook, problem: "unavailable" };
    }
    if (malformed(hook, secrets, log)) return { kind: "secret_problem", hook, problem: "malformed" };
    const context = this.#context(hook, secrets, now);
    const adapter = sourceAdapter(hook.source);
    try {
      try {
        authenticate(request, context, adapter);
      } catch (error) {
        const fresh = error instanceof AuthenticationError ? await secret.refresh() : undefined;
        if (fresh === undefined) throw error;
        if (malformed(hook, fresh, log)) return { kind: "secret_problem", hook, problem: "malformed" };
        authenticate(request, { ...context, secrets: fresh }, adapter);
      }
      return context;
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      this.#deps.metrics.count("auth_failures", 1, { hookId: hook.id, source: hook.source });
      log.warn("authentication failed", { code: error.code, header: error.header, reason: error.message });
      return { kind: "unauthenticated", hook, error };
    }
  }

  /** An authenticated sender's unusable request is kept as a `rejected` ledger record, never dropped. */
  async #reject(
    admission: Extract<Admission, { kind: "unusable" }>,
    log: Logger,
    source: string,
  ): Promise<IntakeOutcome> {
    const { hook, error, request } = admission;
    const answered: ErrorBody = { error: error.toErrorInfo() };
    const known = rejectionDedupKey(error, request);
    const record = await this.#deps.pipeline.reject({
      hookId: hook.id,
      connectionId: hook.connection,
      source,
      ...(known === undefined ? {} : known),
      nativeIds: {},
      rawBody: request.body,
      raw: keptRequest(request, hook),
      error: error.toErrorInfo(),
      response: { status: error.status, body: answered },
    });
    log.info("unusable request kept as rejected", { eventId: record.eventId, status: error.status });
    return { kind: "rejected", hook, error, record };
  }

  #log(hookId: string, requestId: string | undefined): Logger {
    return this.#deps.logger.child({ hookId, ...(requestId === undefined ? {} : { requestId }) });
  }
}

const UNCOUNTED: Metrics = { count: () => {}, measure: () => {} };

/** The inline budget, kept within the caller's own deadline (less the reserve the outcome's write needs). */
function inlineBudget(options: ReceiveOptions): number {
  if (options.remainingMs === undefined) return options.budgetMs;
  return Math.max(MIN_BUDGET_MS, Math.min(options.budgetMs, options.remainingMs - DEADLINE_RESERVE_MS));
}

/** A secret value not in the form the hook's scheme needs (empty, not `whsec_…`): logged by ref, never shown. */
function malformed(hook: HookConfig, secrets: readonly string[], log: Logger): boolean {
  for (const [index, value] of secrets.entries()) {
    const problem = hookSecretProblem(hook, value);
    if (problem === undefined) continue;
    log.error("hook secret malformed", { ref: hook.auth.secrets[index], problem });
    return true;
  }
  return false;
}

function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: typeof error, message: String(error) };
}
