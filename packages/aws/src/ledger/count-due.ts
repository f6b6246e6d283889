// How many retries are due, for the redrive's backlog metrics: a COUNT query on the status index, capped.
import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { isoTime } from "@smx/core";
import { storeCall } from "../dynamo/store-errors.ts";
import { STATUS_INDEX, statusPartition } from "./items.ts";

/** Retry records due by `dueBefore`, counted up to `max` (Select COUNT: no record crosses the wire). */
export async function countDueRetries(
  doc: DynamoDBDocumentClient,
  table: string,
  dueBefore: string,
  max: number,
): Promise<number> {
  // Sort keys are `<iso>#<eventId>`; "$" sorts right after "#", so the bound includes records due exactly then.
  const bound = `${isoTime("dueBefore", dueBefore)}$`;
  let counted = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const result = await storeCall(`ledger count (${STATUS_INDEX})`, () =>
      doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: STATUS_INDEX,
          KeyConditionExpression: "gsi1pk = :pk AND gsi1sk < :bound",
          ExpressionAttributeValues: { ":pk": statusPartition("retry"), ":bound": bound },
          Select: "COUNT",
          Limit: max - counted,
          ExclusiveStartKey: start,
        }),
      ),
    );
    counted += result.Count ?? 0;
    start = result.LastEvaluatedKey;
  } while (start !== undefined && counted < max);
  return counted;
}
