// The ledger on DynamoDB. A new key costs one conditional PutItem; everything the claim needs to decide
// about an existing key comes back on the failed condition (ALL_OLD), so duplicates cost no extra read.
// The rules (verdicts, guards, changes) are the core's; this class only sends them (updates.ts translates).
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
  applyChange,
  type ClaimInput,
  type ClaimResult,
  claimedRecord,
  completion,
  EventNotFoundError,
  type EventRecord,
  EventStateError,
  type EventStatus,
  type GuardedState,
  isoTime,
  judgeClaim,
  type Lease,
  LeaseLostError,
  type Ledger,
  type ListPage,
  type ListQuery,
  leaseFor,
  type Outcome,
  type RecordWrite,
  type RejectInput,
  type RequeueOptions,
  rejectedRecord,
  requeue,
  type SettleOptions,
  settlement,
  takeover,
} from "@smx/core";
import { storeCall, storeError } from "../dynamo/store-errors.ts";
import { LedgerItemError } from "../errors.ts";
import { countDueRetries } from "./count-due.ts";
import {
  decodeCursor,
  encodeCursor,
  eventKey,
  HOOK_INDEX,
  hookPartition,
  STATUS_INDEX,
  statusPartition,
  toItem,
  toRecord,
} from "./items.ts";
import type { UpdateBuilder } from "./update-builder.ts";
import { updateFor } from "./updates.ts";

export interface DynamoLedgerOptions {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** Page size when a list query gives none. */
  defaultPageSize?: number;
}

/** An item as DynamoDB holds it, index and bookkeeping attributes included. */
type StoredItem = Record<string, unknown>;

/** The record an item holds, with the token of the lease holding it (which never leaves the adapter). */
const stateOf = (item: StoredItem): EventRecord & GuardedState => ({
  ...toRecord(item),
  ...(typeof item.claimToken === "string" ? { leaseToken: item.claimToken } : {}),
});

/** Records held under a live lease of this container, at most this many (a lease never completed drops out). */
const MAX_HELD = 1_000;

export class DynamoLedger implements Ledger {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly pageSize: number;
  /**
   * By lease token, the record as this container's claim wrote it. Nobody else writes a record under a live
   * lease, so its completion is computed here and the UpdateItem returns nothing instead of the whole item.
   */
  readonly #held = new Map<string, EventRecord>();

  constructor(options: DynamoLedgerOptions) {
    this.doc = options.doc;
    this.table = options.tableName;
    this.pageSize = options.defaultPageSize ?? 50;
  }

