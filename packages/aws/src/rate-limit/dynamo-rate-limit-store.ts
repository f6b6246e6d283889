// The rate-limit schedule of each connection as one item in the ledger table; each port call is one
// conditional UpdateItem. The rules (what to write, when, how much) are the core's (rate-schedule.ts).
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { RateLimitStore, ScheduleWrite } from "@smx/core";
import { storeError } from "../dynamo/store-errors.ts";
import { LedgerItemError } from "../errors.ts";

export interface DynamoRateLimitStoreOptions {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/** `pk` of a connection's schedule item; it carries no GSI attributes, so no index sees it. */
export const rateLimitKey = (connectionId: string) => ({ pk: `RATE#${connectionId}`, sk: "SCHEDULE" });

export class DynamoRateLimitStore implements RateLimitStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: DynamoRateLimitStoreOptions) {
    this.#doc = options.doc;
    this.#tableName = options.tableName;
  }

  extend(key: string, change: { byMs: number; ifAtLeast: number }, signal?: AbortSignal) {
    const expression = ["SET nextSlotAt = nextSlotAt + :value", "nextSlotAt >= :bound"] as const;
    return this.#update(key, expression, change.byMs, change.ifAtLeast, signal);
  }

  raise(key: string, change: { to: number; ifBelow: number }, signal?: AbortSignal) {
    const expression = [
      "SET nextSlotAt = :value",
      "attribute_not_exists(nextSlotAt) OR nextSlotAt < :bound",
    ] as const;
    return this.#update(key, expression, change.to, change.ifBelow, signal);
  }

  shorten(key: string, change: { to: number; ifAt: number }, signal?: AbortSignal) {
    const expression = ["SET nextSlotAt = :value", "nextSlotAt = :bound"] as const;
    return this.#update(key, expression, change.to, change.ifAt, signal);
  }

  /** One conditional UpdateItem: `update` with `:value`, only if `condition` holds with `:bound`. */
  async #update(
    key: string,
    [update, condition]: readonly [string, string],
    value: number,
    bound: number,
    signal: AbortSignal | undefined,
  ): Promise<ScheduleWrite> {
    const Key = rateLimitKey(key);
    try {
      const result = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key,
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeValues: { ":value": value, ":bound": bound },
          ReturnValues: "UPDATED_NEW",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
        signal ? { abortSignal: signal } : {},
      );
      const nextSlotAt = nextSlotAtOf(Key.pk, result.Attributes);
      if (nextSlotAt === undefined) throw new LedgerItemError(Key.pk, "the update returned no nextSlotAt");
      return { applied: true, nextSlotAt };
    } catch (error) {
      if (!(error instanceof Error && error.name === "ConditionalCheckFailedException"))
        throw storeError(`rate-limit schedule of ${key}`, error);
      const item = (error as { Item?: Record<string, AttributeValue> }).Item;
      return { applied: false, nextSlotAt: nextSlotAtOf(Key.pk, item && unmarshall(item)) };
    }
  }
}

function nextSlotAtOf(pk: string, item: Record<string, unknown> | undefined): number | undefined {
  const value = item?.nextSlotAt;
  if (value === undefined || typeof value === "number") return value;
  throw new LedgerItemError(pk, `nextSlotAt must be a number, got ${typeof value}`);
}
