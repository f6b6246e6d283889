// Runs sst.config.ts against recording fakes of the SST/Pulumi globals (no AWS, no Pulumi engine) and checks
// what it would deploy: the table, the routes and their single function, IAM, the jobs, secrets and alarms.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// A computed specifier: the root tsconfig must not follow it into SST's generated platform types.
const SST_CONFIG = join(ROOT, "sst.config.ts");

type Args = Record<string, unknown>;
interface Created {
  kind: string;
  name: string;
  args: Args;
}
interface Route {
  route: string;
  handler: unknown;
}
interface Permission {
  actions: string[];
  resources: unknown[];
}
interface FunctionSpec {
  handler: string;
  runtime: string;
  architecture: string;
  memory: string;
  timeout: string;
  permissions: Permission[];
  link?: unknown[];
  environment: Record<string, unknown>;
  copyFiles: { from: string; to: string }[];
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

let created: Created[] = [];
let routes: Route[] = [];

/** A fake component class: records its arguments and exposes deterministic outputs. */
function fake(kind: string, outputs: (name: string, args: Args) => Args = () => ({})) {
  return class {
    constructor(name: string, args: Args = {}) {
      created.push({ kind, name, args });
      Object.assign(this, outputs(name, args));
    }
  };
}

class FakeApi extends fake("sst.aws.ApiGatewayV2", (name) => ({ url: `https://${name}.execute-api.test` })) {
  route(route: string, handler: unknown) {
    routes.push({ route, handler });
  }
}

const tableArn = (name: string) => `arn:aws:dynamodb:ap-southeast-3:123456789012:table/${name}`;
const secretArn = (name: string) =>
  `arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:${name}-AbCdEf`;
const EXTERNAL_SECRET = "arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:shared/erp-Zz9Yy8";

function stubGlobals() {
  vi.stubGlobal("$config", (config: SstConfig) => config);
  vi.stubGlobal("$interpolate", (strings: TemplateStringsArray, ...values: unknown[]) =>
    strings.reduce(
      (text, part, index) => text + part + (index < values.length ? String(values[index]) : ""),
      "",
    ),
  );
  vi.stubGlobal("sst", {
    Secret: fake("sst.Secret", (name) => ({ name, value: `value-of-${name}` })),
    aws: {
      Dynamo: fake("sst.aws.Dynamo", (name) => ({ name: `table-${name}`, arn: tableArn(`table-${name}`) })),
      Function: fake("sst.aws.Function", (name) => ({
        arn: `arn:aws:lambda:ap-southeast-3:123456789012:function:${name}`,
      })),
      ApiGatewayV2: FakeApi,
      Cron: fake("sst.aws.Cron"),
    },
  });
  vi.stubGlobal("aws", {
    secretsmanager: {
      Secret: fake("aws.secretsmanager.Secret", (_, args) => ({ arn: secretArn(String(args.name)) })),
    },
    sns: {
      Topic: fake("aws.sns.Topic", (name) => ({ arn: `arn:aws:sns:ap-southeast-3:123456789012:${name}` })),
      TopicSubscription: fake("aws.sns.TopicSubscription"),
    },
    cloudwatch: { MetricAlarm: fake("aws.cloudwatch.MetricAlarm") },
  });
}

async function loadConfig(): Promise<SstConfig> {
  const module = (await import(/* @vite-ignore */ SST_CONFIG)) as { default: SstConfig };
  return module.default;
}

/** Evaluates the app for a stage the way `sst deploy --stage <stage>` would, with fresh infra modules. */
async function deploy(stage: string, env: Record<string, string> = {}) {
  vi.resetModules();
  created = [];
  routes = [];
  stubGlobals();
  for (const [name, value] of Object.entries({ SMX_CONFIG: configFile, SMX_ALARM_EMAIL: "", ...env }))
    vi.stubEnv(name, value);
  const config = await loadConfig();
  const app = config.app({ stage });
  vi.stubGlobal("$app", { name: app.name, stage, removal: app.removal, protect: app.protect, providers: {} });
  const outputs = await config.run();
  return { app, outputs, created, routes };
}

function only(list: Created[], kind: string): Created {
  const matches = list.filter((entry) => entry.kind === kind);
  expect(matches, `exactly one ${kind}`).toHaveLength(1);
  return matches[0]!;
}

function seconds(duration: string): number {
  const match = /^(\d+) (second|minute)s?$/.exec(duration);
  if (!match) throw new Error(`duration: expected "<n> seconds|minutes", got "${duration}"`);
  return Number(match[1]) * (match[2] === "minute" ? 60 : 1);
}

/** `functions/webhooks/src/lambda.handler` → the source file SST's esbuild bundles. */
function handlerFile(handler: string): string {
  return resolve(ROOT, `${handler.slice(0, handler.lastIndexOf("."))}.ts`);
}

/**
 * The item calls of the ledger, directory and rate-limit adapters (packages/aws), on the table only; a customer
 * claim is released by a transactional Delete, which needs DeleteItem.
 */
const ITEM_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
];

