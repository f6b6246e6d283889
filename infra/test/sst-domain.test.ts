// The optional custom domain per stage (smx.deploy.json): what sst.config.ts asks SST for, and the URLs it
// prints for senders — on the domain when the stage has one, on the execute-api address otherwise.
import { afterEach, describe, expect, it, vi } from "vitest";
import { DOMAIN_TARGET, deploy, every, only } from "./support/sst-fakes.ts";

const HOOKS = ["zapier-visits", "make-orders", "typeform-visits"];
const CERTIFICATE =
  "arn:aws:acm:ap-southeast-3:123456789012:certificate/0e8a6d2c-3b1f-4c5e-9a7d-2f4b6c8e1a3d";

const route53 = (domain: Record<string, unknown> = {}) => ({
  stages: { prod: { domain: { name: "hooks.example.co.id", dns: "route53", ...domain } } },
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe("without a custom domain", () => {
  it("serves and prints the hooks on the execute-api address", async () => {
    const { created, outputs } = await deploy("prod");
    expect(only(created, "sst.aws.ApiGatewayV2").args).not.toHaveProperty("domain");
    expect(every(created, "sst.aws.dns")).toEqual([]);
    expect(outputs.apiUrl).toBe("https://Api.execute-api.test");
    expect(outputs.executeApiUrl).toBe("https://Api.execute-api.test");
    expect(outputs.hookUrls).toEqual(
      Object.fromEntries(HOOKS.map((id) => [id, `https://Api.execute-api.test/hooks/${id}`])),
    );
    expect(outputs).not.toHaveProperty("domainTarget");
  });

  it("leaves a stage the settings file does not name on execute-api", async () => {
    const { created, outputs } = await deploy("dev", { settings: route53() });
    expect(only(created, "sst.aws.ApiGatewayV2").args).not.toHaveProperty("domain");
    expect(outputs.apiUrl).toBe("https://Api.execute-api.test");
  });
});

describe("a domain in Route 53", () => {
  it("lets SST validate the certificate and create the records in the given zone, at the domain's root", async () => {
    const { created, outputs } = await deploy("prod", {
      settings: route53({ hostedZoneId: "Z0123456789ABC" }),
    });
    expect(only(created, "sst.aws.dns").args).toEqual({ zone: "Z0123456789ABC" });
    expect(only(created, "sst.aws.ApiGatewayV2").args.domain).toEqual({
      name: "hooks.example.co.id",
      dns: { provider: "aws", zone: "Z0123456789ABC" },
    });
    expect(outputs.apiUrl).toBe("https://hooks.example.co.id");
    expect(outputs.hookUrls).toEqual(
      Object.fromEntries(HOOKS.map((id) => [id, `https://hooks.example.co.id/hooks/${id}`])),
    );
    // The execute-api address keeps working while senders move (docs/deploy.md#a-custom-domain).
    expect(outputs.executeApiUrl).toBe("https://Api.execute-api.test");
    expect(outputs).not.toHaveProperty("domainTarget");
  });

  it("lets SST find the zone by name when no zone id is given", async () => {
    const { created } = await deploy("prod", { settings: route53() });
    expect(only(created, "sst.aws.dns").args).toEqual({});
  });
});

describe("a domain with a base path", () => {
  it("maps the API under it, prints URLs with it, and tells the webhooks function to strip it", async () => {
    const { created, outputs } = await deploy("prod", { settings: route53({ basePath: "hooks-v1" }) });
    expect(only(created, "sst.aws.ApiGatewayV2").args.domain).toEqual({
      name: "hooks.example.co.id",
      dns: { provider: "aws" },
      path: "hooks-v1",
    });
    // No double slash from SST's trailing one.
    expect(outputs.apiUrl).toBe("https://hooks.example.co.id/hooks-v1");
    expect(outputs.hookUrls).toEqual(
      Object.fromEntries(HOOKS.map((id) => [id, `https://hooks.example.co.id/hooks-v1/hooks/${id}`])),
    );
    const functions = every(created, "sst.aws.Function");
    const webhooks = functions.find((fn) => fn.name === "Webhooks");
    expect(webhooks?.args.environment).toMatchObject({ SMX_BASE_PATH: "hooks-v1", SMX_SECRETS: "aws" });
    for (const other of functions.filter((fn) => fn.name !== "Webhooks"))
      expect(other.args.environment, other.name).not.toHaveProperty("SMX_BASE_PATH");
  });

  it("sets no base path variable on a domain served at its root", async () => {
    const { created } = await deploy("prod", { settings: route53() });
    const webhooks = every(created, "sst.aws.Function").find((fn) => fn.name === "Webhooks");
    expect(webhooks?.args.environment).not.toHaveProperty("SMX_BASE_PATH");
  });
});

describe("a domain at another DNS provider", () => {
  it("uses the operator's issued certificate, creates no records and prints the CNAME target", async () => {
    const settings = {
      stages: {
        prod: { domain: { name: "hooks.example.co.id", dns: "external", certificateArn: CERTIFICATE } },
      },
    };
    const { created, outputs } = await deploy("prod", { settings });
    expect(every(created, "sst.aws.dns")).toEqual([]);
    expect(only(created, "sst.aws.ApiGatewayV2").args.domain).toEqual({
      name: "hooks.example.co.id",
      dns: false,
      cert: CERTIFICATE,
    });
    expect(outputs.apiUrl).toBe("https://hooks.example.co.id");
    expect(outputs.domainTarget).toBe(DOMAIN_TARGET);
    expect((outputs.hookUrls as Record<string, string>)["typeform-visits"]).toBe(
      "https://hooks.example.co.id/hooks/typeform-visits",
    );
  });
});
