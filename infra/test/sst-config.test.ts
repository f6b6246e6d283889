// Runs sst.config.ts against recording fakes of the SST/Pulumi globals (support/sst-fakes.ts) and checks what
// it would deploy: the table, the routes and their single function, IAM, the jobs and the secrets. Domain,
// alarms, dashboard and guards have their own files.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type Args,
  deploy,
  EXTERNAL_SECRET,
  every,
  functionArn,
  loadSstConfig,
  only,
  ROOT,
  SCHEDULED_SECTIONS,
  secretArn,
  tableArn,
  testConfigFile,
} from "./support/sst-fakes.ts";

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

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe("sst.config.ts app()", () => {
  it("retains and protects prod and prod-*, removes other stages", async () => {
    const config = await loadSstConfig();
    expect(config.app({ stage: "prod" })).toEqual({
      name: "salesmania-hooks",
      home: "aws",
      removal: "retain",
      protect: true,
    });
    expect(config.app({ stage: "prod-eu" })).toMatchObject({ removal: "retain", protect: true });
    for (const stage of ["dev", "ci", "production", "product", "preprod"])
      expect(config.app({ stage }), stage).toMatchObject({ removal: "remove", protect: false });
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
    const fnArn = functionArn(fn.name);
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
      { route: "ANY /api/v1/{proxy+}", handler: fnArn },
      { route: "GET /console", handler: fnArn },
      { route: "ANY /console/{proxy+}", handler: fnArn },
    ]);
    expect(spec.handler).toBe("functions/webhooks/src/lambda.handler");
    expect(existsSync(handlerFile(spec.handler)), handlerFile(spec.handler)).toBe(true);
    expect(spec).toMatchObject({ runtime: "nodejs22.x", architecture: "arm64", memory: "512 MB" });
    expect(seconds(spec.timeout)).toBeLessThan(30);
  });

  it("gives the webhooks function the table, the config file and its service name", async () => {
    const configFile = testConfigFile();
    const { created } = await deploy("prod", { config: configFile });
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

  it("creates one empty, retained Secrets Manager secret per config ref and lists them to set", async () => {
    const { created, outputs } = await deploy("prod");
    const secrets = every(created, "aws.secretsmanager.Secret");
    expect(secrets.map((secret) => [secret.name, secret.args.name])).toEqual([
      ["SecretSalesmaniaDemo", "salesmania-demo"],
      ["SecretZapierKey", "zapier-key"],
      ["SecretZapierKeyNext", "zapier-key-next"],
      ["SecretTypeformSigning", "typeform/signing"],
    ]);
    for (const secret of secrets) {
      expect(secret.args.recoveryWindowInDays).toBe(30);
      expect(secret.opts.retainOnDelete).toBe(true);
      expect(secret.args).not.toHaveProperty("secretString");
      expect(secret.args.description).toContain(
        `aws secretsmanager put-secret-value --secret-id ${String(secret.args.name)}`,
      );
    }
    // The deploy cannot know the values: it prints which secrets still need one (the ARN is managed elsewhere).
    expect(outputs.secretsToSet).toEqual([
      "salesmania-demo",
      "zapier-key",
      "zapier-key-next",
      "typeform/signing",
    ]);
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
});

describe("sst.config.ts run() with feeds, plans and jobs", () => {
  it("gives each configured job a schedule in its time zone, its own function and only its secrets", async () => {
    const { created, outputs } = await deploy("prod", { config: testConfigFile(SCHEDULED_SECTIONS) });
    const schedules = created.filter((entry) => entry.kind === "sst.aws.CronV2");
    expect(
      schedules.map((entry) => [entry.name, entry.args.schedule, entry.args.timezone, entry.args.enabled]),
    ).toEqual([
      ["JobSalesCalendarPoll", "cron(0/15 * * * ? *)", "Asia/Jakarta", true],
      ["JobNorthPlan", "cron(0 18 ? * MON-FRI *)", "Asia/Makassar", true],
      ["JobDemoSync", "cron(30 2 * * ? *)", "Asia/Jakarta", false],
    ]);
    const arn = tableArn(`table-${only(created, "sst.aws.Dynamo").name}`);
    const secretsOf = (name: string) => {
      const fn = schedules.find((entry) => entry.name === name)!.args.function as FunctionSpec;
      expect(fn.handler).toBe("functions/scheduled/src/job.handler");
      expect(existsSync(handlerFile(fn.handler))).toBe(true);
      // Items only: no job lists by an index.
      expect(fn.permissions[0]).toEqual({ actions: ITEM_ACTIONS, resources: [arn] });
      return {
        jobId: fn.environment.SMX_JOB_ID,
        secrets: fn.permissions.slice(1).flatMap((p) => p.resources),
      };
    };
    // The feed's address is read by its own job only; the plan's connection is erp (its external secret).
    expect(secretsOf("JobSalesCalendarPoll")).toEqual({
      jobId: "sales-calendar-poll",
      secrets: [secretArn("salesmania-demo"), secretArn("calendar/sales-ics-url")],
    });
    expect(secretsOf("JobNorthPlan")).toEqual({ jobId: "north-plan", secrets: [EXTERNAL_SECRET] });
    expect(secretsOf("JobDemoSync")).toEqual({ jobId: "demo-sync", secrets: [secretArn("salesmania-demo")] });
    // The feed's address is a secret to set like the others.
    expect(outputs.secretsToSet).toContain("calendar/sales-ics-url");
  });
});

describe("sst.config.ts run() on a dev stage", () => {
  it("drops PITR, deletion protection, retention and the secret recovery window, and mails nobody", async () => {
    const { app, created } = await deploy("dev");
    expect(app.removal).toBe("remove");
    const ledger = only(created, "sst.aws.Dynamo").args as Args & { transform: { table: Args } };
    expect(ledger.deletionProtection).toBe(false);
    expect(ledger.transform.table.pointInTimeRecovery).toEqual({ enabled: false });
    const secrets = every(created, "aws.secretsmanager.Secret");
    expect(secrets.map((secret) => secret.args.recoveryWindowInDays)).toEqual([0, 0, 0, 0]);
    expect(secrets.map((secret) => secret.opts.retainOnDelete)).toEqual([false, false, false, false]);
    expect(every(created, "aws.sns.TopicSubscription")).toEqual([]);
  });
});
