// Deploys sst.config.ts must refuse, before it declares any resource: a production stage pointed at a local,
// private or plain-HTTP endpoint (what a copied example does), a configuration the app itself would refuse,
// and deploy settings that do not fit the configuration.
import { afterEach, describe, expect, it, vi } from "vitest";
import { DeployConfigError } from "../deploy-error.ts";
import { readDeployInputs } from "../deploy-guards.ts";
import { deploy, ROOT, refusedDeploy, testConfig, testConfigFile } from "./support/sst-fakes.ts";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

const withConnection = (baseUrl: string) =>
  testConfigFile({
    connections: [{ id: "demo", secret: "salesmania-demo", baseUrl }, testConfig().connections[1]],
  });

async function refusal(stage: string, options: Parameters<typeof refusedDeploy>[1]) {
  const { error, created } = await refusedDeploy(stage, options);
  // A class of the fresh module graph the deploy loaded, so compared by name.
  expect(error.name).toBe(DeployConfigError.name);
  // Refused before anything was declared: nothing to roll back.
  expect(created).toEqual([]);
  return error.message;
}

describe("production endpoints", () => {
  it("refuses the shipped example on prod: its SalesMania is http://localhost", async () => {
    const message = await refusal("prod", { config: `${ROOT}examples/smx.config.json` });
    expect(message).toBe(
      'stage "prod" (production): examples/smx.config.json: connections[0].baseUrl: http://localhost:3001 points at a local-only host name',
    );
  });

  it.each([
    ["http://api.salesmania.id", "http://api.salesmania.id is HTTP, expected HTTPS"],
    [
      "https://192.168.1.20:3001",
      "https://192.168.1.20:3001 points at a loopback, private or link-local address",
    ],
    ["https://[::1]", "https://[::1] points at a loopback, private or link-local address"],
    ["https://salesmania-sandbox", "https://salesmania-sandbox points at a single-label host name"],
  ])("refuses a connection at %s on prod and prod-*", async (baseUrl, problem) => {
    for (const stage of ["prod", "prod-eu"]) {
      const message = await refusal(stage, { config: withConnection(baseUrl) });
      expect(message).toContain(`stage "${stage}" (production): `);
      expect(message).toContain(`connections[0].baseUrl: ${problem}`);
    }
  });

  it("refuses a form redirect to a local page on prod, and lists every problem at once", async () => {
    const form = {
      ...(testConfig().hooks[0] as object),
      id: "web-form",
      source: "html-form",
      auth: { scheme: "url-token", secrets: ["web-form-token"] },
      redirect: { success: "http://127.0.0.1:8080/thanks", failure: "http://shop.example.com/sorry" },
    };
    const config = testConfigFile({
      connections: [{ id: "demo", secret: "salesmania-demo", baseUrl: "http://localhost:3001" }],
      hooks: [form],
    });
    const message = await refusal("prod", { config });
    expect(message).toMatch(/^stage "prod" \(production\): 2 problems\n/);
    expect(message).toContain(
      "connections[0].baseUrl: http://localhost:3001 points at a local-only host name",
    );
    // A browser follows the redirect: plain HTTP is the site's choice, a local page never right.
    expect(message).toContain(
      "hooks[0].redirect.success: http://127.0.0.1:8080/thanks points at a loopback, private or link-local address",
    );
    expect(message).not.toContain("redirect.failure");
  });

  it("lets a non-production stage use a local or plain-HTTP endpoint (a developer's sandbox)", async () => {
    const { created } = await deploy("dev", { config: `${ROOT}examples/smx.config.json` });
    expect(created.length).toBeGreaterThan(0);
  });
});

