/* Hand-written to match what `sst deploy` generates here (it overwrites this file with the same shape). */
/* Types `Resource` from "sst" for the resources of sst.config.ts; the functions link only AdminApiKey. */
import "sst";

declare module "sst" {
  export interface Resource {
    AdminApiKey: { type: "sst.sst.Secret"; value: string };
    Api: { type: "sst.aws.ApiGatewayV2"; url: string };
    Ledger: { type: "sst.aws.Dynamo"; name: string };
    Webhooks: { type: "sst.aws.Function"; name: string };
  }
}
export {};
