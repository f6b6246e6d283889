// Which key recognises this event when it arrives again (sender retries, Zapier replays, a user resubmits):
// the provider's own id, else the sender's Idempotency-Key header, else a business key from the command.
import { createHash } from "node:crypto";
import type { Command, CustomerRef, NormalizedEvent } from "@smx/core";
import type { HookContext, InboundRequest } from "../adapter.ts";
import { UnusableEventError } from "../errors.ts";
import { readPath } from "./path.ts";
import { isEmpty } from "./transforms.ts";

/** The sources a delivered event's key can have (a body hash keys only rejected requests). */
export type DedupKeySource = NormalizedEvent["dedupKeySource"];

/** JSON with sorted keys, so equal changes hash equally whatever order the mapping produced. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function digest(value: unknown): string {
  return createHash("sha256").update(canonical(value)).digest("hex").slice(0, 16);
}

function customerKey(customer: CustomerRef): string | undefined {
  if (customer.id !== undefined) return `id:${customer.id}`;
  if (customer.extCustNo) return `ext:${customer.extCustNo}`;
  if (customer.phone) return `phone:${customer.phone}`;
  if (customer.email) return `email:${customer.email}`;
  if (customer.name && customer.address) return `name:${digest([customer.name, customer.address])}`;
  return undefined;
}

/** The key a command is recognised by when its source gives no id; undefined when it has none. */
function businessKey(command: Command): string | undefined {
  switch (command.kind) {
    case "CreateVisit":
    case "CancelVisit": {
      const customer = customerKey(command.customer);
      const visit = command.kind === "CreateVisit" ? "visit" : "cancel-visit";
      return customer && `${visit}:${customer}:${command.date}:team:${command.teamId ?? "default"}`;
    }
    case "CreateOrder":
      return command.extOrderNo && `order:${command.extOrderNo}`;
    case "UpdateOrder": {
      // The change is part of the key: a later, different update to the same order is a new event.
      const { kind: _kind, order, ...change } = command;
      return `order-update:${order.id !== undefined ? `id:${order.id}` : `ext:${order.extOrderNo}`}:${digest(change)}`;
    }
    case "UpsertCustomer": {
      const { kind: _kind, extCustNo, ...change } = command;
      return `customer:${extCustNo}:${digest(change)}`;
    }
  }
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function idempotencyKey(request: InboundRequest): string | undefined {
  const header = request.headers.get("idempotency-key");
  if (header === null) return undefined;
  const key = header.trim();
  if (!IDEMPOTENCY_KEY.test(key))
    throw new UnusableEventError(
      `header Idempotency-Key: expected 1–255 visible ASCII characters without spaces, got ${key.length} characters`,
      { field: "Idempotency-Key", code: "invalid_field" },
    );
  return key;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === "string" || typeof value === "number") return String(value).trim();
  return undefined;
}

/** A dedup key or a native id this long is no id; it is refused before it reaches the ledger's keys. */
export const MAX_ID_CHARS = 512;

/** 422 when an id taken from the event is longer than MAX_ID_CHARS. */
export function checkIdLength(id: string, what: string, field?: string): string {
  if (id.length <= MAX_ID_CHARS) return id;
  throw new UnusableEventError(
    `${field === undefined ? "" : `${field}: `}${what} is ${id.length} characters long; at most ${MAX_ID_CHARS} are accepted`,
    { field, code: "invalid_field" },
  );
}

export interface DedupKey {
  dedupKey: string;
  dedupKeySource: DedupKeySource;
}

/**
 * The key that does not depend on the command: the provider's id, the hook's `dedup.field`, the
 * `Idempotency-Key` header. Known before the mapping runs, so a request the mapping cannot use is still
 * recognised when it comes again (its rejected record is keyed by it).
 */
export function knownDedupKey(args: {
  context: HookContext;
  request: InboundRequest;
  source: unknown;
  nativeId?: string | undefined;
}): DedupKey | undefined {
  const { context, request, source, nativeId } = args;
  if (nativeId !== undefined && nativeId !== "")
    return { dedupKey: checkIdLength(nativeId, "the event's id"), dedupKeySource: "native" };
  const field = context.hook.dedup?.field;
  const fieldValue = field === undefined ? undefined : readPath(source, field);
  if (field !== undefined && !isEmpty(fieldValue)) {
    const text = scalarText(fieldValue);
    if (text === undefined)
      throw new UnusableEventError(
        `${field}: the hook's dedup.field must hold text or a number, got ${Array.isArray(fieldValue) ? "a list" : typeof fieldValue}`,
        { field, code: "invalid_field" },
      );
    return { dedupKey: checkIdLength(text, "the dedup key", field), dedupKeySource: "native" };
  }
  const header = idempotencyKey(request);
  return header === undefined ? undefined : { dedupKey: header, dedupKeySource: "idempotency-key" };
}

/** The `Idempotency-Key` of a request that could not even be parsed, when it has a valid one. */
export function headerDedupKey(request: InboundRequest): DedupKey | undefined {
  try {
    const header = idempotencyKey(request);
    return header === undefined ? undefined : { dedupKey: header, dedupKeySource: "idempotency-key" };
  } catch {
    // A malformed header is no key; the rejection falls back to the body's hash.
    return undefined;
  }
}

/** The command's business key when nothing better identifies it; `missing_dedup_key` when it has none. */
export function businessDedupKey(command: Command, context: HookContext): DedupKey {
  const business = businessKey(command);
  if (business !== undefined) return { dedupKey: business, dedupKeySource: "business-key" };
  const field = context.hook.dedup?.field;
  const configured = field === undefined ? "" : ` The hook's dedup.field "${field}" is absent or empty here.`;
  throw new UnusableEventError(
    `cannot tell this ${command.kind} from a repeat of it: the source gives no id, there is no Idempotency-Key header and no business key (an order's is extOrderNo).${configured} Send an Idempotency-Key header, or set the hook's dedup.field to a payload field that identifies the event.`,
    { field: field ?? "Idempotency-Key", code: "missing_dedup_key" },
  );
}

export function resolveDedupKey(args: {
  context: HookContext;
  request: InboundRequest;
  command: Command;
  source: unknown;
  nativeId?: string;
}): DedupKey {
  return knownDedupKey(args) ?? businessDedupKey(args.command, args.context);
}