describe("configuration the app refuses", () => {
  it("refuses it on every stage, with every problem by key path", async () => {
    const hooks = testConfig().hooks as Record<string, unknown>[];
    const config = testConfigFile({
      hooks: [
        { ...hooks[0], action: "CreateVisits" },
        { ...hooks[1], lines: undefined },
      ],
    });
    for (const stage of ["prod", "dev"]) {
      const message = await refusal(stage, { config });
      expect(message).toMatch(/smx\.config\.json: 2 problems\n/);
      expect(message).toContain("  - hooks[0].action: ");
      expect(message).toContain("  - hooks[1].lines: CreateOrder hooks need lines");
    }
  });
});

describe("deploy settings", () => {
  it.each([
    [
      "a silent-hook alarm on a hook the configuration lacks",
      { stages: { prod: { alarms: { silentHooks: { "zapier-visit": 24 } } } } },
      "alarms.silentHooks.zapier-visit: no such hook in",
    ],
    [
      "a base path of more than one segment",
      { stages: { prod: { domain: { name: "hooks.example.co.id", dns: "route53", basePath: "smx/v1" } } } },
      'stages.prod.domain.basePath: one path segment of letters, digits, ".", "_" or "-" (no slashes)',
    ],
    [
      "one domain for two stages",
      {
        stages: {
          prod: { domain: { name: "hooks.example.co.id", dns: "route53" } },
          staging: { domain: { name: "hooks.example.co.id", dns: "route53" } },
        },
      },
      'stages.staging.domain.name: "hooks.example.co.id" is already the domain of stage "prod"',
    ],
    [
      "a domain at another provider without a certificate",
      { stages: { prod: { domain: { name: "hooks.example.co.id", dns: "external" } } } },
      "stages.prod.domain.certificateArn: ",
    ],
    [
      "a domain that is not a DNS name",
      { stages: { prod: { domain: { name: "https://hooks.example.co.id", dns: "route53" } } } },
      "stages.prod.domain.name: a lower-case DNS name such as hooks.example.co.id",
    ],
    [
      "a threshold below one and an unknown key",
      { stages: { prod: { alarms: { api5xx: 0, api500: 3 } } } },
      "stages.prod.alarms.api5xx: ",
    ],
    [
      "a silent window longer than an alarm can look back (7 days)",
      { stages: { prod: { alarms: { silentHooks: { "zapier-visits": 169 } } } } },
      "stages.prod.alarms.silentHooks.zapier-visits: ",
    ],
  ])("refuses %s", async (_, settings, problem) => {
    expect(await refusal("prod", { settings })).toContain(problem);
  });

  it("refuses a silent-hook alarm on a disabled hook, which is silent on purpose", async () => {
    const hooks = testConfig().hooks as Record<string, unknown>[];
    const config = testConfigFile({ hooks: [{ ...hooks[0], disabled: true }, hooks[1], hooks[2]] });
    const settings = { stages: { dev: { alarms: { silentHooks: { "zapier-visits": 24 } } } } };
    expect(await refusal("dev", { config, settings })).toContain(
      "alarms.silentHooks.zapier-visits: the hook is disabled, so it is silent on purpose",
    );
  });

  it("refuses a SMX_DEPLOY_SETTINGS that names no file", async () => {
    expect(await refusal("prod", { env: { SMX_DEPLOY_SETTINGS: "nope.json" } })).toBe(
      'SMX_DEPLOY_SETTINGS: expected a readable file, got "nope.json" which does not exist',
    );
  });
});

describe("the shipped examples", () => {
  it("examples/smx.deploy.json is valid and its silent hooks are hooks of examples/smx.config.json", () => {
    const env = {
      SMX_CONFIG: "examples/smx.config.json",
      SMX_DEPLOY_SETTINGS: "examples/smx.deploy.json",
    };
    for (const stage of ["prod", "staging"]) {
      // Not as production: the example's SalesMania is the local sandbox.
      const { settings } = readDeployInputs(ROOT, env, { stage, production: false });
      expect(settings.path).toBe("examples/smx.deploy.json");
      expect(settings.stage.domain?.name).toMatch(/\.example\.co\.id$/);
    }
  });
});
