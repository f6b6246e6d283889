// The floor: the least any idempotent visit webhook does per event — read the date from the form, one
// conditional PutItem and one UpdateItem with the raw SDK client, one `fetch` POST — and nothing else (no
// auth, validation, logging or error handling). Benchmark only: its CPU per event is the cost no contender
// can go below on this machine.
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { requiredEnv } from "./env.ts";
import { salesmania } from "./salesmania-fetch.ts";

const client = new DynamoDBClient({});
const TABLE = requiredEnv("FLOOR_TABLE");
const CUSTOMER_ID = Number(requiredEnv("FLOOR_CUSTOMER_ID"));

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const id = { S: event.headers["idempotency-key"] ?? event.requestContext.requestId };
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : event.body;
  const date = new URLSearchParams(text ?? "").get("visit_date");
  await client.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: { id, status: { S: "INPROGRESS" } },
      ConditionExpression: "attribute_not_exists(id)",
    }),
  );
  await salesmania("POST", "/extapi/v1.1/visits", { date, customer_id: CUSTOMER_ID });
  await client.send(
    new UpdateItemCommand({
      TableName: TABLE,
      Key: { id },
      UpdateExpression: "SET #status = :done",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":done": { S: "COMPLETED" } },
    }),
  );
  return { statusCode: 201, body: "" };
};
