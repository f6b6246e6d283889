export { SalesmaniaClient, type SalesmaniaClientOptions } from "./client.ts";
export { DEFAULT_TIME_ZONE, isoDateInZone } from "./dates.ts";
export { applyDiscount, parseDiscount } from "./discount.ts";
export * from "./errors.ts";
export { normalizeIndonesianPhone } from "./phone.ts";
export type { CallOptions, Collection, VisitQueryParams } from "./resources.ts";
export * from "./schemas.ts";
export type { SalesmaniaAuth } from "./tokens.ts";
export type { RequestGate, RequestInfo, RetryOptions } from "./transport.ts";
