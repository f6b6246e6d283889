// Runs sst.config.ts against recording fakes of the SST/Pulumi globals (no AWS, no Pulumi engine): each fake
// records its kind, name, arguments and options, and exposes outputs shaped like the real component's (the
// API's `url` is its custom domain when one is set, as SST documents). Tests then read what a deploy of a
// stage would create.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, vi } from "vitest";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
// A computed specifier: the root tsconfig must not follow it into SST's generated platform types.
const SST_CONFIG = join(ROOT, "sst.config.ts");

export type Args = Record<string, unknown>;
export interface Created {
  kind: string;
  name: string;
  args: Args;
  opts: Args;
}
export interface Route {
  route: string;
  handler: unknown;
}
interface AppConfig {
  name: string;
  home: string;
  removal: string;
  protect: boolean;
}
interface SstConfig {
  app(input: { stage: string }): AppConfig;
  run(): Promise<Record<string, unknown>>;
}

const ACCOUNT = "123456789012";
export const REGION = "ap-southeast-3";
export const tableArn = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
export const secretArn = (name: string) =>
  `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;
export const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
export const topicArn = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;
export const EXTERNAL_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:shared/erp-Zz9Yy8`;
/** The name API Gateway gives a regional custom domain's target (what a CNAME points at). */
export const DOMAIN_TARGET = `d-abc123.execute-api.${REGION}.amazonaws.com`;

let created: Created[] = [];
let routes: Route[] = [];

/** A fake component class: records its arguments and exposes deterministic outputs. */
function fake(kind: string, outputs: (name: string, args: Args) => Args = () => ({})) {
  return class {
    constructor(name: string, args: Args = {}, opts: Args = {}) {
      created.push({ kind, name, args, opts });
      Object.assign(this, outputs(name, args));
    }
  };
}

function apiOutputs(name: string, args: Args): Args {
  const endpoint = `https://${name}.execute-api.test`;
  const domain = args.domain as { name: string; path?: string } | undefined;
  // As SST has it: with a base path (an API mapping key) its `url` ends in a slash.
  const domainUrl =
    domain?.path === undefined ? `https://${domain?.name}` : `https://${domain.name}/${domain.path}/`;
  return {
    url: domain === undefined ? endpoint : domainUrl,
    nodes: {
      api: { id: `api-${name}`, apiEndpoint: endpoint },
      ...(domain === undefined
        ? {}
        : { domainName: { domainNameConfiguration: { targetDomainName: DOMAIN_TARGET } } }),
    },
  };
}

class FakeApi extends fake("sst.aws.ApiGatewayV2", apiOutputs) {
  route(route: string, handler: unknown) {
    routes.push({ route, handler });
  }
}

