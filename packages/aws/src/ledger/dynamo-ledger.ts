// The ledger on DynamoDB. A new key costs one conditional PutItem; everything the claim needs to decide
// about an existing key comes back on the failed condition (ALL_OLD), so duplicates cost no extra read.
// Costs per path are measured in test/ledger-claim.test.ts and listed in docs/ledger.md.
import { randomUUID } from "node:crypto";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import {
  type ClaimInput,
  type ClaimResult,
  type Command,
  EventNotFoundError,
  type EventRecord,
  type EventStatus,
  LeaseLostError,
  type Ledger,
  type ListPage,
  type ListQuery,
  NotReplayableError,
  type Outcome,
  type RejectInput,
} from "@smx/core";
import { LedgerItemError } from "../errors.ts";
import {
  decodeCursor,
  encodeCursor,
  eventKey,
  HOOK_INDEX,
  hookPartition,
  isFinal,
  isoTime,
  STATUS_INDEX,
  statusPartition,
  statusSortKey,
  toItem,
  toRecord,
} from "./items.ts";

export interface DynamoLedgerOptions {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** Page size when a list query gives none. */
  defaultPageSize?: number;
}

const REPLAYABLE: readonly EventStatus[] = ["dead", "unknown_outcome", "rejected", "retry"];

type Verdict = "takeover" | "conflict" | "finished" | "busy";

/** An item as DynamoDB holds it, index and bookkeeping attributes included. */
type StoredItem = Record<string, unknown>;

export class DynamoLedger implements Ledger {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly pageSize: number;

  constructor(options: DynamoLedgerOptions) {
    this.doc = options.doc;
    this.table = options.tableName;
    this.pageSize = options.defaultPageSize ?? 50;
  }

  async claim(input: ClaimInput): Promise<ClaimResult> {
    const record: EventRecord = {
      ...newRecord(input, "in_progress"),
      leaseUntil: input.now + input.leaseMs,
      claimToken: randomUUID(),
    };
    const stored = await this.putIfAbsent(record);
    if (!stored) return { kind: "claimed", record: dropUndefined(record), takenOver: false };
    const existing = toRecord(stored);
    // The SDK retried a PutItem that had already landed: the claim found is this very claim.
    if (existing.claimToken === record.claimToken)
      return { kind: "claimed", record: existing, takenOver: false };

    const verdict = judge(existing, input);
    if (verdict !== "takeover") return { kind: verdict, record: existing };
    const takeover = await this.takeOver(existing, input);
    if ("taken" in takeover)
      return { kind: "claimed", record: takeover.taken, takenOver: true, previousStatus: existing.status };
    // The record expired (TTL) between the two writes: it is a new key again.
    if (!takeover.current) return this.claim(input);
    // Another worker took it over first; whatever it holds now is a live claim or its result.
    const current = toRecord(takeover.current);
    const again = judge(current, input);
    return { kind: again === "takeover" ? "busy" : again, record: current };
  }

  async complete(record: EventRecord, outcome: Outcome): Promise<EventRecord> {
    if (!record.claimToken) throw new LeaseLostError(record.eventId);
    const at = isoTime("attempt.at", outcome.attempt.at);
    const nextAttemptAt =
      outcome.status === "retry" ? isoTime("nextAttemptAt", outcome.nextAttemptAt ?? at) : undefined;
    const update = new UpdateBuilder()
      .set("status", outcome.status)
      .setRaw("attempts = list_append(attempts, :attempt)", { ":attempt": [outcome.attempt] })
      .setRaw("attemptCount = attemptCount + :one", { ":one": 1 })
      .set("updatedAt", at)
      .set("gsi1pk", statusPartition(outcome.status))
      .set(
        "gsi1sk",
        statusSortKey({ status: outcome.status, nextAttemptAt, updatedAt: at, eventId: record.eventId }),
      )
      .setIfDefined("result", outcome.result)
      .setIfDefined("lastError", outcome.error)
      .setIfDefined("response", outcome.response)
      // Remembers which claim completed it, so an SDK retry of this very write is recognised below.
      .set("completedToken", record.claimToken)
      .remove("leaseUntil", "claimToken");
    if (nextAttemptAt)
      update.set("nextAttemptAt", nextAttemptAt).set("nextAttemptAtMs", Date.parse(nextAttemptAt));
    else update.remove("nextAttemptAt", "nextAttemptAtMs");
    update.condition("claimToken = :token AND #status = :in_progress", {
      ":token": record.claimToken,
      ":in_progress": "in_progress",
    });

    const written = await this.update(record.eventId, update);
    if ("updated" in written) return written.updated;
    if (written.current?.completedToken === record.claimToken) return toRecord(written.current);
    throw new LeaseLostError(record.eventId);
  }

