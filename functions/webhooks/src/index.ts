export type { Answer, ErrorBody } from "./answers.ts";
export { type AppOptions, createApp, DEFAULT_BUDGET_MS } from "./app.ts";
export { startWebhooksServer, type WebhooksServer, type WebhooksServerOptions } from "./server.ts";