/** Item access on the table, and Query on exactly these indexes (the adapters never query the table). */
function ledgerStatements(tableArn: string, indexes: string[]): Permission[] {
  return [
    { actions: ITEM_ACTIONS, resources: [tableArn] },
    { actions: ["dynamodb:Query"], resources: indexes.map((index) => `${tableArn}/index/${index}`) },
  ];
}

let configFile: string;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "smx-infra-"));
  configFile = join(dir, "smx.config.json");
  writeFileSync(
    configFile,
    JSON.stringify({
      connections: [
        { id: "demo", secret: "salesmania-demo" },
        { id: "erp", secret: EXTERNAL_SECRET },
      ],
      hooks: [
        { id: "zapier-visits", auth: { scheme: "api-key", secrets: ["zapier-key", "zapier-key-next"] } },
        { id: "make-orders", auth: { scheme: "api-key", secrets: ["zapier-key"] } },
        { id: "typeform-visits", auth: { scheme: "signature", secrets: ["typeform/signing"] } },
      ],
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe("sst.config.ts app()", () => {
  it("retains and protects prod, removes other stages", async () => {
    stubGlobals();
    const config = await loadConfig();
    expect(config.app({ stage: "prod" })).toEqual({
      name: "salesmania-hooks",
      home: "aws",
      removal: "retain",
      protect: true,
    });
    expect(config.app({ stage: "dev" })).toMatchObject({ removal: "remove", protect: false });
    expect(config.app({ stage: "ci" })).toMatchObject({ removal: "remove", protect: false });
  });
});

describe("sst.config.ts run() on prod", () => {
  it("creates the ledger table with exactly the key schema, TTL, on-demand billing and PITR", async () => {
    const { created } = await deploy("prod");
    const ledger = only(created, "sst.aws.Dynamo");
    expect(ledger.name).toBe("Ledger");
    const { transform, ...args } = ledger.args as Args & { transform: { table: Args } };
    expect(args).toEqual({
      fields: {
        pk: "string",
        sk: "string",
        gsi1pk: "string",
        gsi1sk: "string",
        gsi2pk: "string",
        gsi2sk: "string",
      },
      primaryIndex: { hashKey: "pk", rangeKey: "sk" },
      globalIndexes: {
        byStatus: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
        byHook: { hashKey: "gsi2pk", rangeKey: "gsi2sk" },
      },
      ttl: "expiresAt",
      deletionProtection: true,
    });
    expect(transform.table).toEqual({
      billingMode: "PAY_PER_REQUEST",
      pointInTimeRecovery: { enabled: true },
    });
  });

  it("routes every path to one webhooks function built for arm64 Node 22 under the API Gateway limit", async () => {
    const { created, routes } = await deploy("prod");
    const fn = only(created, "sst.aws.Function");
    const spec = fn.args as unknown as FunctionSpec;
    const fnArn = `arn:aws:lambda:ap-southeast-3:123456789012:function:${fn.name}`;
    const api = only(created, "sst.aws.ApiGatewayV2");
    expect(api.name).toBe("Api");
    // The stage is throttled, so a flood is answered 429 by API Gateway before it reaches Lambda.
    const stage: Record<string, unknown> = {};
    (api.args.transform as { stage: (args: Record<string, unknown>) => void }).stage(stage);
    expect(stage.defaultRouteSettings).toEqual({ throttlingRateLimit: 50, throttlingBurstLimit: 100 });
    expect(routes).toEqual([
      { route: "POST /hooks/{hookId}", handler: fnArn },
      { route: "GET /hooks/{hookId}", handler: fnArn },
      { route: "GET /health", handler: fnArn },
      { route: "ANY /admin/{proxy+}", handler: fnArn },
    ]);
    expect(spec.handler).toBe("functions/webhooks/src/lambda.handler");
    expect(existsSync(handlerFile(spec.handler)), handlerFile(spec.handler)).toBe(true);
    expect(spec).toMatchObject({ runtime: "nodejs22.x", architecture: "arm64", memory: "512 MB" });
    expect(seconds(spec.timeout)).toBeLessThan(30);
  });

  it("gives the webhooks function the table, the config file and its service name", async () => {
    const { created } = await deploy("prod");
    const spec = only(created, "sst.aws.Function").args as unknown as FunctionSpec;
    const table = only(created, "sst.aws.Dynamo");
    expect(spec.environment).toMatchObject({
      SMX_TABLE_NAME: `table-${table.name}`,
      SMX_CONFIG: "/var/task/smx.config.json",
      SMX_SECRETS: "aws",
      POWERTOOLS_SERVICE_NAME: "salesmania-hooks",
      SMX_SERVICE_NAME: "salesmania-hooks",
    });
    expect(spec.environment).not.toHaveProperty("SMX_CONFIG_JSON");
    expect(spec.copyFiles).toHaveLength(1);
    expect(resolve(ROOT, spec.copyFiles[0]!.from)).toBe(configFile);
    expect(spec.copyFiles[0]!.to).toBe("smx.config.json");
  });

  it("grants the webhooks function only the ledger actions and reads of its own secrets", async () => {
    const { created } = await deploy("prod");
    const spec = only(created, "sst.aws.Function").args as unknown as FunctionSpec;
    const arn = tableArn(`table-${only(created, "sst.aws.Dynamo").name}`);
    expect(spec.permissions).toEqual([
      // The operator API lists by status and by hook.
      ...ledgerStatements(arn, ["byStatus", "byHook"]),
      {
        actions: ["secretsmanager:GetSecretValue"],
        resources: [
          secretArn("salesmania-demo"),
          EXTERNAL_SECRET,
          secretArn("zapier-key"),
          secretArn("zapier-key-next"),
          secretArn("typeform/signing"),
        ],
      },
    ]);
    for (const statement of spec.permissions) {
      expect(statement.actions.filter((action) => action.includes("*"))).toEqual([]);
      expect(statement.resources).not.toContain("*");
    }
    // The only link is the admin key: an sst.Secret grants no IAM access, unlike linking the table.
    const adminKey = only(created, "sst.Secret");
    expect(adminKey.name).toBe("AdminApiKey");
    expect(spec.link).toEqual([expect.objectContaining({ name: "AdminApiKey" })]);
  });

  it("creates one empty Secrets Manager secret per config ref, kept 30 days after deletion", async () => {
    const { created } = await deploy("prod");
    const secrets = created.filter((entry) => entry.kind === "aws.secretsmanager.Secret");
    expect(secrets.map((secret) => [secret.name, secret.args.name])).toEqual([
      ["SecretSalesmaniaDemo", "salesmania-demo"],
      ["SecretZapierKey", "zapier-key"],
      ["SecretZapierKeyNext", "zapier-key-next"],
      ["SecretTypeformSigning", "typeform/signing"],
    ]);
    for (const secret of secrets) {
      expect(secret.args.recoveryWindowInDays).toBe(30);
      expect(secret.args).not.toHaveProperty("secretString");
    }
  });

  it("schedules the redrive with the connection secrets but not the signing keys", async () => {
    const { created } = await deploy("prod");
    const cron = only(created, "sst.aws.Cron");
    expect(cron.name).toBe("Redrive");
    expect(cron.args.schedule).toBe("rate(1 minute)");
    const job = cron.args.function as FunctionSpec;
    expect(job.handler).toBe("functions/scheduled/src/redrive.handler");
    expect(existsSync(handlerFile(job.handler)), handlerFile(job.handler)).toBe(true);
    expect(job).toMatchObject({ runtime: "nodejs22.x", architecture: "arm64", timeout: "5 minutes" });
    const arn = tableArn(`table-${only(created, "sst.aws.Dynamo").name}`);
    expect(job.permissions).toEqual([
      // The redrive lists due events by status only.
      ...ledgerStatements(arn, ["byStatus"]),
      {
        actions: ["secretsmanager:GetSecretValue"],
        resources: [secretArn("salesmania-demo"), EXTERNAL_SECRET],
      },
    ]);
    expect(job.link).toBeUndefined();
  });

  it("alarms on dead and unknown-outcome events into one SNS topic, mailing SMX_ALARM_EMAIL", async () => {
    const { created, outputs } = await deploy("prod", { SMX_ALARM_EMAIL: "ops@example.com" });
    const topic = only(created, "aws.sns.Topic");
    const topicArn = `arn:aws:sns:ap-southeast-3:123456789012:${topic.name}`;
    expect(only(created, "aws.sns.TopicSubscription").args).toEqual({
      topic: topicArn,
      protocol: "email",
      endpoint: "ops@example.com",
    });
    const alarms = created.filter((entry) => entry.kind === "aws.cloudwatch.MetricAlarm");
    const namespace = (only(created, "sst.aws.Function").args as unknown as FunctionSpec).environment
      .POWERTOOLS_METRICS_NAMESPACE;
    expect(namespace).toBe("SalesmaniaHooks");
    expect(alarms.map((alarm) => alarm.args.name)).toEqual([
      "salesmania-hooks-prod-events_dead",
      "salesmania-hooks-prod-events_unknown_outcome",
    ]);
    for (const [alarm, metric] of [
      [alarms[0]!, "events_dead"],
      [alarms[1]!, "events_unknown_outcome"],
    ] as const) {
      expect(alarm.args).toMatchObject({
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
        alarmActions: [topicArn],
        metricQueries: [{ expression: `SELECT SUM(${metric}) FROM SalesmaniaHooks`, returnData: true }],
      });
    }
    expect(outputs).toEqual({
      apiUrl: "https://Api.execute-api.test",
      tableName: "table-Ledger",
      alarmTopicArn: topicArn,
    });
  });
});

describe("sst.config.ts run() on a dev stage", () => {
  it("drops PITR, deletion protection and the secret recovery window, and mails nobody", async () => {
    const { app, created } = await deploy("dev");
    expect(app.removal).toBe("remove");
    const ledger = only(created, "sst.aws.Dynamo").args as Args & { transform: { table: Args } };
    expect(ledger.deletionProtection).toBe(false);
    expect(ledger.transform.table.pointInTimeRecovery).toEqual({ enabled: false });
    const secrets = created.filter((entry) => entry.kind === "aws.secretsmanager.Secret");
    expect(secrets.map((secret) => secret.args.recoveryWindowInDays)).toEqual([0, 0, 0, 0]);
    expect(created.filter((entry) => entry.kind === "aws.sns.TopicSubscription")).toEqual([]);
    expect(
      created.filter((entry) => entry.kind === "aws.cloudwatch.MetricAlarm").map((alarm) => alarm.args.name),
    ).toEqual(["salesmania-hooks-dev-events_dead", "salesmania-hooks-dev-events_unknown_outcome"]);
  });
});