  async reject(input: RejectInput): Promise<EventRecord> {
    const record: EventRecord = {
      ...newRecord(input, "rejected"),
      lastError: input.error,
      response: input.response,
    };
    const stored = await this.putIfAbsent(record);
    return stored ? toRecord(stored) : dropUndefined(record);
  }

  async get(eventId: string): Promise<EventRecord | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: eventKey(eventId), ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  async listByStatus(status: EventStatus, query: ListQuery & { dueBefore?: string } = {}): Promise<ListPage> {
    // Sort keys are `<iso>#<eventId>`; "$" sorts right after "#", so the bound includes records due exactly then.
    const bound = query.dueBefore ? `${isoTime("dueBefore", query.dueBefore)}$` : undefined;
    return this.page(query, {
      IndexName: STATUS_INDEX,
      KeyConditionExpression: bound ? "gsi1pk = :pk AND gsi1sk < :bound" : "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": statusPartition(status), ...(bound ? { ":bound": bound } : {}) },
      ScanIndexForward: true,
    });
  }

  async listByHook(hookId: string, query: ListQuery & { since?: string } = {}): Promise<ListPage> {
    const since = query.since ? isoTime("since", query.since) : undefined;
    return this.page(query, {
      IndexName: HOOK_INDEX,
      KeyConditionExpression: since ? "gsi2pk = :pk AND gsi2sk >= :since" : "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": hookPartition(hookId), ...(since ? { ":since": since } : {}) },
      ScanIndexForward: false,
    });
  }

  async requeue(
    eventId: string,
    options: { now: number; command?: Command; fingerprint?: string },
  ): Promise<EventRecord> {
    const at = new Date(options.now).toISOString();
    const update = new UpdateBuilder()
      .set("status", "retry")
      .set("nextAttemptAt", at)
      .set("nextAttemptAtMs", options.now)
      .set("updatedAt", at)
      .set("gsi1pk", statusPartition("retry"))
      .set("gsi1sk", statusSortKey({ status: "retry", nextAttemptAt: at, updatedAt: at, eventId }))
      .setRaw("attempts = list_append(if_not_exists(attempts, :none), :attempt)", {
        ":none": [],
        ":attempt": [{ at, outcome: "retry", trigger: "replay" }],
      })
      .setIfDefined("command", options.command)
      .setIfDefined("fingerprint", options.fingerprint)
      .remove("leaseUntil", "claimToken")
      .condition(`attribute_exists(pk) AND #status IN (${REPLAYABLE.map((_, i) => `:r${i}`).join(", ")})`, {
        ...Object.fromEntries(REPLAYABLE.map((status, i) => [`:r${i}`, status])),
      });
    const written = await this.update(eventId, update);
    if ("updated" in written) return written.updated;
    if (!written.current) throw new EventNotFoundError(eventId);
    throw new NotReplayableError(eventId, toRecord(written.current).status);
  }

  /** The first claim of a key (or a rejection): one conditional write. Returns the existing record instead. */
  private async putIfAbsent(record: EventRecord): Promise<StoredItem | undefined> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: toItem(record),
          ConditionExpression: "attribute_not_exists(pk)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return undefined;
    } catch (error) {
      const existing = oldItemOf(error);
      if (existing) return existing;
      throw new LedgerItemError(
        `EVT#${record.eventId}`,
        "the key exists but DynamoDB returned no item for it",
      );
    }
  }

  /** Re-claims an expired lease or a due retry, keeping attempts, history and receivedAt. */
  private async takeOver(
    existing: EventRecord,
    input: ClaimInput,
  ): Promise<{ taken: EventRecord } | { current: StoredItem | undefined }> {
    const token = randomUUID();
    const at = new Date(input.now).toISOString();
    const update = new UpdateBuilder()
      .set("status", "in_progress")
      .set("leaseUntil", input.now + input.leaseMs)
      .set("claimToken", token)
      .set("updatedAt", at)
      .set("expiresAt", input.expiresAt)
      .set("gsi1pk", statusPartition("in_progress"))
      .set("gsi1sk", statusSortKey({ status: "in_progress", updatedAt: at, eventId: input.eventId }))
      .remove("nextAttemptAt", "nextAttemptAtMs");
    // Guarded on what was just seen, so of two workers taking over the same record only one wins.
    const values = { ":fp": input.fingerprint, ":now": input.now };
    if (existing.status === "in_progress") {
      update.condition(
        "fingerprint = :fp AND #status = :in_progress AND claimToken = :seenToken AND leaseUntil < :now",
        { ...values, ":in_progress": "in_progress", ":seenToken": existing.claimToken ?? "" },
      );
    } else {
      update.condition("fingerprint = :fp AND #status = :retry AND nextAttemptAtMs <= :now", {
        ...values,
        ":retry": "retry",
      });
    }
    const written = await this.update(input.eventId, update);
    if ("updated" in written) return { taken: written.updated };
    // As in `claim`: an SDK retry of a takeover that had already landed.
    if (written.current?.claimToken === token) return { taken: toRecord(written.current) };
    return written;
  }

  /** A conditional UpdateItem; on a failed condition, the record as it is now (undefined if absent). */
  private async update(
    eventId: string,
    update: UpdateBuilder,
  ): Promise<{ updated: EventRecord } | { current: StoredItem | undefined }> {
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: eventKey(eventId),
          ...update.build(),
          ReturnValues: "ALL_NEW",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { updated: toRecord(Attributes ?? {}) };
    } catch (error) {
      return { current: oldItemOf(error) };
    }
  }

  private async page(
    query: ListQuery,
    input: Pick<
      ConstructorParameters<typeof QueryCommand>[0],
      "IndexName" | "KeyConditionExpression" | "ExpressionAttributeValues" | "ScanIndexForward"
    >,
  ): Promise<ListPage> {
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        ...input,
        Limit: query.limit ?? this.pageSize,
        ExclusiveStartKey: decodeCursor(query.cursor),
      }),
    );
    return {
      items: (result.Items ?? []).map(toRecord),
      cursor: encodeCursor(result.LastEvaluatedKey),
    };
  }
}

