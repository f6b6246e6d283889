// How an EventRecord is laid out as a DynamoDB item (see docs/ledger.md): the keys, the two index keys,
// and the conversions both ways. Everything that knows an attribute name lives here.
import {
  EVENT_STATUSES,
  type EventRecord,
  type EventStatus,
  hookOrderKey,
  InvalidCursorError,
  statusOrderKey,
} from "@smx/core";
import * as v from "valibot";
import { LedgerItemError } from "../errors.ts";
import { StoredHistoryEntry } from "./history-items.ts";

export const EVENT_SK = "EVENT";
export const STATUS_INDEX = "byStatus";
export const HOOK_INDEX = "byHook";

export const eventKey = (eventId: string) => ({ pk: `EVT#${eventId}`, sk: EVENT_SK });
export const statusPartition = (status: EventStatus) => `STATUS#${status}`;
export const hookPartition = (hookId: string) => `HOOK#${hookId}`;

/**
 * Index and bookkeeping attributes that exist only on the item, never on the EventRecord: the lease token
 * (`claimToken`) and the token of the claim that completed it (`completedToken`) stay in the ledger.
 */
const ITEM_ONLY = [
  "pk",
  "sk",
  "gsi1pk",
  "gsi1sk",
  "gsi2pk",
  "gsi2sk",
  "nextAttemptAtMs",
  "claimToken",
  "completedToken",
] as const;

/** The item of `record`, held by the lease `leaseToken` when it is in progress. */
export function toItem(record: EventRecord, leaseToken?: string): Record<string, unknown> {
  return {
    ...record,
    ...eventKey(record.eventId),
    // The indexes' sort keys are the port's list orders (core's statusOrderKey, hookOrderKey).
    gsi1pk: statusPartition(record.status),
    gsi1sk: statusOrderKey(record),
    gsi2pk: hookPartition(record.hookId),
    gsi2sk: hookOrderKey(record),
    ...(record.nextAttemptAt ? { nextAttemptAtMs: Date.parse(record.nextAttemptAt) } : {}),
    ...(leaseToken === undefined ? {} : { claimToken: leaseToken }),
  };
}

// Only the attributes every code path relies on are checked; the command and result were validated
// before they were written.
const StoredEvent = v.looseObject({
  eventId: v.string(),
  hookId: v.string(),
  dedupKey: v.string(),
  connectionId: v.string(),
  source: v.string(),
  status: v.picklist(EVENT_STATUSES),
  fingerprint: v.string(),
  nativeIds: v.record(v.string(), v.string()),
  // Written by earlier versions too: old entry shapes are mapped to the typed history (history-items.ts).
  attempts: v.array(StoredHistoryEntry),
  attemptCount: v.number(),
  receivedAt: v.string(),
  updatedAt: v.string(),
  expiresAt: v.number(),
});

export function toRecord(item: Record<string, unknown>): EventRecord {
  const parsed = v.safeParse(StoredEvent, item);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join(".") ?? "(item)";
    throw new LedgerItemError(`${String(item.pk)}/${String(item.sk)}`, `${path}: ${issue.message}`);
  }
  const record: Record<string, unknown> = { ...parsed.output };
  for (const attribute of ITEM_ONLY) delete record[attribute];
  return record as unknown as EventRecord;
}

const CursorKey = v.record(v.string(), v.string());

export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | undefined {
  return lastEvaluatedKey ? Buffer.from(JSON.stringify(lastEvaluatedKey)).toString("base64url") : undefined;
}

export function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = v.safeParse(CursorKey, JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success && parsed.output.pk && parsed.output.sk) return parsed.output;
  } catch {
    // Not JSON: reported below like any other foreign cursor.
  }
  throw new InvalidCursorError(cursor);
}
