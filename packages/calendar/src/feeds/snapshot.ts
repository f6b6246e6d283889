// What a feed looked like at its last run, kept compact: one short array per occurrence under an 18-character
// key, so a feed with 2,000 events stays near 100 KB (a quarter of a DynamoDB item) however long its UIDs
// and descriptions are. The fetch validators live here too, so an unchanged feed's poll reads one record.
import { createHash } from "node:crypto";
import type { PlainDate } from "../dates.ts";
import type { FeedValidators } from "./fetch.ts";
import type { Occurrence, OccurrenceStatus } from "./occurrence.ts";

const STATUS_CODES: readonly OccurrenceStatus[] = ["confirmed", "tentative", "cancelled"];

/** One occurrence as last seen: the date and customer of its visit (customer 0: none), its status, its text. */
export interface SnapshotEntry {
  date: PlainDate;
  customerId: number;
  status: OccurrenceStatus;
  /** A digest of times, text, attendees and status: tells "unchanged" from "edited but same visit". */
  hash: string;
}

/** The stored form: `[yyyymmdd, customerId, status index, hash]` per key. */
type PackedEntry = [number, number, number, string];

export interface FeedSnapshot {
  v: 1;
  validators?: FeedValidators;
  entries: Record<string, PackedEntry>;
}

function digest(text: string, length: number): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, length);
}

/** First 8 characters: the series (UID); next 10: the occurrence. A series' entries share their prefix. */
export function snapshotKey(occurrence: Pick<Occurrence, "uid" | "key">): string {
  return `${seriesPrefix(occurrence.uid)}${digest(occurrence.key, 10)}`;
}

export function seriesPrefix(uid: string): string {
  return digest(uid, 8);
}

export function contentHash(occurrence: Occurrence): string {
  const { start, end, summary, location, description, attendees, status } = occurrence;
  return digest(JSON.stringify([start, end, summary, location, description, attendees, status]), 8);
}

export function pack(entry: SnapshotEntry): PackedEntry {
  return [
    Number(entry.date.replaceAll("-", "")),
    entry.customerId,
    STATUS_CODES.indexOf(entry.status),
    entry.hash,
  ];
}

export function unpack([date, customerId, status, hash]: PackedEntry): SnapshotEntry {
  const digits = String(date);
  return {
    date: `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`,
    customerId,
    status: STATUS_CODES[status] ?? "confirmed",
    hash,
  };
}

/** The snapshot's entries, decoded. */
export function entriesOf(snapshot: FeedSnapshot | undefined): Map<string, SnapshotEntry> {
  const entries = new Map<string, SnapshotEntry>();
  for (const [key, packed] of Object.entries(snapshot?.entries ?? {})) entries.set(key, unpack(packed));
  return entries;
}

export function buildSnapshot(
  entries: Map<string, SnapshotEntry>,
  validators?: FeedValidators,
): FeedSnapshot {
  const packed: Record<string, PackedEntry> = {};
  for (const [key, entry] of entries) packed[key] = pack(entry);
  return validators === undefined ? { v: 1, entries: packed } : { v: 1, validators, entries: packed };
}

/**
 * The key a visit is created under (the job prefixes the feed id): the occurrence, its date and customer.
 * A moved occurrence therefore gets a new key, and a cancelled-then-restored or unmatched-then-matched
 * occurrence gets its old one back, which the ledger answers as a duplicate instead of a second visit.
 */
export function visitKey(key: string, date: PlainDate, customerId: number): string {
  return `${key}:${date}:${customerId}`;
}
