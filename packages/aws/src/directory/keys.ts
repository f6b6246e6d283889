// Sort keys of directory items under `pk = DIR#<connectionId>` (see docs/ledger.md).
import { createHash } from "node:crypto";
import { type CustomerKey, customerKeyValue, type ProductKey } from "@smx/core";

export const directoryPartition = (connectionId: string) => `DIR#${connectionId}`;

/**
 * DynamoDB refuses a sort key over 1024 bytes. Command references are at most 765 bytes (core's
 * FIELD_LIMITS), so they are kept as written; a longer value (a name + address pair, or a reference in a
 * record stored before those limits) is keyed by its sha256 instead, so no lookup is ever refused.
 */
const MAX_PLAIN_KEY_BYTES = 1000;

function keyPart(value: string): string {
  if (Buffer.byteLength(value, "utf8") <= MAX_PLAIN_KEY_BYTES) return value;
  return `sha256:${createHash("sha256").update(value).digest("hex")}`;
}

const CUSTOMER_KEY_PREFIX: Record<CustomerKey["by"], string> = {
  extCustNo: "CUST#ext#",
  phone: "CUST#phone#",
  email: "CUST#email#",
  nameAddress: "CUST#na#",
};

/** Callers normalize values (core's `phoneKey`, `nameAddressKey`); `customerKeyValue` lowercases emails. */
export const customerSortKey = (key: CustomerKey): string =>
  `${CUSTOMER_KEY_PREFIX[key.by]}${keyPart(customerKeyValue(key))}`;

export function productSortKey(key: ProductKey): string {
  switch (key.by) {
    case "id":
      return `PROD#id#${key.value}`;
    case "extProductCode":
      return `PROD#ext#${keyPart(key.value)}`;
    case "sku":
      return `PROD#sku#${keyPart(key.value)}`;
  }
}

export const orderSortKey = (extOrderNo: string) => `ORDER#ext#${keyPart(extOrderNo)}`;

/** A customer key claimed by an event about to create that customer (never read as a directory entry). */
export const customerClaimSortKey = (key: CustomerKey) => `CLAIM#${customerSortKey(key)}`;
