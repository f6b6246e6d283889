// The job store in the ledger table (docs/jobs.md, "Storage"): per job one lease item, one item per run record
// and one per named state, under `pk = JOB#<jobId>`. Every port call is one request; `finish` is one
// TransactWriteItems (release the lease and store the record together). The rules are the core's
// (jobs/store.ts); failed conditions are read as answers, other failures become the core's store errors.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import {
  type AcquireInput,
  type AcquireResult,
  InvalidCursorError,
  type JobLease,
  JobLeaseLostError,
  type JobRunRecord,
  type JobStore,
  type RunPage,
} from "@smx/core";
import { storeCall, storeError } from "../dynamo/store-errors.ts";
import { LedgerItemError } from "../errors.ts";
import { decodeCursor, encodeCursor } from "../ledger/items.ts";

export interface DynamoJobStoreOptions {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

const jobPk = (jobId: string) => `JOB#${jobId}`;
const leaseKey = (jobId: string) => ({ pk: jobPk(jobId), sk: "LEASE" });
const runSk = (record: JobRunRecord) => `RUN#${record.startedAt}#${record.runId}`;
const stateKey = (jobId: string, name: string) => ({ pk: jobPk(jobId), sk: `STATE#${name}` });

const isConditionFailure = (error: unknown) =>
  error instanceof Error &&
  (error.name === "ConditionalCheckFailedException" || error.name === "TransactionCanceledException");

function parseJson(pk: string, field: string, value: unknown): unknown {
  if (typeof value !== "string") throw new LedgerItemError(pk, `${field} must be a JSON string`);
  return JSON.parse(value);
}

export class DynamoJobStore implements JobStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoJobStoreOptions) {
    this.#doc = options.doc;
    this.#table = options.tableName;
  }

  async acquire(jobId: string, input: AcquireInput): Promise<AcquireResult> {
    const Key = leaseKey(jobId);
    const until = input.now + input.leaseMs;
    try {
      const result = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key,
          UpdateExpression: "SET runId = :run, #token = :token, leaseUntil = :until",
          ConditionExpression: "attribute_not_exists(leaseUntil) OR leaseUntil <= :now",
          ExpressionAttributeNames: { "#token": "token" },
          ExpressionAttributeValues: {
            ":run": input.runId,
            ":token": input.token,
            ":until": until,
            ":now": input.now,
          },
          ReturnValues: "ALL_NEW",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      const lease: JobLease = { jobId, runId: input.runId, token: input.token, until };
      const checkpoint = result.Attributes?.checkpoint;
      return checkpoint === undefined
        ? { acquired: true, lease }
        : { acquired: true, lease, checkpoint: parseJson(Key.pk, "checkpoint", checkpoint) };
    } catch (error) {
      if (!isConditionFailure(error)) throw storeError(`lease of job ${jobId}`, error);
      const raw = (error as { Item?: Record<string, AttributeValue> }).Item;
      const item = raw === undefined ? {} : unmarshall(raw);
      return { acquired: false, heldBy: String(item.runId ?? "?"), until: Number(item.leaseUntil ?? 0) };
    }
  }

  async saveCheckpoint(lease: JobLease, checkpoint: unknown, until: number): Promise<void> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: leaseKey(lease.jobId),
          UpdateExpression: "SET checkpoint = :checkpoint, leaseUntil = :until",
          ConditionExpression: "#token = :token",
          ExpressionAttributeNames: { "#token": "token" },
          ExpressionAttributeValues: {
            ":checkpoint": JSON.stringify(checkpoint),
            ":until": until,
            ":token": lease.token,
          },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new JobLeaseLostError(lease.jobId);
      throw storeError(`checkpoint of job ${lease.jobId}`, error);
    }
  }

  async finish(lease: JobLease, record: JobRunRecord, options: { keepCheckpoint: boolean }): Promise<void> {
    const release = options.keepCheckpoint
      ? "REMOVE runId, #token, leaseUntil"
      : "REMOVE runId, #token, leaseUntil, checkpoint";
    try {
      await this.#doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#table,
                Key: leaseKey(lease.jobId),
                UpdateExpression: release,
                ConditionExpression: "#token = :token",
                ExpressionAttributeNames: { "#token": "token" },
                ExpressionAttributeValues: { ":token": lease.token },
              },
            },
            { Put: { TableName: this.#table, Item: this.#runItem(record) } },
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new JobLeaseLostError(lease.jobId);
      throw storeError(`finish of job ${lease.jobId}`, error);
    }
  }

  #runItem(record: JobRunRecord) {
    return {
      pk: jobPk(record.jobId),
      sk: runSk(record),
      record: JSON.stringify(record),
      expiresAt: record.expiresAt,
    };
  }

  putRun(record: JobRunRecord): Promise<void> {
    return storeCall(`run record of job ${record.jobId}`, async () => {
      await this.#doc.send(new PutCommand({ TableName: this.#table, Item: this.#runItem(record) }));
    });
  }

  async listRuns(jobId: string, query: { limit?: number; cursor?: string } = {}): Promise<RunPage> {
    const start = decodeCursor(query.cursor);
    if (start !== undefined && start.pk !== jobPk(jobId)) throw new InvalidCursorError(query.cursor ?? "");
    const result = await storeCall(`run records of job ${jobId}`, () =>
      this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :runs)",
          ExpressionAttributeValues: { ":pk": jobPk(jobId), ":runs": "RUN#" },
          ScanIndexForward: false,
          Limit: query.limit ?? 20,
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      ),
    );
    const items = (result.Items ?? []).map(
      (item) => parseJson(String(item.pk), "record", item.record) as JobRunRecord,
    );
    const cursor = encodeCursor(result.LastEvaluatedKey);
    return cursor === undefined ? { items } : { items, cursor };
  }

  async getState(jobId: string, name: string): Promise<unknown> {
    const Key = stateKey(jobId, name);
    const result = await storeCall(`state ${name} of job ${jobId}`, () =>
      this.#doc.send(new GetCommand({ TableName: this.#table, Key, ConsistentRead: true })),
    );
    return result.Item === undefined ? undefined : parseJson(Key.pk, "value", result.Item.value);
  }

  putState(jobId: string, name: string, value: unknown): Promise<void> {
    return storeCall(`state ${name} of job ${jobId}`, async () => {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...stateKey(jobId, name), value: JSON.stringify(value) },
        }),
      );
    });
  }
}
