// DynamoDB clients for the ledger and directory, plus a request counter the tests use to prove what each
// ledger operation costs.
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { AWS_DEADLINES, clientDeadlines, type Deadlines, LOCAL_DEADLINES } from "../deadlines.ts";

export interface DynamoClientOptions {
  /** DynamoDB Local or another emulator; the AWS endpoint of the region when omitted. */
  endpoint?: string;
  /** Defaults to the SDK's own resolution (AWS_REGION, which Lambda always sets). */
  region?: string;
  /** Per-call deadlines; AWS_DEADLINES, or LOCAL_DEADLINES with an `endpoint`. */
  deadlines?: Deadlines;
}

export interface DynamoClients {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

export function createDynamoClients(options: DynamoClientOptions = {}): DynamoClients {
  const config: DynamoDBClientConfig = {
    ...clientDeadlines(options.deadlines ?? (options.endpoint ? LOCAL_DEADLINES : AWS_DEADLINES)),
  };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    // DynamoDB Local accepts any signature; a developer machine may have no AWS profile at all.
    config.region = options.region ?? process.env.AWS_REGION ?? "local";
    if (!process.env.AWS_ACCESS_KEY_ID)
      config.credentials = { accessKeyId: "local", secretAccessKey: "local" };
  } else if (options.region) {
    config.region = options.region;
  }
  const client = new DynamoDBClient(config);
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, doc };
}

export interface RequestCounter {
  /** HTTP requests sent since the last reset (SDK retries count separately). */
  count(): number;
  /** By DynamoDB operation name: `{ PutItem: 1, UpdateItem: 1 }`. */
  byOperation(): Record<string, number>;
  reset(): void;
}

let counterSeq = 0;

/**
 * Counts every request the client (and any DocumentClient built on it) sends. It sits in the deserialize
 * step, below the retry middleware, so it sees each HTTP attempt rather than each `send()`.
 */
export function countRequests(client: DynamoDBClient): RequestCounter {
  let counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? "unknown").replace(/Command$/, "");
      counts[operation] = (counts[operation] ?? 0) + 1;
      return next(args);
    },
    { step: "deserialize", name: `smxCountRequests${++counterSeq}` },
  );
  return {
    count: () => Object.values(counts).reduce((sum, n) => sum + n, 0),
    byOperation: () => ({ ...counts }),
    reset: () => {
      counts = {};
    },
  };
}
