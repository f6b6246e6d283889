// Sort keys of directory items under `pk = DIR#<connectionId>` (see docs/ledger.md).
import {
  type CustomerKey,
  type DirectoryCustomer,
  type DirectoryProduct,
  nameAddressKey,
  type ProductKey,
} from "@smx/core";

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

/** Every key a customer can be found by. */
export function customerKeysOf(customer: DirectoryCustomer): CustomerKey[] {
  const keys: CustomerKey[] = [];
  if (customer.extCustNo) keys.push({ by: "extCustNo", value: customer.extCustNo });
  if (customer.phone) keys.push({ by: "phone", value: customer.phone });
  if (customer.email) keys.push({ by: "email", value: customer.email });
  if (customer.name && customer.address) {
    keys.push({ by: "nameAddress", value: nameAddressKey(customer.name, customer.address) });
  }
  return keys;
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
