// The event engine: claim in the ledger → deliver → record the outcome. Inbound events (`process`), the
// scheduled redrive (redrive.ts) and operator replays (replay.ts) all go through the same attempt, so they
// classify and record failures identically; the retry policy and the create evidence it applies are pure
// modules of their own (retry-policy.ts, evidence.ts), rejected requests too (rejections.ts).
import { budgetSignal } from "../budget.ts";
import type { NormalizedEvent } from "../commands.ts";
import { customerClaimer } from "../customer-claims.ts";
import { type DeliveryOutcome, deliver } from "../delivery.ts";
import { DirectoryRefresher } from "../directory.ts";
import { ReplayNeedsCommandError } from "../errors.ts";
import type { Trigger } from "../events/history.ts";
import type { DeliveryStatus } from "../events/state.ts";
import { classifyFailure } from "../failures.ts";
import type { ClaimInput, EventRecord, Lease, Ledger, Outcome } from "../ledger.ts";
import type { Clock, ConnectionProvider, DirectoryStore, Logger, Metrics } from "../ports.ts";
import { systemClock } from "../ports.ts";
import { LeaseLostError } from "../store-errors.ts";
import { expiresAt, inboundClaim, storedClaim } from "./claims.ts";
import { createEvidence, keepEvidence } from "./evidence.ts";
import { type RedriveOptions, type RedriveSummary, redrive } from "./redrive.ts";
import { type PipelineRejectInput, recordRejection, settleEarlierRejection } from "./rejections.ts";
import { type ReplayOptions, replay } from "./replay.ts";
import { decideOutcome, retryWindow } from "./retry-policy.ts";
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

/** What the redrive and replays use of the pipeline: its parts, and an attempt at a stored record. */
export interface PipelineJobs {
  ledger: Ledger;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  settings: PipelineSettings;
  /** Claims a record already in the ledger (a due retry, a dead lease, a requeued event) and attempts it. */
  attemptStored(record: EventRecord, budgetMs: number, trigger: Trigger, log: Logger): Promise<ProcessResult>;
}

