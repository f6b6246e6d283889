// The event engine: claim in the ledger → deliver → record the outcome. Inbound events (`process`), the
// scheduled redrive and operator replays all go through the same `attempt`, so they classify and record
// failures identically.
import * as v from "valibot";
import { backoffDelayMs } from "./backoff.ts";
import { budgetSignal } from "./budget.ts";
import { Command, type NormalizedEvent } from "./commands.ts";
import { customerClaimer } from "./customer-claims.ts";
import { type DeliveryOutcome, deliver, OUTCOME_UNKNOWN } from "./delivery.ts";
import { DirectoryRefresher } from "./directory.ts";
import { InvalidCommandError, ReplayNeedsCommandError, UnknownOutcomeReplayError } from "./errors.ts";
import { issueMessage } from "./excerpt.ts";
import { classifyFailure } from "./failures.ts";
import { eventIdFor, fingerprint } from "./ids.ts";
import {
  type ActionEntry,
  type Attempt,
  type ClaimInput,
  type ErrorInfo,
  EventNotFoundError,
  type EventRecord,
  EventStateError,
  type EventStatus,
  LeaseLostError,
  type Ledger,
  type Outcome,
} from "./ledger.ts";
import { mapBounded } from "./limits.ts";
import type { Clock, ConnectionProvider, DirectoryStore, Logger, Metrics } from "./ports.ts";
import { systemClock } from "./ports.ts";
import { type PipelineRejectInput, recordRejection, settleEarlierRejection } from "./rejections.ts";
import { type PipelineSettings, type PipelineSettingsInput, parsePipelineSettings } from "./settings.ts";

export interface PipelineDeps {
  ledger: Ledger;
  directory: DirectoryStore;
  connections: ConnectionProvider;
  logger: Logger;
  metrics: Metrics;
  clock?: Clock;
  settings?: PipelineSettingsInput;
  /** Source of backoff jitter (tests pin it). */
  random?: () => number;
}

export type Trigger = NonNullable<Attempt["trigger"]>;

export interface ProcessInput {
  hookId: string;
  connectionId: string;
  source: string;
  event: NormalizedEvent;
  /** Wall-clock ms this delivery may take (well under the sender's timeout). */
  budgetMs: number;
  trigger?: Trigger;
  /** The request's raw body: an event keyed by its business key settles an earlier rejected copy of it. */
  body?: Uint8Array;
}

export type ProcessResult =
  /** Already finished earlier: `record` holds the stored result; nothing was sent to SalesMania. */
  | { kind: "duplicate"; record: EventRecord }
  /** Another worker holds it, or a retry is scheduled (`record.status` says which). */
  | { kind: "busy"; record: EventRecord }
  /** The dedup key was used before with another payload. */
  | { kind: "conflict"; record: EventRecord }
  /** Delivered (or tried) now; `kind` is the status recorded. */
  | { kind: DeliveryStatus; record: EventRecord };

/** The statuses an attempt ends in. */
export type DeliveryStatus = Exclude<EventStatus, "in_progress" | "rejected" | "closed">;

export interface RedriveOptions {
  batchSize?: number;
  concurrencyPerConnection?: number;
  budgetMs?: number;
}

export interface RedriveSummary {
  examined: number;
  delivered: number;
  retried: number;
  dead: number;
  unknownOutcome: number;
  /** Not attempted: claimed by someone else meanwhile, or the ledger failed for it (logged). */
  skipped: number;
}

export interface ReplayOptions {
  /** An edited command (validated against the Command schema). */
  command?: unknown;
  /** Deliver at once (default) or leave it due for the next redrive. */
  deliverNow?: boolean;
  budgetMs?: number;
  /** Also an `unknown_outcome` event (its create may exist: replaying it may double it). */
  force?: boolean;
  /** Who asked, and which action this replay carries out (default: a replay). */
  entry?: ActionEntry;
  /** The statuses this action applies to (default: what a replay with or without `force` may take). */
  from?: readonly EventStatus[];
}