/** A record as first written for a claim or a rejection: the event's identity, no attempts yet. */
function newRecord(input: ClaimInput | RejectInput, status: EventStatus): EventRecord {
  const now = new Date(input.now).toISOString();
  return {
    eventId: input.eventId,
    hookId: input.hookId,
    dedupKey: input.dedupKey,
    dedupKeySource: input.dedupKeySource,
    connectionId: input.connectionId,
    source: input.source,
    status,
    command: input.command,
    fingerprint: input.fingerprint,
    nativeIds: input.nativeIds,
    attempts: [],
    attemptCount: 0,
    receivedAt: now,
    updatedAt: now,
    expiresAt: input.expiresAt,
  };
}

/** What a claim does with a key that exists (the same rules as the condition of `takeOver`). */
function judge(existing: EventRecord, input: ClaimInput): Verdict {
  if (existing.fingerprint !== input.fingerprint) return "conflict";
  if (isFinal(existing.status)) return "finished";
  if (existing.status === "in_progress") return (existing.leaseUntil ?? 0) < input.now ? "takeover" : "busy";
  const due = existing.nextAttemptAt ? Date.parse(existing.nextAttemptAt) : 0;
  return due <= input.now ? "takeover" : "busy";
}

/**
 * The item DynamoDB returned with a failed condition (raw attribute values: the DocumentClient does not
 * convert error payloads). Any other error is rethrown untouched.
 */
function oldItemOf(error: unknown): StoredItem | undefined {
  if (!(error instanceof Error && error.name === "ConditionalCheckFailedException")) throw error;
  const item = (error as { Item?: Record<string, AttributeValue> }).Item;
  return item ? unmarshall(item) : undefined;
}

/** Records handed back without a round trip must look like ones read back (no undefined-valued keys). */
function dropUndefined(record: EventRecord): EventRecord {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as EventRecord;
}

/** Collects SET/REMOVE clauses and a condition; SET names go through placeholders (many are reserved words). */
class UpdateBuilder {
  private readonly sets: string[] = [];
  private readonly removes: string[] = [];
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, unknown> = {};
  private conditionExpression?: string;

  set(attribute: string, value: unknown): this {
    this.names[`#${attribute}`] = attribute;
    this.values[`:set_${attribute}`] = value;
    this.sets.push(`#${attribute} = :set_${attribute}`);
    return this;
  }

  setIfDefined(attribute: string, value: unknown): this {
    return value === undefined ? this : this.set(attribute, value);
  }

  setRaw(clause: string, values: Record<string, unknown>): this {
    this.sets.push(clause);
    Object.assign(this.values, values);
    return this;
  }

  remove(...attributes: string[]): this {
    this.removes.push(...attributes);
    return this;
  }

  /** The condition may refer to `#status`; other attribute names in it must not be reserved words. */
  condition(expression: string, values: Record<string, unknown>): this {
    this.conditionExpression = expression;
    if (expression.includes("#status")) this.names["#status"] = "status";
    Object.assign(this.values, values);
    return this;
  }

  build() {
    const remove = this.removes.length > 0 ? ` REMOVE ${this.removes.join(", ")}` : "";
    return {
      UpdateExpression: `SET ${this.sets.join(", ")}${remove}`,
      ConditionExpression: this.conditionExpression,
      ExpressionAttributeNames: this.names,
      ExpressionAttributeValues: this.values,
    };
  }
}
