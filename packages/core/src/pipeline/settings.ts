// Tunables of the pipeline, with the defaults docs/delivery.md explains.
import * as v from "valibot";
import { SettingsError } from "../errors.ts";

const Count = v.pipe(v.number(), v.integer(), v.minValue(1));
const Ms = v.pipe(v.number(), v.integer(), v.minValue(0));

export const PipelineSettings = v.object({
  /** Days a ledger record is kept (DynamoDB TTL). */
  retentionDays: v.optional(Count, 30),
  /** Attempts (first delivery included) before a retrying event becomes dead `retry_exhausted`. */
  maxAttempts: v.optional(Count, 12),
  /** Age (from first receipt) after which a retrying event becomes dead `retry_exhausted`. */
  maxAgeMs: v.optional(Ms, 3 * 24 * 3_600_000),
  backoffBaseMs: v.optional(Ms, 30_000),
  backoffCapMs: v.optional(Ms, 3_600_000),
  /** Added to the delivery budget for the claim's lease: room to write the outcome after the budget ends. */
  leaseMarginMs: v.optional(Ms, 15_000),
  /** A directory refresh from the API runs at most once per connection and kind within this interval. */
  directoryRefreshIntervalMs: v.optional(Ms, 60_000),
  redriveBatchSize: v.optional(Count, 100),
  redriveConcurrencyPerConnection: v.optional(Count, 2),
  /** Per-event delivery budget during a redrive. */
  redriveBudgetMs: v.optional(Count, 20_000),
});
export type PipelineSettings = v.InferOutput<typeof PipelineSettings>;
export type PipelineSettingsInput = v.InferInput<typeof PipelineSettings>;

export function parsePipelineSettings(input: PipelineSettingsInput = {}): PipelineSettings {
  const result = v.safeParse(PipelineSettings, input);
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw new SettingsError(v.getDotPath(issue) ?? "", issue.expected ?? issue.message);
}
