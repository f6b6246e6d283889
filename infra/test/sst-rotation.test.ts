// The token rotation as a deploy of a split connection creates it: who may read which secret (the webhooks
// function and the scheduled jobs only tokens secrets and signing keys, the rotation function alone the
// login secrets), Secrets Manager's rotation on each tokens secret with the configured schedule, the right
// for Secrets Manager to invoke the function, and the alarm its failures raise.
import { afterEach, describe, expect, it, vi } from "vitest";
import { TOKEN_ROTATION_ACTIONS } from "../permissions.ts";
import {
  type Created,
  deploy,
  EXTERNAL_SECRET,
  every,
  only,
  refusedDeploy,
  SCHEDULED_SECTIONS,
  secretArn,
  testConfigFile,
} from "./support/sst-fakes.ts";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

const SPLIT = {
  connections: [
    { id: "demo", secret: "demo-tokens", loginSecret: "demo-login" },
    { id: "erp", secret: EXTERNAL_SECRET },
  ],
};
const TOKENS = secretArn("demo-tokens");
const LOGIN = secretArn("demo-login");

interface Statement {
  actions: string[];
  resources: string[];
}

/** Each function's name and its permission statements (a cron's function is inside its args). */
function functionsOf(created: Created[]): { name: string; permissions: Statement[] }[] {
  return [
    ...every(created, "sst.aws.Function").map((entry) => ({
      name: entry.name,
      permissions: entry.args.permissions as Statement[],
    })),
    ...[...every(created, "sst.aws.Cron"), ...every(created, "sst.aws.CronV2")].map((entry) => ({
      name: entry.name,
      permissions: (entry.args.function as { permissions: Statement[] }).permissions,
    })),
  ];
}

/** The secrets a function may do `action` on. */
function secretsFor(permissions: Statement[], action: string): string[] {
  return permissions
    .filter((s) => s.actions.includes(action))
    .flatMap((s) => s.resources)
    .sort();
}

describe("the token rotation in a deploy", () => {
  it("lets only the rotation function read login secrets; the others read tokens and signing secrets", async () => {
    const { created } = await deploy("prod", { config: testConfigFile(SPLIT) });
    const functions = Object.fromEntries(functionsOf(created).map((fn) => [fn.name, fn.permissions]));
    expect(Object.keys(functions).sort()).toEqual(["Redrive", "TokenRotation", "Webhooks"]);

    const read = "secretsmanager:GetSecretValue";
    expect(secretsFor(functions.Webhooks!, read)).toEqual(
      [
        TOKENS,
        EXTERNAL_SECRET,
        secretArn("zapier-key"),
        secretArn("zapier-key-next"),
        secretArn("typeform/signing"),
      ].sort(),
    );
    expect(secretsFor(functions.Redrive!, read)).toEqual([TOKENS, EXTERNAL_SECRET].sort());
    expect(secretsFor(functions.TokenRotation!, read)).toEqual([TOKENS, LOGIN].sort());
    for (const [name, permissions] of Object.entries(functions)) {
      const touchesLogin = permissions.some((s) => s.resources.includes(LOGIN));
      expect(touchesLogin, `${name} and the login secret`).toBe(name === "TokenRotation");
    }
    // The rotation writes only the tokens secret, and only what the protocol needs.
    expect(functions.TokenRotation).toEqual([
      { actions: [read], resources: [LOGIN] },
      { actions: TOKEN_ROTATION_ACTIONS, resources: [TOKENS] },
    ]);
  });

  it("gives each configured job its connection's tokens secret, never a login secret", async () => {
    const { created } = await deploy("prod", { config: testConfigFile({ ...SPLIT, ...SCHEDULED_SECTIONS }) });
    const functions = Object.fromEntries(functionsOf(created).map((fn) => [fn.name, fn.permissions]));
    const read = "secretsmanager:GetSecretValue";
    // The feed job is demo's (split): its tokens and the feed's address; the plan is erp's (one secret).
    expect(secretsFor(functions.JobSalesCalendarPoll!, read)).toEqual(
      [TOKENS, secretArn("calendar/sales-ics-url")].sort(),
    );
    expect(secretsFor(functions.JobNorthPlan!, read)).toEqual([EXTERNAL_SECRET]);
    expect(secretsFor(functions.JobDemoSync!, read)).toEqual([TOKENS]);
    for (const [name, permissions] of Object.entries(functions)) {
      const touchesLogin = permissions.some((s) => s.resources.includes(LOGIN));
      expect(touchesLogin, `${name} and the login secret`).toBe(name === "TokenRotation");
    }
  });

  it("rotates each tokens secret every 12 hours by default, invoked by Secrets Manager", async () => {
    const { created, outputs } = await deploy("prod", { config: testConfigFile(SPLIT) });
    const rotation = only(created, "aws.secretsmanager.SecretRotation");
    expect(rotation.args).toEqual({
      secretId: TOKENS,
      rotationLambdaArn: expect.stringContaining("function:TokenRotation"),
      rotationRules: { scheduleExpression: "rate(12 hours)" },
    });
    expect(only(created, "aws.lambda.Permission").args).toEqual({
      action: "lambda:InvokeFunction",
      function: "fn-TokenRotation",
      principal: "secretsmanager.amazonaws.com",
    });
    // The rotation fills the tokens secret; the operator sets only the login.
    expect(outputs.secretsToSet).toEqual(["demo-login", "zapier-key", "zapier-key-next", "typeform/signing"]);
  });

  it("takes the schedule from SMX_TOKEN_ROTATION_HOURS, within the tokens' life", async () => {
    const { created } = await deploy("prod", {
      config: testConfigFile(SPLIT),
      env: { SMX_TOKEN_ROTATION_HOURS: "6" },
    });
    expect(only(created, "aws.secretsmanager.SecretRotation").args.rotationRules).toEqual({
      scheduleExpression: "rate(6 hours)",
    });
    const { error } = await refusedDeploy("prod", {
      config: testConfigFile(SPLIT),
      env: { SMX_TOKEN_ROTATION_HOURS: "24" },
    });
    expect(error.message).toMatch(/SMX_TOKEN_ROTATION_HOURS: expected whole hours from 4 to 23/);
  });

  it("raises the token_rotation alarm on any failed step", async () => {
    const { created } = await deploy("prod", { config: testConfigFile(SPLIT) });
    const alarm = every(created, "aws.cloudwatch.MetricAlarm").find(
      (entry) => entry.args.name === "salesmania-hooks-prod-token_rotation",
    );
    expect(alarm?.args).toMatchObject({
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: "fn-TokenRotation" },
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      alarmDescription: expect.stringMatching(/Runbook: docs\/operations\.md#token_rotation$/),
    });
  });

  it("creates no rotation while no connection is split", async () => {
    const { created } = await deploy("prod");
    expect(every(created, "aws.secretsmanager.SecretRotation")).toEqual([]);
    expect(functionsOf(created).map((fn) => fn.name)).not.toContain("TokenRotation");
  });
});