/** How an attempt runs: within `budgetMs`, started by `trigger`. */
interface Attempting {
  budgetMs: number;
  trigger: Trigger;
}

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
  private readonly jobs: PipelineJobs;

  constructor(private readonly deps: PipelineDeps) {
    this.settings = parsePipelineSettings(deps.settings);
    this.clock = deps.clock ?? systemClock;
    this.refresher = new DirectoryRefresher(
      deps.directory,
      this.clock,
      this.settings.directoryRefreshIntervalMs,
    );
    this.jobs = {
      ledger: deps.ledger,
      logger: deps.logger,
      metrics: deps.metrics,
      clock: this.clock,
      settings: this.settings,
      attemptStored: (record, budgetMs, trigger, log) => this.attemptStored(record, budgetMs, trigger, log),
    };
  }

  /** An inbound event: claim its key, deliver it if this call owns it, record the outcome. */
  async process(input: ProcessInput): Promise<ProcessResult> {
    const { hookId, event } = input;
    this.deps.metrics.count("events_received", 1, { hookId });
    const now = this.clock.now();
    const claim = inboundClaim(input, now, this.settings);
    const log = this.deps.logger.child({ eventId: claim.eventId, hookId, dedupKey: event.dedupKey });
    if (input.body !== undefined && event.dedupKeySource === "business-key") {
      const earlier = await settleEarlierRejection({ ...this.deps, now, logger: log }, input.body, claim);
      if (earlier !== undefined) return earlier;
    }
    const how = { budgetMs: input.budgetMs, trigger: input.trigger ?? "inbound", inbound: true };
    return this.claimAndAttempt(claim, how, log);
  }

  /** Stores an authenticated but unusable event as `rejected`, once per request (see rejections.ts). */
  reject(input: PipelineRejectInput): Promise<EventRecord> {
    const now = this.clock.now();
    const { ledger, logger, metrics } = this.deps;
    return recordRejection({ ledger, logger, metrics, now, expiresAt: expiresAt(now, this.settings) }, input);
  }

  /** Delivers due retries and events whose worker died (see redrive.ts). */
  redrive(options: RedriveOptions = {}): Promise<RedriveSummary> {
    return redrive(this.jobs, options);
  }

  /**
   * Puts a dead / unknown_outcome / rejected / retry event back in the queue, optionally with an edited
   * command, and (by default) delivers it at once (see replay.ts). The history is kept.
   */
  replay(eventId: string, options: ReplayOptions = {}): Promise<ProcessResult> {
    return replay(this.jobs, eventId, options);
  }

  private async attemptStored(
    record: EventRecord,
    budgetMs: number,
    trigger: Trigger,
    log: Logger,
  ): Promise<ProcessResult> {
    const claim = storedClaim(record, budgetMs, this.clock.now(), this.settings);
    return this.claimAndAttempt(claim, { budgetMs, trigger, inbound: false }, log);
  }

  /** `inbound`: a sender's request (or a rerun's rebuilt one), whose duplicates are counted. */
  private async claimAndAttempt(
    input: ClaimInput,
    how: Attempting & { inbound: boolean },
    log: Logger,
  ): Promise<ProcessResult> {
    const claim = await this.deps.ledger.claim(input);
    // A sender's request gets one INFO line, from whoever received it (the intake's "event processed");
    // the redrive and replays have no such caller, so their own lines are the record.
    const level = how.inbound ? "debug" : "info";
    switch (claim.kind) {
      case "finished":
        if (how.inbound) this.deps.metrics.count("events_duplicate", 1, { hookId: input.hookId });
        log[level]("duplicate of a finished event; answering with the stored result", {
          status: claim.record.status,
        });
        return { kind: "duplicate", record: claim.record };
      case "busy":
        log[level]("event is held by another worker or scheduled for retry", { status: claim.record.status });
        return { kind: "busy", record: claim.record };
      case "conflict":
        log.warn("dedup key reused with a different payload", {
          storedFingerprint: claim.record.fingerprint,
        });
        return { kind: "conflict", record: claim.record };
      case "claimed": {
        // A worker that stopped mid-delivery may have sent its create: reconcile before creating again.
        const crashed = claim.takenOver && claim.previousStatus === "in_progress";
        return this.attempt(claim.record, claim.lease, { ...how, crashed }, log);
      }
    }
  }

  private async attempt(
    record: EventRecord,
    lease: Lease,
    how: Attempting & { crashed: boolean },
    log: Logger,
  ): Promise<ProcessResult> {
    const { crashed, trigger } = how;
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
        signal: budgetSignal(how.budgetMs),
        logger: log,
        // A retry may follow a customer create whose answer was lost, possibly in another container:
        // a miss re-lists regardless of this container's refresh interval, or the customer is made twice.
        forceRefresh: trigger === "replay" || record.attemptCount > 0 || crashed,
        createMayHaveApplied: evidence.mayHaveApplied,
        operatorReplay: evidence.operatorApproved,
        claimer: customerClaimer(lease, this.clock, log),
      });
    } catch (error) {
      // Never lose an event: anything unexpected is recorded as a retry (or dead when retrying cannot help).
      log.error("delivery failed unexpectedly", { error: describe(error) });
      outcome = classifyFailure(error);
    }
    outcome = keepEvidence(outcome, record.command, evidence.mayHaveApplied);
    const window = retryWindow(record);
    const { maxAttempts, maxAgeMs, backoffBaseMs, backoffCapMs } = this.settings;
    const decided = decideOutcome(outcome, window, this.clock.now(), {
      maxAttempts,
      maxAgeMs,
      backoff: { baseMs: backoffBaseMs, capMs: backoffCapMs },
      ...(this.deps.random ? { random: this.deps.random } : {}),
    });
    // The attempt keeps what this try met (`outcome_unknown` stays evidence even when retries ran out);
    // the record's lastError says why the event ended where it did.
    const attemptError = "error" in outcome ? outcome.error : undefined;
    const final: Outcome = {
      ...decided,
      attempt: {
        kind: "attempt",
        at: iso(startedAt),
        outcome: decided.status,
        trigger,
        durationMs: Math.round(performance.now() - started),
        ...(attemptError ? { error: attemptError } : {}),
      },
    };
    let saved: EventRecord;
    try {
      saved = await this.deps.ledger.complete(lease, final);
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      log.warn("lease lost before the outcome was recorded; the other worker's outcome stands", {
        outcome: final.status,
      });
      return { kind: "busy", record };
    }
    const status = saved.status as DeliveryStatus;
    this.deps.metrics.count(METRIC[status], 1, { hookId: record.hookId });
    if (status === "delivered" || status === "ignored")
      // From receipt, retries included: what the sender's event waited to reach SalesMania.
      this.deps.metrics.measure(
        "delivery_latency",
        Math.max(0, this.clock.now() - Date.parse(record.receivedAt)),
        "Milliseconds",
        { hookId: record.hookId },
      );
    const fields = {
      status,
      attempt: window.attempts + 1,
      trigger,
      ...(final.error ? { error: final.error } : {}),
    };
    if (status === "delivered" || status === "ignored") {
      // Inbound: the receiver's one line per request says it (see claimAndAttempt).
      log[trigger === "inbound" ? "debug" : "info"]("event delivered", fields);
    } else if (status === "retry")
      log.warn("event will be retried", { ...fields, nextAttemptAt: final.nextAttemptAt });
    else log.error("event needs a person", fields);
    return { kind: status, record: saved };
  }
}
