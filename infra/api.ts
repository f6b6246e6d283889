// The HTTP API: every route goes to ONE function (the Hono app routes internally), so a single warm container
// serves hooks, handshakes, health and the operator API.
import { deployConfig } from "./deploy.ts";
import { apiDomain, basePathEnvironment, dnsByHand, domainBaseUrl } from "./domain.ts";
import { lambdaDefaults, ledgerAccess, secretAccess } from "./function.ts";
import { adminApiKey, connectionSecretArns, signingSecretArns } from "./secrets.ts";

export const webhooks = new sst.aws.Function("Webhooks", {
  ...lambdaDefaults,
  handler: "functions/webhooks/src/lambda.handler",
  environment: { ...lambdaDefaults.environment, ...basePathEnvironment },
  description: "salesmania-hooks: /hooks/{hookId}, /health, /admin/*, /api/v1/*, /console",
  // Below API Gateway's 30 s integration limit, so the app's own time budget answers first.
  timeout: "25 seconds",
  // The operator API lists events by status and by hook.
  permissions: [
    ...ledgerAccess(["byStatus", "byHook"]),
    ...secretAccess([...connectionSecretArns, ...signingSecretArns]),
  ],
  // A linked sst.Secret carries its value in the function's resource file and grants no IAM access.
  link: [adminApiKey],
});

/**
 * Requests per second the whole API accepts before API Gateway answers 429 itself (every sender here retries a
 * 429), so a flood — a misfiring zap, a replayed backlog — is paced instead of turning into Lambda, DynamoDB and
 * SalesMania load. Set SMX_API_RATE_LIMIT / SMX_API_BURST_LIMIT at deploy time for higher volumes.
 */
const throttle = {
  throttlingRateLimit: Number(process.env.SMX_API_RATE_LIMIT || 50),
  throttlingBurstLimit: Number(process.env.SMX_API_BURST_LIMIT || 100),
};

export const api = new sst.aws.ApiGatewayV2("Api", {
  ...(apiDomain === undefined ? {} : { domain: apiDomain }),
  transform: {
    stage: (args) => {
      args.defaultRouteSettings = throttle;
    },
  },
});

for (const route of [
  "POST /hooks/{hookId}",
  // Handshakes: some senders verify the URL with a GET before posting.
  "GET /hooks/{hookId}",
  "GET /health",
  "ANY /admin/{proxy+}",
  // The actions API (Zapier app, Make, scripts): its own keys, checked by the app.
  "ANY /api/v1/{proxy+}",
  // The operator console (docs/console.md): pages, forms and its stylesheet.
  "GET /console",
  "ANY /console/{proxy+}",
]) {
  api.route(route, webhooks.arn);
}

/** The API's base URL: the custom domain (with its base path) when the stage has one. */
export const apiUrl = domainBaseUrl ?? api.url;

/** Each hook's URL, on the custom domain when the stage has one. */
export const hookUrls = Object.fromEntries(
  deployConfig.config.hooks.map((hook) => [hook.id, $interpolate`${apiUrl}/hooks/${hook.id}`]),
);

/** For a domain at another DNS provider: the name its CNAME record points at. */
export const domainTarget = dnsByHand
  ? api.nodes.domainName.domainNameConfiguration.targetDomainName
  : undefined;