function stubGlobals() {
  vi.stubGlobal("$config", (config: SstConfig) => config);
  vi.stubGlobal("$interpolate", (strings: TemplateStringsArray, ...values: unknown[]) =>
    strings.reduce(
      (text, part, index) => text + part + (index < values.length ? String(values[index]) : ""),
      "",
    ),
  );
  vi.stubGlobal("$jsonStringify", (value: unknown) => JSON.stringify(value));
  vi.stubGlobal("sst", {
    Secret: fake("sst.Secret", (name) => ({ name, value: `value-of-${name}` })),
    aws: {
      Dynamo: fake("sst.aws.Dynamo", (name) => ({ name: `table-${name}`, arn: tableArn(`table-${name}`) })),
      Function: fake("sst.aws.Function", (name) => ({ arn: functionArn(name), name: `fn-${name}` })),
      ApiGatewayV2: FakeApi,
      Cron: fake("sst.aws.Cron", (name) => ({ nodes: { function: { name: `fn-${name}Handler` } } })),
      CronV2: fake("sst.aws.CronV2", (name) => ({ nodes: { function: { name: `fn-${name}Handler` } } })),
      dns: (args: Args = {}) => {
        created.push({ kind: "sst.aws.dns", name: "dns", args, opts: {} });
        return { provider: "aws", zone: args.zone };
      },
    },
  });
  vi.stubGlobal("aws", {
    getRegionOutput: () => ({ region: REGION }),
    secretsmanager: {
      Secret: fake("aws.secretsmanager.Secret", (_, args) => ({ arn: secretArn(String(args.name)) })),
      SecretRotation: fake("aws.secretsmanager.SecretRotation"),
    },
    lambda: { Permission: fake("aws.lambda.Permission") },
    sns: {
      Topic: fake("aws.sns.Topic", (_, args) => ({ arn: topicArn(String(args.name)) })),
      TopicSubscription: fake("aws.sns.TopicSubscription"),
    },
    cloudwatch: {
      MetricAlarm: fake("aws.cloudwatch.MetricAlarm", (_, args) => ({
        arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${args.name}`,
      })),
      Dashboard: fake("aws.cloudwatch.Dashboard"),
    },
  });
}

/** sst.config.ts itself (or a bundle of it), with the globals it needs at load time. */
export async function loadSstConfig(program = SST_CONFIG): Promise<SstConfig> {
  stubGlobals();
  const module = (await import(/* @vite-ignore */ program)) as { default: SstConfig };
  return module.default;
}

export interface DeployOptions {
  /** The hooks configuration file (SMX_CONFIG); default: the valid test configuration. */
  config?: string;
  /** The deploy settings (written to a file named by SMX_DEPLOY_SETTINGS); default: none. */
  settings?: unknown;
  env?: Record<string, string>;
  /** The program to run instead of sst.config.ts (a bundle of it). */
  program?: string;
}

/** Evaluates the app for a stage the way `sst deploy --stage <stage>` would, with fresh infra modules. */
export async function deploy(stage: string, options: DeployOptions = {}) {
  vi.resetModules();
  created = [];
  routes = [];
  const env: Record<string, string> = {
    SMX_CONFIG: options.config ?? testConfigFile(),
    SMX_DEPLOY_SETTINGS: options.settings === undefined ? "" : writeJson("smx.deploy.json", options.settings),
    SMX_ALARM_EMAIL: "",
    ...options.env,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const config = await loadSstConfig(options.program);
  const app = config.app({ stage });
  vi.stubGlobal("$app", { name: app.name, stage, removal: app.removal, protect: app.protect, providers: {} });
  const outputs = await config.run();
  return { app, outputs, created, routes };
}

/** A deploy that must be refused: its error, and what it had declared before refusing (nothing, if guarded). */
export async function refusedDeploy(stage: string, options: DeployOptions = {}) {
  try {
    await deploy(stage, options);
  } catch (error) {
    return { error: error as Error, created };
  }
  throw new Error(`expected the deploy of stage "${stage}" to be refused`);
}

export function only(list: Created[], kind: string): Created {
  const matches = list.filter((entry) => entry.kind === kind);
  expect(matches, `exactly one ${kind}`).toHaveLength(1);
  return matches[0]!;
}

export function every(list: Created[], kind: string): Created[] {
  return list.filter((entry) => entry.kind === kind);
}

/** Writes `content` as JSON to a new temporary directory and returns the file's path. */
export function writeJson(fileName: string, content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "smx-infra-")), fileName);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const example = JSON.parse(readFileSync(join(ROOT, "examples/smx.config.json"), "utf8")) as {
  hooks: { id: string; auth: Args }[];
};

/** A shipped example hook under another id, with these secret refs and any other changes. */
function exampleHook(id: string, secrets: string[], changes: Args = {}) {
  const hook = example.hooks.find((candidate) => candidate.id === id)!;
  return { ...hook, auth: { ...hook.auth, secrets }, ...changes };
}

/**
 * A valid production configuration: two connections (one secret managed elsewhere, by ARN), hooks whose
 * signing refs overlap, one of them signed.
 */
export function testConfig(
  changes: {
    connections?: unknown[];
    hooks?: unknown[];
    feeds?: unknown[];
    plans?: unknown[];
    jobs?: unknown[];
  } = {},
) {
  return {
    connections: [
      { id: "demo", secret: "salesmania-demo" },
      { id: "erp", secret: EXTERNAL_SECRET, baseUrl: "https://erp.salesmania.id" },
    ],
    hooks: [
      exampleHook("zapier-visits", ["zapier-key", "zapier-key-next"]),
      exampleHook("make-orders", ["zapier-key"], { connection: "erp" }),
      exampleHook("typeform-visit-request", ["typeform/signing"], { id: "typeform-visits" }),
    ],
    ...changes,
  };
}

export function testConfigFile(changes: Parameters<typeof testConfig>[0] = {}): string {
  return writeJson("smx.config.json", testConfig(changes));
}

/** The scheduled sections: a feed on `demo`, a plan on `erp`, their jobs and a directory sync. */
export const SCHEDULED_SECTIONS = {
  feeds: [
    {
      id: "sales-calendar",
      connection: "demo",
      urlSecret: "calendar/sales-ics-url",
      match: [{ by: "code", pattern: "[{code}]" }],
    },
  ],
  plans: [
    {
      id: "north",
      connection: "erp",
      teamId: 7,
      customers: [{ customer: { extCustNo: "C-1" }, recurrence: { type: "weekly", days: ["MO"] } }],
    },
  ],
  jobs: [
    { id: "sales-calendar-poll", kind: "feed", feed: "sales-calendar", schedule: "*/15 * * * *" },
    {
      id: "north-plan",
      kind: "plan",
      plan: "north",
      schedule: "0 18 * * MON-FRI",
      timeZone: "Asia/Makassar",
    },
    { id: "demo-sync", kind: "directory-sync", connection: "demo", schedule: "30 2 * * *", disabled: true },
  ],
};
