// The stage's optional custom domain (smx.deploy.json): senders get URLs on it that survive a rebuilt API,
// where the execute-api address changes with the API's id. Route 53 zones are handled end to end by SST (an
// ACM certificate validated by DNS records in the zone, then alias records); any other DNS provider brings an
// issued ACM certificate and adds one CNAME to the target the deploy prints (docs/deploy.md#a-custom-domain).
// With a base path the API is mapped under it (one domain shared with other APIs); API Gateway keeps the base
// path in the request's path, so the webhooks function is told to strip it (SMX_BASE_PATH).
import { BASE_PATH_VARIABLE } from "@smx/sources";
import { deploySettings } from "./deploy.ts";

const domain = deploySettings.stage.domain;

function apiGatewayDomain() {
  if (domain === undefined) return undefined;
  const path = domain.basePath === undefined ? {} : { path: domain.basePath };
  if (domain.dns === "route53")
    return {
      name: domain.name,
      dns: sst.aws.dns(domain.hostedZoneId === undefined ? {} : { zone: domain.hostedZoneId }),
      ...path,
    };
  return { name: domain.name, dns: false as const, cert: domain.certificateArn, ...path };
}

/** `sst.aws.ApiGatewayV2`'s `domain` argument, or nothing when the stage has no custom domain. */
export const apiDomain = apiGatewayDomain();

/**
 * The base URL senders get, without a trailing slash (SST's `url` ends in one when there is a base path), or
 * nothing without a custom domain (then it is the execute-api address).
 */
export const domainBaseUrl =
  domain === undefined
    ? undefined
    : `https://${domain.name}${domain.basePath === undefined ? "" : `/${domain.basePath}`}`;

/** The webhooks function's environment for the base path, if any. */
export const basePathEnvironment: Record<string, string> =
  domain?.basePath === undefined ? {} : { [BASE_PATH_VARIABLE]: domain.basePath };

/** Whether the operator adds the DNS record by hand (then the deploy prints its target). */
export const dnsByHand = domain?.dns === "external";
