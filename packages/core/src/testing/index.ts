// Test helpers (not part of the runtime surface): in-memory stores on the core's own rules, the contract
// suites every store implementation must pass, and the inputs they use.
export { InMemoryRateLimitStore } from "../rate-schedule.ts";
export * from "./api-key-store-contract.ts";
export * from "./directory-contract.ts";
export * from "./job-store-contract.ts";
export * from "./ledger-contract.ts";
export * from "./ledger-fixtures.ts";
export * from "./memory-api-keys.ts";
export * from "./memory-directory.ts";
export * from "./memory-job-store.ts";
export * from "./memory-ledger.ts";
export * from "./pipeline-harness.ts";
export * from "./rate-limit-store-contract.ts";
export * from "./recording.ts";
