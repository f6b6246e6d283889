// Claims on the keys of a customer about to be created (`CLAIM#CUST#…` items next to the directory): every
// key at once in one TransactWriteItems, so of two events creating the same new customer — in one
// container or two — exactly one creates it. A claim whose lease ran out is taken over, guarded on the
// token that was seen, and reported as evidence that the customer may already exist.
import { setTimeout as sleep } from "node:timers/promises";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { type CustomerClaim, type CustomerClaimResult, type CustomerKey, heldByAnother } from "@smx/core";
import * as v from "valibot";
import { storeCall } from "../dynamo/store-errors.ts";
import { CustomerClaimConflictError } from "../errors.ts";
import { customerClaimSortKey, directoryPartition } from "./keys.ts";

const StoredClaim = v.object({ owner: v.string(), token: v.string(), leaseUntil: v.number() });

/** Claims left after their lease are deleted by DynamoDB's TTL a day later. */
const CLAIM_TTL_SECONDS = 86_400;
/** Two transactions on the same keys at once: DynamoDB cancels one (TransactionConflict); it tries again. */
const CONFLICT_RETRIES = 5;

type Transact = ConstructorParameters<typeof TransactWriteCommand>[0];

export async function claimCustomerKeys(
  doc: DynamoDBDocumentClient,
  table: string,
  connectionId: string,
  keys: CustomerKey[],
  claim: CustomerClaim,
): Promise<CustomerClaimResult> {
  const pk = directoryPartition(connectionId);
  const item = (key: CustomerKey) => ({
    pk,
    sk: customerClaimSortKey(key),
    owner: claim.owner,
    token: claim.token,
    leaseUntil: claim.leaseUntil,
    expiresAt: Math.floor(claim.leaseUntil / 1000) + CLAIM_TTL_SECONDS,
  });
  for (let attempt = 0; ; attempt++) {
    const fresh = await transact(doc, {
      TransactItems: keys.map((key) => ({
        Put: {
          TableName: table,
          Item: item(key),
          ConditionExpression: "attribute_not_exists(pk)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      })),
    });
    if (fresh === "done") return { kind: "claimed", evidence: false };
    if (fresh !== "conflict") {
      const seen = fresh.map((stored) => (stored === undefined ? undefined : v.parse(StoredClaim, stored)));
      const held = heldByAnother(seen, claim);
      if (held !== undefined) return held;
      // Left by an earlier try (this event's own, or one whose lease ran out): taken over as seen.
      const takeover = await transact(doc, {
        TransactItems: keys.map((key, i) => {
          const before = seen[i];
          return {
            Put: {
              TableName: table,
              Item: item(key),
              ...(before === undefined
                ? { ConditionExpression: "attribute_not_exists(pk)" }
                : {
                    ConditionExpression: "#token = :seen",
                    ExpressionAttributeNames: { "#token": "token" },
                    ExpressionAttributeValues: { ":seen": before.token },
                  }),
            },
          };
        }),
      });
      if (takeover === "done") return { kind: "claimed", evidence: true };
    }
    // Someone else's write landed in between: look again (bounded).
    if (attempt >= CONFLICT_RETRIES) throw new CustomerClaimConflictError(connectionId);
    await sleep(10 + Math.random() * 40 * (attempt + 1));
  }
}

export async function releaseCustomerKeys(
  doc: DynamoDBDocumentClient,
  table: string,
  connectionId: string,
  keys: CustomerKey[],
  claim: CustomerClaim,
): Promise<void> {
  const pk = directoryPartition(connectionId);
  // All or none: a key another event took over meanwhile keeps its claim, and so do the others (their
  // lease runs out; a later claimer then looks for the customer before creating).
  await transact(doc, {
    TransactItems: keys.map((key) => ({
      Delete: {
        TableName: table,
        Key: { pk, sk: customerClaimSortKey(key) },
        ConditionExpression: "#token = :token",
        ExpressionAttributeNames: { "#token": "token" },
        ExpressionAttributeValues: { ":token": claim.token },
      },
    })),
  });
}

/**
 * Runs a transaction: `done`, or for a cancelled one the item each failed condition found (index by
 * index), or `conflict` when DynamoDB cancelled it for a concurrent transaction on the same items.
 */
async function transact(
  doc: DynamoDBDocumentClient,
  input: Transact,
): Promise<"done" | "conflict" | (Record<string, unknown> | undefined)[]> {
  try {
    await storeCall("customer claim", () => doc.send(new TransactWriteCommand(input)));
    return "done";
  } catch (error) {
    if (!(error instanceof Error && error.name === "TransactionCanceledException")) throw error;
    const reasons =
      (error as { CancellationReasons?: { Code?: string; Item?: Record<string, AttributeValue> }[] })
        .CancellationReasons ?? [];
    if (reasons.some((reason) => reason.Code === "TransactionConflict")) return "conflict";
    return reasons.map((reason) => (reason.Item ? unmarshall(reason.Item) : undefined));
  }
}
