// The `feeds` section: calendar feeds polled into visits. See docs/calendar.md.
import * as v from "valibot";
import { FEED_FETCH_DEFAULTS } from "../feeds/fetch.ts";
import { MatchRule } from "./rules.ts";
import { ConnectionId, EntryId, TimeZone } from "./shared.ts";

const FetchOptions = v.strictObject({
  timeoutMs: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1_000), v.maxValue(60_000)),
    FEED_FETCH_DEFAULTS.timeoutMs,
  ),
  maxBytes: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1024), v.maxValue(20 * 1024 * 1024)),
    FEED_FETCH_DEFAULTS.maxBytes,
  ),
  maxRedirects: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10)),
    FEED_FETCH_DEFAULTS.maxRedirects,
  ),
});

export const FeedConfig = v.strictObject({
  id: EntryId,
  description: v.optional(v.string()),
  /** Id of the SalesMania connection the visits go to. */
  connection: ConnectionId,
  /** A secret reference whose value is the feed's address: a calendar's secret address grants read access. */
  urlSecret: v.pipe(v.string(), v.trim(), v.nonEmpty()),
  /** The team the visits are created in (the connection's team token's when omitted). */
  teamId: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** The account's zone: floating times are read in it and visits dated in it (the connection's by default). */
  timeZone: v.optional(TimeZone),
  /** How many days, from today (account time), each run looks at. */
  windowDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(62)), 7),
  /** How an occurrence finds its customer, tried in order. */
  match: v.pipe(v.array(MatchRule), v.minLength(1, "at least one matching rule")),
  /** Customers are only matched: event text is no customer record to create one from. */
  customerPolicy: v.optional(v.picklist(["match-only"]), "match-only"),
  fetch: v.optional(FetchOptions, {
    timeoutMs: FEED_FETCH_DEFAULTS.timeoutMs,
    maxBytes: FEED_FETCH_DEFAULTS.maxBytes,
    maxRedirects: FEED_FETCH_DEFAULTS.maxRedirects,
  }),
  disabled: v.optional(v.boolean(), false),
});
export type FeedConfig = v.InferOutput<typeof FeedConfig>;
