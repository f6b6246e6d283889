// What an operator does to an event, behind both the CLI and the admin API: replay, rerun a rejected
// request through the hook's current mapping, dismiss, and resolve an unknown outcome. Every action is a
// conditional write on the statuses it applies to, so two operators doing the same thing at once have one
// effect; each is recorded in the event's history with who did it and when.
import type { NormalizedEvent } from "./commands.ts";
import { StillUnusableError } from "./errors.ts";
import { showEvent } from "./events/queries.ts";
import { ACTION_RULES, assertApplies } from "./events/state.ts";
import { eventIdFor } from "./ids.ts";
import type { EventRecord, Ledger } from "./ledger.ts";
import type { EventPipeline, ProcessResult } from "./pipeline/pipeline.ts";
import { supersededBy } from "./pipeline/rejections.ts";
import type { Clock, ConnectionProvider, DirectoryStore, Logger } from "./ports.ts";
import { systemClock } from "./ports.ts";
import { confirmExisting } from "./resolve.ts";

/**
 * A rejected event's kept request run through its hook's current configuration (runtime: sources). Throws
 * `StillUnusableError` when the mapping still cannot use it, `RerunUnavailableError` when it cannot run.
 */
export type RebuildEvent = (
  record: EventRecord,
) => { kind: "event"; event: NormalizedEvent } | { kind: "skip"; reason: string };

export interface EventOperationsDeps {
  pipeline: EventPipeline;
  ledger: Ledger;
  connections: ConnectionProvider;
  directory: DirectoryStore;
  logger: Logger;
  rebuild: RebuildEvent;
  clock?: Clock;
}

/** What an action left: the record as it is now, and the outcome (a delivery's, or `closed`). */
export interface OperationResult {
  outcome: ProcessResult["kind"] | "closed";
  record: EventRecord;
}

export class EventOperations {
  private readonly clock: Clock;

  constructor(private readonly deps: EventOperationsDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  /** Delivers the stored (or an edited) command again; an `unknown_outcome` event only with `force`. */
  async replay(
    eventId: string,
    options: { actor: string; command?: unknown; force?: boolean },
  ): Promise<OperationResult> {
    const { actor, ...replay } = options;
    return asOperation(
      await this.deps.pipeline.replay(eventId, { ...replay, entry: { action: "replay", actor } }),
    );
  }

  /**
   * Runs a rejected event's kept request through the hook's current mapping and delivers it under its
   * original dedup key. A request kept under its body's hash (it had no key of its own) that now has one is
   * delivered under that key instead — where the sender's own redelivery would land — and this record is
   * closed as superseded by it.
   */
  async rerun(eventId: string, options: { actor: string }): Promise<OperationResult> {
    const record = await this.get(eventId);
    assertApplies(record, "rerun");
    const rebuilt = this.deps.rebuild(record);
    if (rebuilt.kind === "skip") {
      throw new StillUnusableError(
        eventId,
        "skipped",
        `the hook's configuration now skips it: ${rebuilt.reason}`,
      );
    }
    const { event } = rebuilt;
    const entry = { action: "rerun" as const, actor: options.actor };
    const log = this.deps.logger.child({ eventId, hookId: record.hookId, dedupKey: record.dedupKey });
    if (record.dedupKeySource === "body-hash" && event.dedupKey !== record.dedupKey) {
      const byEventId = eventIdFor(record.hookId, event.dedupKey);
      await this.deps.ledger.settle(eventId, supersededBy(this.clock.now(), byEventId, options.actor));
      log.info("rejected event re-run under its own key", { ...entry, supersededBy: byEventId });
      return asOperation(
        await this.deps.pipeline.process({
          hookId: record.hookId,
          connectionId: record.connectionId,
          source: record.source,
          event,
          budgetMs: this.deps.pipeline.settings.redriveBudgetMs,
          trigger: "replay",
        }),
      );
    }
    log.info("rejected event re-run", entry);
    return asOperation(
      await this.deps.pipeline.replay(eventId, {
        command: event.command,
        from: ACTION_RULES.rerun.from,
        entry,
      }),
    );
  }

  /** Closes an event that waits for a person: nothing more is delivered, redeliveries get its last answer. */
  async dismiss(eventId: string, options: { actor: string; reason: string }): Promise<OperationResult> {
    const record = await this.get(eventId);
    assertApplies(record, "dismiss");
    const now = this.clock.now();
    const { actor, reason } = options;
    const closed = await this.deps.ledger.settle(eventId, {
      now,
      // The status just read, exactly: the closure says what it was closed from.
      from: [record.status],
      closure: { kind: "dismissed", from: record.status, at: new Date(now).toISOString(), actor, reason },
      entry: { action: "dismiss", actor, note: reason },
    });
    this.deps.logger.info("event dismissed", { eventId, hookId: record.hookId, actor, reason });
    return { outcome: "closed", record: closed };
  }

  /**
   * An `unknown_outcome` event settled by a person who checked SalesMania: `existing` is the id of the
   * record its create made (read back with a GET, then the event is delivered with it); `notCreated` says
   * there is none, and it is delivered now.
   */
  async resolve(
    eventId: string,
    options: { actor: string } & ({ existing: number } | { notCreated: true }),
  ): Promise<OperationResult> {
    const { actor } = options;
    if ("notCreated" in options) {
      return asOperation(
        await this.deps.pipeline.replay(eventId, {
          from: ACTION_RULES["resolve-not-created"].from,
          entry: { action: "resolve-not-created", actor },
        }),
      );
    }
    const record = await this.get(eventId);
    assertApplies(record, "resolve-existing");
    const result = await confirmExisting(this.deps, record, options.existing, actor);
    const resolved = await this.deps.ledger.settle(eventId, {
      now: this.clock.now(),
      from: ACTION_RULES["resolve-existing"].from,
      result,
      entry: { action: "resolve-existing", actor, note: `SalesMania record ${options.existing}` },
    });
    this.deps.logger.info("unknown outcome resolved as existing", { eventId, actor, ids: result.ids });
    return { outcome: "delivered", record: resolved };
  }

  private get(eventId: string): Promise<EventRecord> {
    return showEvent(this.deps.ledger, eventId);
  }
}

function asOperation(result: ProcessResult): OperationResult {
  return { outcome: result.kind, record: result.record };
}