/** What a replay takes without `force`; `unknown_outcome` needs a person's check first. */
export const REPLAYABLE: readonly EventStatus[] = ["dead", "rejected", "retry"];

const METRIC: Record<DeliveryStatus, string> = {
  delivered: "events_delivered",
  ignored: "events_delivered",
  retry: "events_retried",
  dead: "events_dead",
  unknown_outcome: "events_unknown_outcome",
};

const iso = (ms: number) => new Date(ms).toISOString();
const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export class EventPipeline {
  readonly settings: PipelineSettings;
  private readonly clock: Clock;
  private readonly refresher: DirectoryRefresher;

  constructor(private readonly deps: PipelineDeps) {
    this.settings = parsePipelineSettings(deps.settings);
    this.clock = deps.clock ?? systemClock;
    this.refresher = new DirectoryRefresher(
      deps.directory,
      this.clock,
      this.settings.directoryRefreshIntervalMs,
    );
  }

  /** An inbound event: claim its key, deliver it if this call owns it, record the outcome. */
  async process(input: ProcessInput): Promise<ProcessResult> {
    const { hookId, event } = input;
    const eventId = eventIdFor(hookId, event.dedupKey);
    const log = this.deps.logger.child({ eventId, hookId, dedupKey: event.dedupKey });
    const dimensions = { hookId };
    this.deps.metrics.count("events_received", 1, dimensions);
    const now = this.clock.now();
    const claim: ClaimInput = {
      eventId,
      hookId,
      dedupKey: event.dedupKey,
      dedupKeySource: event.dedupKeySource,
      connectionId: input.connectionId,
      source: input.source,
      command: event.command,
      fingerprint: fingerprint(event.command),
      nativeIds: event.nativeIds,
      now,
      leaseMs: input.budgetMs + this.settings.leaseMarginMs,
      expiresAt: this.expiresAt(now),
      trigger: input.trigger ?? "inbound",
    };
    if (input.body !== undefined && event.dedupKeySource === "business-key") {
      const earlier = await settleEarlierRejection({ ...this.deps, now, logger: log }, input.body, claim);
      if (earlier !== undefined) return earlier;
    }
    return this.claimAndAttempt(claim, input.budgetMs, log, true);
  }

  /** Stores an authenticated but unusable event as `rejected`, once per request (see rejections.ts). */
  reject(input: PipelineRejectInput): Promise<EventRecord> {
    const now = this.clock.now();
    const { ledger, logger, metrics } = this.deps;
    return recordRejection({ ledger, logger, metrics, now, expiresAt: this.expiresAt(now) }, input);
  }

  /**
   * Delivers due `retry` records (and in-progress ones whose worker died), at most `concurrency` at once per
   * connection; their SalesMania requests wait for the connection's shared rate limiter like any other.
   */
  async redrive(options: RedriveOptions = {}): Promise<RedriveSummary> {
    const batchSize = options.batchSize ?? this.settings.redriveBatchSize;
    const concurrency = options.concurrencyPerConnection ?? this.settings.redriveConcurrencyPerConnection;
    const budgetMs = options.budgetMs ?? this.settings.redriveBudgetMs;
    const now = this.clock.now();
    const due = await this.list("retry", batchSize, iso(now));
    const stale = (await this.list("in_progress", batchSize - due.length)).filter(
      (r) => r.leaseUntil !== undefined && r.leaseUntil <= now,
    );
    const records = [...due, ...stale];
    const summary: RedriveSummary = {
      examined: records.length,
      delivered: 0,
      retried: 0,
      dead: 0,
      unknownOutcome: 0,
      skipped: 0,
    };
    const byConnection = new Map<string, EventRecord[]>();
    for (const record of records) {
      byConnection.set(record.connectionId, [...(byConnection.get(record.connectionId) ?? []), record]);
    }
    await Promise.all(
      [...byConnection.values()].map(async (group) => {
        await mapBounded(group, concurrency, async (record) => {
          const log = this.deps.logger.child({
            eventId: record.eventId,
            hookId: record.hookId,
            dedupKey: record.dedupKey,
          });
          try {
            const result = await this.claimExisting(record, budgetMs, "redrive", log);
            tally(summary, result.kind);
          } catch (error) {
            // One record's ledger failure must not stop the batch; it stays due and is tried next run.
            log.error("redrive of event failed", { error: describe(error) });
            summary.skipped++;
          }
        });
      }),
    );
    this.deps.logger.info("redrive finished", { ...summary });
    return summary;
  }

  /**
   * Puts a dead / unknown_outcome / rejected / retry event back in the queue, optionally with an edited
   * command, and (by default) delivers it at once. The attempt history is kept.
   */
  async replay(eventId: string, options: ReplayOptions = {}): Promise<ProcessResult> {
    const edited = options.command === undefined ? undefined : parseCommand(options.command);
    const existing = await this.deps.ledger.get(eventId);
    if (existing === undefined) throw new EventNotFoundError(eventId);
    if (existing.command === undefined && edited === undefined) throw new ReplayNeedsCommandError(eventId);
    const log = this.deps.logger.child({ eventId, hookId: existing.hookId, dedupKey: existing.dedupKey });
    const entry = options.entry ?? { action: "replay", actor: "operator" };
    const from = options.from ?? (options.force ? [...REPLAYABLE, "unknown_outcome"] : REPLAYABLE);
    const edit = edited ? { command: edited, fingerprint: fingerprint(edited) } : {};
    const record = await this.deps.ledger
      .requeue(eventId, { now: this.clock.now(), from, entry, ...edit })
      .catch((error: unknown) => {
        const unchecked = error instanceof EventStateError && error.status === "unknown_outcome";
        throw unchecked && entry.action === "replay" ? new UnknownOutcomeReplayError(eventId) : error;
      });
    log.info("event requeued by an operator", { previousStatus: existing.status, ...entry });
    if (options.deliverNow === false) return { kind: "retry", record };
    return this.claimExisting(record, options.budgetMs ?? this.settings.redriveBudgetMs, "replay", log);
  }

  private async claimExisting(
    record: EventRecord,
    budgetMs: number,
    trigger: Trigger,
    log: Logger,
  ): Promise<ProcessResult> {
    if (record.command === undefined) throw new ReplayNeedsCommandError(record.eventId);
    const now = this.clock.now();
    const claim: ClaimInput = {
      eventId: record.eventId,
      hookId: record.hookId,
      dedupKey: record.dedupKey,
      connectionId: record.connectionId,
      source: record.source,
      command: record.command,
      fingerprint: record.fingerprint,
      nativeIds: record.nativeIds,
      now,
      leaseMs: budgetMs + this.settings.leaseMarginMs,
      // Worked on again (a replay late in its retention, a long retry): kept a full period from now, so
      // the TTL cannot delete it mid-retry or just after its outcome.
      expiresAt: Math.max(record.expiresAt, this.expiresAt(now)),
      trigger,
    };
    if (record.dedupKeySource !== undefined) claim.dedupKeySource = record.dedupKeySource;
    return this.claimAndAttempt(claim, budgetMs, log, false);
  }

  private async claimAndAttempt(
    input: ClaimInput,
    budgetMs: number,
    log: Logger,
    inbound: boolean,
  ): Promise<ProcessResult> {
    const claim = await this.deps.ledger.claim(input);
    switch (claim.kind) {
      case "finished":
        if (inbound) this.deps.metrics.count("events_duplicate", 1, { hookId: input.hookId });
        log.info("duplicate of a finished event; answering with the stored result", {
          status: claim.record.status,
        });
        return { kind: "duplicate", record: claim.record };
      case "busy":
        log.info("event is held by another worker or scheduled for retry", { status: claim.record.status });
        return { kind: "busy", record: claim.record };
      case "conflict":
        log.warn("dedup key reused with a different payload", {
          storedFingerprint: claim.record.fingerprint,
        });
        return { kind: "conflict", record: claim.record };
      case "claimed": {
        // A worker that stopped mid-delivery may have sent its create: reconcile before creating again.
        const crashed = claim.takenOver && claim.previousStatus === "in_progress";
        return this.attempt(claim.record, crashed, budgetMs, input.trigger ?? "inbound", log);
      }
    }
  }

  private async attempt(
    record: EventRecord,
    crashed: boolean,
    budgetMs: number,
    trigger: Trigger,
    log: Logger,
  ): Promise<ProcessResult> {
    const startedAt = this.clock.now();
    const started = performance.now();
    const evidence = createEvidence(record, crashed);
    let outcome: DeliveryOutcome;
    try {
      if (record.command === undefined) throw new ReplayNeedsCommandError(record.eventId);
      const connection = await this.deps.connections.get(record.connectionId);
      outcome = await deliver(record.command, {
        connection,
        directory: this.deps.directory,
        refresher: this.refresher,
        signal: budgetSignal(budgetMs),
        logger: log,
        // A retry may follow a customer create whose answer was lost, possibly in another container:
        // a miss re-lists regardless of this container's refresh interval, or the customer is made twice.
        forceRefresh: trigger === "replay" || record.attemptCount > 0 || crashed,
        createMayHaveApplied: evidence.mayHaveApplied,
        operatorReplay: evidence.operatorApproved,
        claimer: customerClaimer(record, this.clock, log),
      });
    } catch (error) {
      // Never lose an event: anything unexpected is recorded as a retry (or dead when retrying cannot help).
      log.error("delivery failed unexpectedly", { error: describe(error) });
      outcome = classifyFailure(error);
    }
    outcome = keepEvidence(outcome, record.command, evidence.mayHaveApplied);
    const finishedAt = this.clock.now();
    const window = retryWindow(record);
    const attemptNumber = window.attempts + 1;
    const decided = this.finalize(outcome, window.since, attemptNumber, finishedAt);
    // The attempt keeps what this try met (`outcome_unknown` stays evidence even when retries ran out);
    // the record's lastError says why the event ended where it did.
    const attemptError = "error" in outcome ? outcome.error : undefined;
    const final: Outcome = {
      ...decided,
      attempt: {
        at: iso(startedAt),
        outcome: decided.status,
        durationMs: Math.round(performance.now() - started),
        trigger,
        ...(attemptError ? { error: attemptError } : {}),
      },
    };
    let saved: EventRecord;
    try {
      saved = await this.deps.ledger.complete(record, final);
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      log.warn("lease lost before the outcome was recorded; the other worker's outcome stands", {
        outcome: final.status,
      });
      return { kind: "busy", record };
    }
    const status = saved.status as DeliveryStatus;
    this.deps.metrics.count(METRIC[status], 1, { hookId: record.hookId });
    const fields = {
      status,
      attempt: attemptNumber,
      trigger,
      ...(final.error ? { error: final.error } : {}),
    };
    if (status === "delivered" || status === "ignored") log.info("event delivered", fields);
    else if (status === "retry")
      log.warn("event will be retried", { ...fields, nextAttemptAt: final.nextAttemptAt });
    else log.error("event needs a person", fields);
    return { kind: status, record: saved };
  }

  /** Turns a delivery outcome into the ledger outcome: backoff for retries, or dead once retries run out. */
  private finalize(
    outcome: DeliveryOutcome,
    since: number,
    attemptNumber: number,
    now: number,
  ): Omit<Outcome, "attempt"> {
    if (outcome.status === "delivered" || outcome.status === "ignored") {
      return { status: outcome.status, result: outcome.result };
    }
    if (outcome.status !== "retry") return { status: outcome.status, error: outcome.error };
    const age = now - since;
    if (attemptNumber >= this.settings.maxAttempts || age >= this.settings.maxAgeMs) {
      const error: ErrorInfo = {
        ...outcome.error,
        code: "retry_exhausted",
        message: `gave up after ${attemptNumber} attempts over ${Math.round(age / 60_000)} min; last error ${outcome.error.code}: ${outcome.error.message}`,
      };
      return { status: "dead", error };
    }
    const delay = backoffDelayMs(
      attemptNumber,
      { baseMs: this.settings.backoffBaseMs, capMs: this.settings.backoffCapMs },
      {
        ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
        ...(this.deps.random ? { random: this.deps.random } : {}),
      },
    );
    return { status: "retry", error: outcome.error, nextAttemptAt: iso(now + delay) };
  }

  private async list(status: EventStatus, limit: number, dueBefore?: string): Promise<EventRecord[]> {
    const records: EventRecord[] = [];
    let cursor: string | undefined;
    while (records.length < limit) {
      const page = await this.deps.ledger.listByStatus(status, {
        limit: limit - records.length,
        ...(cursor ? { cursor } : {}),
        ...(dueBefore ? { dueBefore } : {}),
      });
      records.push(...page.items);
      cursor = page.cursor;
      if (cursor === undefined) break;
    }
    return records.slice(0, limit);
  }

  private expiresAt(now: number): number {
    return Math.floor(now / 1000) + this.settings.retentionDays * 86_400;
  }
}

