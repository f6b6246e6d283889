// The context object Lambda passes with each event: hono reads the remaining time from it (the inline
// budget), Powertools registers it for its in-progress expiry. Shared by the tests and `pnpm bench`.
import type { LambdaContext } from "hono/aws-lambda";

export function lambdaContext(remainingMs = 29_000): LambdaContext {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "smx-webhooks-test",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:ap-southeast-1:123456789012:function:smx-webhooks-test",
    memoryLimitInMB: "512",
    awsRequestId: `aws-req-${Math.random().toString(36).slice(2)}`,
    logGroupName: "/aws/lambda/smx-webhooks-test",
    logStreamName: "test",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
