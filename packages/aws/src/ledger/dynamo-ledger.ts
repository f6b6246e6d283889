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
  type ActionEntry,
  type ClaimInput,
  type ClaimResult,
  EventNotFoundError,
  type EventRecord,
  EventStateError,
  type EventStatus,
  LeaseLostError,
  type Ledger,
  type ListPage,
  type ListQuery,
  type Outcome,
  type RejectInput,
  type RequeueOptions,
  type SettleOptions,
} from "@smx/core";
import { LedgerItemError } from "../errors.ts";
import { completeUpdate, judge, newRecord, takeoverUpdate } from "./claim-rules.ts";
import {
  decodeCursor,
  encodeCursor,
  eventKey,
  HOOK_INDEX,
  hookPartition,
  isoTime,
  STATUS_INDEX,
  statusPartition,
  toItem,
  toRecord,
} from "./items.ts";
import { requeueUpdate, settleUpdate } from "./transitions.ts";
import type { UpdateBuilder } from "./update-builder.ts";

export interface DynamoLedgerOptions {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** Page size when a list query gives none. */
  defaultPageSize?: number;
}

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
    const update = completeUpdate(record, record.claimToken, outcome);
    const written = await this.update(record.eventId, update);
    if ("updated" in written) return written.updated;
    if (written.current?.completedToken === record.claimToken) return toRecord(written.current);
    throw new LeaseLostError(record.eventId);
  }

  async reject(input: RejectInput): Promise<{ created: boolean; record: EventRecord }> {
    const record: EventRecord = {
      ...newRecord(input, "rejected"),
      lastError: input.error,
      response: input.response,
      ...(input.raw === undefined ? {} : { raw: input.raw }),
    };
    const stored = await this.putIfAbsent(record);
    return stored
      ? { created: false, record: toRecord(stored) }
      : { created: true, record: dropUndefined(record) };
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

  requeue(eventId: string, options: RequeueOptions): Promise<EventRecord> {
    return this.transition(eventId, requeueUpdate(eventId, options), options);
  }

  settle(eventId: string, options: SettleOptions): Promise<EventRecord> {
    return this.transition(eventId, settleUpdate(eventId, options), options);
  }

  /** An operator transition: the updated record, or why it did not apply. */
  private async transition(
    eventId: string,
    update: UpdateBuilder,
    options: { from: readonly EventStatus[]; entry: ActionEntry },
  ): Promise<EventRecord> {
    const written = await this.update(eventId, update);
    if ("updated" in written) return written.updated;
    if (!written.current) throw new EventNotFoundError(eventId);
    throw new EventStateError(eventId, toRecord(written.current).status, options.entry.action, options.from);
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
    const update = takeoverUpdate(existing, input, token);
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
