// The stage's optional custom domain (smx.deploy.json): senders get URLs on it that survive a rebuilt API,
// where the execute-api address changes with the API's id. Route 53 zones are handled end to end by SST (an
// ACM certificate validated by DNS records in the zone, then alias records); any other DNS provider brings an
// issued ACM certificate and adds one CNAME to the target the deploy prints (docs/deploy.md#a-custom-domain).
// The API is mapped at the domain's root: the function's routes start at /hooks.
import { deploySettings } from "./deploy.ts";

const domain = deploySettings.stage.domain;

function apiGatewayDomain() {
  if (domain === undefined) return undefined;
  if (domain.dns === "route53")
    return {
      name: domain.name,
      dns: sst.aws.dns(domain.hostedZoneId === undefined ? {} : { zone: domain.hostedZoneId }),
    };
  return { name: domain.name, dns: false as const, cert: domain.certificateArn };
}

/** `sst.aws.ApiGatewayV2`'s `domain` argument, or nothing when the stage has no custom domain. */
export const apiDomain = apiGatewayDomain();

/** Whether the operator adds the DNS record by hand (then the deploy prints its target). */
export const dnsByHand = domain?.dns === "external";
