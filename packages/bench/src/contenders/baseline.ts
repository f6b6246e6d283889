// The anchor of issue 12: a Zapier-style visit webhook written the plain way. API Gateway v2 event in, API
// key checked, form body read, the customer's id looked up once per container, one visit posted with
// `fetch`, made idempotent by Powertools (`makeIdempotent` + `DynamoDBPersistenceLayer`, keyed by the
// `Idempotency-Key` header), one Powertools log line per event. Benchmark only: bundled like our handler and
// run side by side with it (docs/performance.md); never deployed.
import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { requiredEnv } from "./env.ts";
import { salesmania } from "./salesmania-fetch.ts";

const logger = new Logger({ serviceName: "visits-baseline" });
const API_KEY = requiredEnv("BASELINE_API_KEY");
// The DynamoDB endpoint comes from the SDK's own AWS_ENDPOINT_URL_DYNAMODB when set (DynamoDB Local).
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: requiredEnv("BASELINE_TABLE") });
const config = new IdempotencyConfig({});

interface Visit {
  custNo: string;
  date: string;
}

interface CustomerPage {
  data: { id: number; ext_cust_no?: string }[];
  meta: { page: number; limit: number; total: number };
}

const customerIds = new Map<string, number>();

async function customerId(custNo: string): Promise<number> {
  if (!customerIds.has(custNo)) {
    for (let page = 1; ; page++) {
      const { data, meta } = (await salesmania(
        "GET",
        `/extapi/v1.0/customers?page=${page}&limit=100`,
      )) as CustomerPage;
      for (const customer of data)
        if (customer.ext_cust_no) customerIds.set(customer.ext_cust_no, customer.id);
      if (data.length === 0 || page * meta.limit >= meta.total) break;
    }
  }
  const id = customerIds.get(custNo);
  if (id === undefined) throw new Error(`customer ${custNo} not found`);
  return id;
}

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

// Hashed on the second argument, the Idempotency-Key header; a thrown error deletes the record, so the
// sender's retry runs it again.
const createVisitOnce = makeIdempotent(
  async (visit: Visit, _key: string) => {
    const customer_id = await customerId(visit.custNo);
    await salesmania("POST", "/extapi/v1.1/visits", { date: visit.date, customer_id });
    logger.info("visit created", { customerId: customer_id, date: visit.date });
    return json(201, { status: "delivered", visit: { customer_id, date: visit.date } });
  },
  { persistenceStore, config, dataIndexArgument: 1 },
);

export const handler = async (
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> => {
  logger.addContext(context);
  config.registerLambdaContext(context);
  if (event.headers["x-api-key"] !== API_KEY) return json(401, { message: "invalid API key" });
  const key = event.headers["idempotency-key"];
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : event.body;
  const form = new URLSearchParams(text ?? "");
  const custNo = form.get("cust_no");
  const date = form.get("visit_date");
  if (!key || !custNo || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    return json(400, { message: "Idempotency-Key, cust_no and visit_date (YYYY-MM-DD) are required" });
  }
  return createVisitOnce({ custNo, date }, key);
};
