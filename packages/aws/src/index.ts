// @smx/aws: AWS adapters for the core's ports. Test helpers are in "@smx/aws/testing".

export * from "./api-keys/dynamo-api-key-store.ts";
export * from "./cache.ts";
export * from "./deadlines.ts";
export * from "./directory/dynamo-directory.ts";
export * from "./dynamo/clients.ts";
export * from "./dynamo/store-errors.ts";
export * from "./dynamo/table.ts";
export * from "./errors.ts";
export * from "./jobs/dynamo-job-store.ts";
export * from "./ledger/dynamo-ledger.ts";
export * from "./observability/logger.ts";
export * from "./observability/metrics.ts";
export * from "./observability/redact.ts";
export * from "./rate-limit/dynamo-rate-limit-store.ts";
export * from "./secrets/local.ts";
export * from "./secrets/local-versions.ts";
export * from "./secrets/secrets-manager.ts";
export * from "./secrets/versioned-secrets-manager.ts";
