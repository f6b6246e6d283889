// The per-connection directory in the ledger's table. One item per lookup key, so every find is a single
// GetItem; an in-memory cache in front makes warm lookups free. Misses are not cached: a customer created
// by another container must be found on the next try, not after the TTL.
import { setTimeout as sleep } from "node:timers/promises";
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  type CustomerClaim,
  type CustomerClaimResult,
  type CustomerKey,
  customerKeysOf,
  type DirectoryCustomer,
  type DirectoryProduct,
  type DirectoryStore,
  type ProductKey,
  productKeysOf,
  StoreUnavailableError,
} from "@smx/core";
import * as v from "valibot";
import { type CacheOptions, TtlLruCache } from "../cache.ts";
import { storeCall } from "../dynamo/store-errors.ts";
import { LedgerItemError } from "../errors.ts";
import { claimCustomerKeys, releaseCustomerKeys } from "./customer-claims.ts";
import { customerSortKey, directoryPartition, orderSortKey, productSortKey } from "./keys.ts";

export interface DynamoDirectoryOptions {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** The in-memory cache in front of DynamoDB; on by default (5 min TTL, 10 000 entries); `false` turns it off. */
  cache?: CacheOptions | false;
}

// exactOptional: an unmarshalled item has an attribute or lacks it, never one holding `undefined`.
const OptionalText = v.exactOptional(v.string());
const CustomerValue = v.object({
  id: v.number(),
  extCustNo: OptionalText,
  phone: OptionalText,
  email: OptionalText,
  name: OptionalText,
  address: OptionalText,
});
const ProductValue = v.object({
  id: v.number(),
  extProductCode: OptionalText,
  sku: OptionalText,
  name: v.string(),
  units: v.array(v.object({ name: v.string(), price: v.number(), ratio: v.number() })),
});
const OrderValue = v.object({ orderId: v.number() });

/** BatchWriteItem retries for throttled (unprocessed) items before giving up. */
const BATCH_RETRIES = 5;

export class DynamoDirectory implements DirectoryStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly cache: TtlLruCache<unknown> | undefined;

  constructor(options: DynamoDirectoryOptions) {
    this.doc = options.doc;
    this.table = options.tableName;
    this.cache = options.cache === false ? undefined : new TtlLruCache(options.cache);
  }

  findCustomer(connectionId: string, key: CustomerKey): Promise<DirectoryCustomer | undefined> {
    return this.read(connectionId, customerSortKey(key), CustomerValue);
  }

  putCustomer(connectionId: string, customer: DirectoryCustomer): Promise<void> {
    return this.writeAll(connectionId, customerKeysOf(customer).map(customerSortKey), customer);
  }

  findProduct(connectionId: string, key: ProductKey): Promise<DirectoryProduct | undefined> {
    return this.read(connectionId, productSortKey(key), ProductValue);
  }

  putProduct(connectionId: string, product: DirectoryProduct): Promise<void> {
    return this.writeAll(connectionId, productKeysOf(product).map(productSortKey), product);
  }

  async findOrderId(connectionId: string, extOrderNo: string): Promise<number | undefined> {
    return (await this.read(connectionId, orderSortKey(extOrderNo), OrderValue))?.orderId;
  }

  async putOrderId(connectionId: string, extOrderNo: string, orderId: number): Promise<void> {
    const pk = directoryPartition(connectionId);
    const sk = orderSortKey(extOrderNo);
    const value = { orderId };
    await storeCall(`directory entry ${sk.slice(0, 80)}`, () =>
      this.doc.send(new PutCommand({ TableName: this.table, Item: { pk, sk, value } })),
    );
    this.cache?.set(`${pk}\u0000${sk}`, value);
  }

  claimCustomer(
    connectionId: string,
    keys: CustomerKey[],
    claim: CustomerClaim,
  ): Promise<CustomerClaimResult> {
    return claimCustomerKeys(this.doc, this.table, connectionId, keys, claim);
  }

  releaseCustomer(connectionId: string, keys: CustomerKey[], claim: CustomerClaim): Promise<void> {
    return releaseCustomerKeys(this.doc, this.table, connectionId, keys, claim);
  }

  // Strongly consistent: an order id written by one container is needed by the next event in another.
  private async read<T>(
    connectionId: string,
    sk: string,
    schema: v.GenericSchema<unknown, T>,
  ): Promise<T | undefined> {
    const pk = directoryPartition(connectionId);
    const cacheKey = `${pk}\u0000${sk}`;
    const cached = this.cache?.get(cacheKey);
    // Copies in and out, so a caller mutating an entry cannot change what the next lookup sees.
    if (cached !== undefined) return structuredClone(cached) as T;
    const { Item } = await storeCall(`directory key ${sk.slice(0, 80)}`, () =>
      this.doc.send(new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true })),
    );
    if (!Item) return undefined;
    const parsed = v.safeParse(schema, Item.value);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = issue.path?.map((p) => String(p.key)).join(".") ?? "value";
      throw new LedgerItemError(`${pk}/${sk}`, `value.${path}: ${issue.message}`);
    }
    this.cache?.set(cacheKey, structuredClone(parsed.output));
    return parsed.output;
  }

  /** One item per key in a single BatchWriteItem (at most 4 keys, far below its 25-item limit). */
  private async writeAll(connectionId: string, sortKeys: string[], value: object): Promise<void> {
    const pk = directoryPartition(connectionId);
    let requests = sortKeys.map((sk) => ({ PutRequest: { Item: { pk, sk, value } } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > BATCH_RETRIES) {
        const what = `directory of connection ${connectionId}: ${requests.length} item(s) unprocessed by BatchWriteItem after ${BATCH_RETRIES} retries`;
        throw new StoreUnavailableError(what, true);
      }
      if (attempt > 0) await sleep(25 * 2 ** attempt);
      const result = await storeCall(`directory entry ${sortKeys[0]?.slice(0, 80)}`, () =>
        this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } })),
      );
      requests = (result.UnprocessedItems?.[this.table] ?? []) as typeof requests;
    }
    for (const sk of sortKeys) this.cache?.set(`${pk}\u0000${sk}`, structuredClone(value));
  }
}
