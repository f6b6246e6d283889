// The ledger: one table for events and the customer/product directory (single-table design, docs/ledger.md).
// Only key attributes are declared; items carry the rest.
import { isProduction } from "./stage.ts";

/** The ledger's secondary indexes (names as packages/aws queries them); functions get Query on the ones they use. */
export type LedgerIndex = "byStatus" | "byHook";

export const table = new sst.aws.Dynamo("Ledger", {
  fields: {
    pk: "string",
    sk: "string",
    gsi1pk: "string",
    gsi1sk: "string",
    gsi2pk: "string",
    gsi2sk: "string",
  },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {
    // Status + next attempt time: the redrive and `events list --status`.
    byStatus: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
    // Hook + received time: `events list --hook`.
    byHook: { hashKey: "gsi2pk", rangeKey: "gsi2sk" },
  } satisfies Record<LedgerIndex, unknown>,
  ttl: "expiresAt",
  deletionProtection: isProduction,
  transform: {
    table: {
      // On-demand: traffic is bursty and small; no capacity to plan.
      billingMode: "PAY_PER_REQUEST",
      // SST turns point-in-time recovery on everywhere; it is billed per GB-month, so only production keeps it.
      pointInTimeRecovery: { enabled: isProduction },
    },
  },
});
