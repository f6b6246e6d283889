// The Hono environment of the webhooks app. On Lambda, `hono/aws-lambda` puts the event and context in
// `c.env`; under Node or `app.request()` they are absent, so every use tolerates that.
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";

export interface AppEnv {
  Bindings: { event?: LambdaEvent; lambdaContext?: LambdaContext };
  Variables: { requestId: string };
}