  async claim(input: ClaimInput): Promise<ClaimResult> {
    const lease = leaseFor(input, randomUUID());
    const record = claimedRecord(input, lease);
    const stored = await this.putIfAbsent(record, lease.token);
    if (!stored) return this.#holding({ kind: "claimed", record, lease, takenOver: false });
    const existing = stateOf(stored);
    // The SDK retried a PutItem that had already landed: the claim found is this very claim.
    if (existing.leaseToken === lease.token)
      return { kind: "claimed", record: toRecord(stored), lease, takenOver: false };

    const verdict = judgeClaim(existing, input);
    if (verdict !== "takeover") return { kind: verdict, record: toRecord(stored) };
    const taken = leaseFor(input, randomUUID());
    const written = await this.write(input.eventId, takeover(existing, input, taken), "claim");
    // As above: an SDK retry of a takeover that had already landed.
    const own = "current" in written && written.current?.claimToken === taken.token;
    if ("updated" in written || own) {
      const record = "updated" in written ? written.updated : toRecord(written.current ?? {});
      return this.#holding({
        kind: "claimed",
        record,
        lease: taken,
        takenOver: true,
        previousStatus: existing.status,
      });
    }
    // The record expired (TTL) between the two writes: it is a new key again.
    if (!written.current) return this.claim(input);
    // Another worker took it over first; whatever it holds now is a live claim or its result.
    const again = judgeClaim(stateOf(written.current), input);
    return { kind: again === "takeover" ? "busy" : again, record: toRecord(written.current) };
  }

  async complete(lease: Lease, outcome: Outcome): Promise<EventRecord> {
    const held = this.#held.get(lease.token);
    this.#held.delete(lease.token);
    const write = completion(lease, outcome);
    const update = updateFor(lease.eventId, write)
      // Remembers which claim completed it, so an SDK retry of this very write is recognised below.
      .set("completedToken", lease.token);
    const written = await this.send(lease.eventId, update, "complete", held === undefined);
    if ("updated" in written) return written.updated ?? applyChange(held!, write.change);
    if (written.current?.completedToken === lease.token) return toRecord(written.current);
    throw new LeaseLostError(lease.eventId);
  }

  async reject(input: RejectInput): Promise<{ created: boolean; record: EventRecord }> {
    const record = rejectedRecord(input);
    const stored = await this.putIfAbsent(record);
    return stored ? { created: false, record: toRecord(stored) } : { created: true, record };
  }

  async get(eventId: string): Promise<EventRecord | undefined> {
    const { Item } = await storeCall(`ledger read of ${eventId}`, () =>
      this.doc.send(new GetCommand({ TableName: this.table, Key: eventKey(eventId), ConsistentRead: true })),
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

  countDue(dueBefore: string, max: number): Promise<number> {
    return countDueRetries(this.doc, this.table, dueBefore, max);
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
    return this.transition(eventId, requeue(options), options);
  }

  settle(eventId: string, options: SettleOptions): Promise<EventRecord> {
    return this.transition(eventId, settlement(options), options);
  }

  /** An operator transition: the updated record, or why it did not apply. */
  private async transition(
    eventId: string,
    write: RecordWrite,
    options: RequeueOptions | SettleOptions,
  ): Promise<EventRecord> {
    const written = await this.write(eventId, write, options.entry.action);
    if ("updated" in written) return written.updated;
    if (!written.current) throw new EventNotFoundError(eventId);
    throw new EventStateError(eventId, toRecord(written.current).status, options.entry.action, options.from);
  }

  /** The first claim of a key (or a rejection): one conditional write. Returns the existing record instead. */
  private async putIfAbsent(record: EventRecord, leaseToken?: string): Promise<StoredItem | undefined> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: toItem(record, leaseToken),
          ConditionExpression: "attribute_not_exists(pk)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return undefined;
    } catch (error) {
      const existing = oldItemOf(`ledger ${record.status} write of ${record.eventId}`, error);
      if (existing) return existing;
      throw new LedgerItemError(
        `EVT#${record.eventId}`,
        "the key exists but DynamoDB returned no item for it",
      );
    }
  }

  /** A claim's record, remembered under its lease token until the claim completes (see #held). */
  #holding(claimed: Extract<ClaimResult, { kind: "claimed" }>): ClaimResult {
    if (this.#held.size >= MAX_HELD) this.#held.delete(this.#held.keys().next().value!);
    this.#held.set(claimed.lease.token, claimed.record);
    return claimed;
  }

  private async write(eventId: string, write: RecordWrite, what: string) {
    const written = await this.send(eventId, updateFor(eventId, write), what, true);
    return "updated" in written ? { updated: written.updated! } : written;
  }

  /**
   * A conditional UpdateItem; the record it made when `returnRecord`, or on a failed condition the record as
   * it is now (undefined if absent).
   */
  private async send(
    eventId: string,
    update: UpdateBuilder,
    what: string,
    returnRecord: boolean,
  ): Promise<{ updated: EventRecord | undefined } | { current: StoredItem | undefined }> {
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: eventKey(eventId),
          ...update.build(),
          ReturnValues: returnRecord ? "ALL_NEW" : "NONE",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { updated: returnRecord ? toRecord(Attributes ?? {}) : undefined };
    } catch (error) {
      return { current: oldItemOf(`ledger ${what} of ${eventId}`, error) };
    }
  }

  private async page(
    query: ListQuery,
    input: Pick<
      ConstructorParameters<typeof QueryCommand>[0],
      "IndexName" | "KeyConditionExpression" | "ExpressionAttributeValues" | "ScanIndexForward"
    >,
  ): Promise<ListPage> {
    const result = await storeCall(`ledger list (${input.IndexName})`, () =>
      this.doc.send(
        new QueryCommand({
          TableName: this.table,
          ...input,
          Limit: query.limit ?? this.pageSize,
          ExclusiveStartKey: decodeCursor(query.cursor),
        }),
      ),
    );
    const cursor = encodeCursor(result.LastEvaluatedKey);
    return { items: (result.Items ?? []).map(toRecord), ...(cursor === undefined ? {} : { cursor }) };
  }
}

/**
 * The item DynamoDB returned with a failed condition (raw attribute values: the DocumentClient does not
 * convert error payloads). Any other error is thrown, translated into the core's store errors.
 */
function oldItemOf(what: string, error: unknown): StoredItem | undefined {
  if (!(error instanceof Error && error.name === "ConditionalCheckFailedException"))
    throw storeError(what, error);
  const item = (error as { Item?: Record<string, AttributeValue> }).Item;
  return item ? unmarshall(item) : undefined;
}
