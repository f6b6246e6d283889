// The actions API's Hono environment: the app's, plus the key that authenticated the request.
import type { ApiKeyRecord } from "@smx/core";
import type { AppEnv } from "../env.ts";

export interface ApiEnv {
  Bindings: AppEnv["Bindings"];
  Variables: AppEnv["Variables"] & { apiKey: ApiKeyRecord };
}