/** An operator's requeue appends `{outcome: "retry", trigger: "replay"}` with no duration. */
const isRequeue = (a: Attempt) =>
  a.outcome === "retry" && a.trigger === "replay" && a.durationMs === undefined;

/**
 * Attempts (and the time) counted towards the retry limits: since the last operator requeue, so a replay
 * gets a fresh set of retries; otherwise since the event was first received.
 */
function retryWindow(record: EventRecord): { attempts: number; since: number } {
  const index = record.attempts.findLastIndex(isRequeue);
  const requeue = record.attempts[index];
  if (requeue === undefined) return { attempts: record.attemptCount, since: Date.parse(record.receivedAt) };
  return { attempts: record.attempts.length - index - 1, since: Date.parse(requeue.at) };
}

const leftUnknown = (a: Attempt) => a.error?.code === OUTCOME_UNKNOWN;

/**
 * Whether an earlier try may already have created this event's visit/order: a worker died mid-delivery, or
 * any recorded attempt lost a create's answer. The whole history counts, so an attempt that later failed
 * for another reason (a 503 on the reconciliation read) does not wipe the evidence. An operator's requeue
 * approves an order create despite evidence from before it (they checked SalesMania), not after it.
 */
function createEvidence(
  record: EventRecord,
  crashed: boolean,
): { mayHaveApplied: boolean; operatorApproved: boolean } {
  const requeue = record.attempts.findLastIndex(isRequeue);
  const sinceRequeue = requeue < 0 ? record.attempts : record.attempts.slice(requeue + 1);
  return {
    mayHaveApplied:
      crashed || record.attempts.some(leftUnknown) || record.lastError?.code === OUTCOME_UNKNOWN,
    operatorApproved: requeue >= 0 && !crashed && !sinceRequeue.some(leftUnknown),
  };
}

