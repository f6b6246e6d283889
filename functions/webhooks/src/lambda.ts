// The Lambda entry point (API Gateway HTTP API, payload 2.0). The runtime and the app are built once per
// container, at module load; `hono/aws-lambda` decodes base64 bodies before the app sees them.
import { reportSecretProblems, sharedRuntime } from "@smx/runtime";
import { handle } from "hono/aws-lambda";
import { Resource } from "sst";
import { adminApiKeyFrom } from "./admin-key-source.ts";
import { createApp } from "./app.ts";
import { basePathFrom } from "./base-path.ts";

const runtime = sharedRuntime();
// A cold start resolves every secret ref and logs each unusable one clearly; that hook answers 503 alone.
await reportSecretProblems(runtime);
const adminApiKey = adminApiKeyFrom(process.env, Resource);
const basePath = basePathFrom(process.env);

export const app = createApp(runtime, {
  budgetMs: runtime.env.SMX_INLINE_BUDGET_MS,
  ...(adminApiKey === undefined ? {} : { adminApiKey }),
  ...(basePath === undefined ? {} : { basePath }),
});

export const handler = handle(app);
