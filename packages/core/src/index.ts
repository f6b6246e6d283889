export * from "./commands.ts";
export * from "./ledger.ts";
export * from "./ports.ts";