/**
 * A create attempted under that evidence which ends in `retry` for another reason did not settle it:
 * recorded as `outcome_unknown` (the original error in the message) so the next attempt still looks first.
 */
function keepEvidence(
  outcome: DeliveryOutcome,
  command: Command | undefined,
  mayHaveApplied: boolean,
): DeliveryOutcome {
  const creates = command?.kind === "CreateVisit" || command?.kind === "CreateOrder";
  if (!mayHaveApplied || !creates || outcome.status !== "retry") return outcome;
  if (outcome.error.code === OUTCOME_UNKNOWN) return outcome;
  const { code, message } = outcome.error;
  return {
    ...outcome,
    error: {
      ...outcome.error,
      code: OUTCOME_UNKNOWN,
      message: `an earlier attempt may have applied this create and this one could not check (${code}: ${message})`,
    },
  };
}

function tally(summary: RedriveSummary, kind: ProcessResult["kind"]): void {
  if (kind === "delivered" || kind === "ignored") summary.delivered++;
  else if (kind === "retry") summary.retried++;
  else if (kind === "dead") summary.dead++;
  else if (kind === "unknown_outcome") summary.unknownOutcome++;
  else summary.skipped++;
}

function parseCommand(input: unknown): Command {
  const result = v.safeParse(Command, input);
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw new InvalidCommandError(v.getDotPath(issue) ?? "", issueMessage(issue));
}
