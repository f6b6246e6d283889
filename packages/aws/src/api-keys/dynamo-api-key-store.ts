// API keys in the ledger's table: one item per key under one partition (`pk = APIKEYS`, `sk = KEY#<id>`), so
// a lookup is one GetItem and `smx keys list` one Query. Only the key's hash is stored (core's ApiKeys).

import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ApiKeyExistsError, type ApiKeyRecord, type ApiKeyStore } from "@smx/core";
import * as v from "valibot";
import { storeCall } from "../dynamo/store-errors.ts";
import { LedgerItemError } from "../errors.ts";

const PARTITION = "APIKEYS";
const sortKey = (id: string) => `KEY#${id}`;

const ApiKeyItem = v.object({
  id: v.string(),
  name: v.string(),
  connectionId: v.string(),
  hash: v.string(),
  createdAt: v.string(),
  revokedAt: v.optional(v.string()),
});

export class DynamoApiKeyStore implements ApiKeyStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { doc: DynamoDBDocumentClient; tableName: string }) {
    this.#doc = options.doc;
    this.#table = options.tableName;
  }

  async create(record: ApiKeyRecord): Promise<void> {
    try {
      await storeCall(`API key ${record.id} create`, () =>
        this.#doc.send(
          new PutCommand({
            TableName: this.#table,
            Item: { pk: PARTITION, sk: sortKey(record.id), ...record },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
      );
    } catch (error) {
      if (error instanceof Error && error.name === "ConditionalCheckFailedException")
        throw new ApiKeyExistsError(record.id);
      throw error;
    }
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await storeCall(`API key ${id} read`, () =>
      this.#doc.send(
        new GetCommand({
          TableName: this.#table,
          Key: { pk: PARTITION, sk: sortKey(id) },
          ConsistentRead: true,
        }),
      ),
    );
    return Item === undefined ? undefined : recordOf(Item);
  }

  async list(): Promise<ApiKeyRecord[]> {
    const records: ApiKeyRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await storeCall("API key list", () =>
        this.#doc.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": PARTITION },
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        ),
      );
      records.push(...(page.Items ?? []).map(recordOf));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async revoke(id: string, at: string): Promise<ApiKeyRecord | undefined> {
    try {
      const { Attributes } = await storeCall(`API key ${id} revoke`, () =>
        this.#doc.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { pk: PARTITION, sk: sortKey(id) },
            // A second revoke keeps the first time.
            UpdateExpression: "SET revokedAt = if_not_exists(revokedAt, :at)",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":at": at },
            ReturnValues: "ALL_NEW",
          }),
        ),
      );
      return Attributes === undefined ? undefined : recordOf(Attributes);
    } catch (error) {
      if (error instanceof Error && error.name === "ConditionalCheckFailedException") return undefined;
      throw error;
    }
  }
}

function recordOf(item: Record<string, unknown>): ApiKeyRecord {
  const parsed = v.safeParse(ApiKeyItem, item);
  if (!parsed.success) throw new LedgerItemError(`${PARTITION}/${String(item.sk)}`, parsed.issues[0].message);
  const { revokedAt, ...rest } = parsed.output;
  return revokedAt === undefined ? rest : { ...rest, revokedAt };
}
