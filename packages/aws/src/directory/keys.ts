// Sort keys of directory items under `pk = DIR#<connectionId>` (see docs/ledger.md).
import type { CustomerKey, DirectoryProduct, ProductKey } from "@smx/core";

export const directoryPartition = (connectionId: string) => `DIR#${connectionId}`;

/** Callers normalize values (core's `phoneKey`, `nameAddressKey`); email is lowercased again as a safety net. */
export function customerSortKey(key: CustomerKey): string {
  switch (key.by) {
    case "extCustNo":
      return `CUST#ext#${key.value}`;
    case "phone":
      return `CUST#phone#${key.value}`;
    case "email":
      return `CUST#email#${key.value.toLowerCase()}`;
    case "nameAddress":
      return `CUST#na#${key.value}`;
  }
}

export function productSortKey(key: ProductKey): string {
  switch (key.by) {
    case "id":
      return `PROD#id#${key.value}`;
    case "extProductCode":
      return `PROD#ext#${key.value}`;
    case "sku":
      return `PROD#sku#${key.value}`;
  }
}

/** Every key a product can be found by; its id always. */
export function productKeysOf(product: DirectoryProduct): ProductKey[] {
  const keys: ProductKey[] = [{ by: "id", value: product.id }];
  if (product.extProductCode) keys.push({ by: "extProductCode", value: product.extProductCode });
  if (product.sku) keys.push({ by: "sku", value: product.sku });
  return keys;
}

export const orderSortKey = (extOrderNo: string) => `ORDER#ext#${extOrderNo}`;

/** A customer key claimed by an event about to create that customer (never read as a directory entry). */
export const customerClaimSortKey = (key: CustomerKey) => `CLAIM#${customerSortKey(key)}`;
