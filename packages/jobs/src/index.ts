export * from "./catalog.ts";
export * from "./config.ts";
export * from "./directory-sync-job.ts";
export * from "./feed-job.ts";
export * from "./plan-job.ts";
export * from "./redrive-job.ts";
export * from "./schedule.ts";
export * from "./visits.ts";
