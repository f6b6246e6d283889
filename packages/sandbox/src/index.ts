export { demoSeed } from "./demo-seed.ts";
export type { FaultMark, SandboxEnv } from "./env.ts";
export {
  ApiError,
  FaultRuleError,
  SandboxSeedError,
  SandboxUsageError,
  SimulatedConnectionDrop,
  StateFileError,
  ValidationFailedError,
} from "./errors.ts";
export type { ActiveFaultRule, FaultRule } from "./faults.ts";
export type { JournalEntry } from "./journal.ts";
export { createSandbox } from "./sandbox.ts";
export { type StartedSandbox, startSandbox } from "./server.ts";
export type {
  CustomerFields,
  CustomerRecord,
  DatabaseRecord,
  OrderRecord,
  ProductFields,
  ProductRecord,
  Sandbox,
  SandboxOptions,
  SandboxSeed,
  SandboxState,
  SeedUser,
  Team,
  UserView,
  VisitRecord,
} from "./types.ts";
