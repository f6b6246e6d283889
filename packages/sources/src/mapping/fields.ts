// The command fields a hook may map, per action, with the type each value is coerced to. The configuration
// check uses this list to reject unknown targets; the mapper uses the types to coerce stringly-typed input
// (form posts, Zapier) without the user spelling out a transform for every field.
import type { Action } from "../config/hooks.ts";

export type FieldType =
  | "string"
  | "number"
  | "integer"
  | "boolean"
  | "date"
  | "phone"
  | "email"
  | "list"
  | "discount"
  | "orderStatus";

const CUSTOMER_REF: Record<string, FieldType> = {
  "customer.id": "integer",
  "customer.extCustNo": "string",
  "customer.phone": "phone",
  "customer.email": "email",
  "customer.name": "string",
  "customer.address": "string",
  "customer.city": "string",
  "customer.location.lat": "number",
  "customer.location.lon": "number",
  "customer.tags": "list",
};

const VISIT: Record<string, FieldType> = { ...CUSTOMER_REF, date: "date", teamId: "integer" };

export const COMMAND_FIELDS: Record<Action, Record<string, FieldType>> = {
  CreateVisit: VISIT,
  CreateOrder: {
    ...VISIT,
    discPercent: "discount",
    discAmount: "number",
    description: "string",
    status: "orderStatus",
    extOrderNo: "string",
    extOrderStatusName: "string",
    totalPaid: "number",
    visitStatus: "string",
  },
  UpdateOrder: {
    "order.id": "integer",
    "order.extOrderNo": "string",
    status: "orderStatus",
    totalPaid: "number",
    extOrderStatusName: "string",
    description: "string",
  },
  UpsertCustomer: {
    extCustNo: "string",
    name: "string",
    phone: "phone",
    email: "email",
    address: "string",
    city: "string",
    "location.lat": "number",
    "location.lon": "number",
    tags: "list",
    active: "boolean",
  },
};

/** Fields of one order line (`hook.lines.mapping`). */
export const LINE_FIELDS: Record<string, FieldType> = {
  "product.id": "integer",
  "product.extProductCode": "string",
  "product.sku": "string",
  qty: "number",
  unit: "string",
  price: "number",
  discPercent: "discount",
  discAmount: "number",
  description: "string",
  extOrderLineId: "integer",
};
