// The IAM policies in docs/iam: they parse, and they allow what they are for. The deploy policy allows every
// call deploying each resource the recording fakes see SST create needs (support/deploy-needs.ts), on the ARN
// it gets, for every variant of the app (custom domain or not, silent-hook alarms, an alarm email); the CLI
// operator's policy allows what the CLI calls and nothing that destroys. The evaluator matches actions and
// resources (with IAM's * and ? wildcards); it does not model conditions, which only narrow.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LEDGER_ITEM_ACTIONS, LEDGER_QUERY_ACTION, SECRET_READ_ACTION } from "../permissions.ts";
import { NEEDS, type Need, stateNeeds } from "./support/deploy-needs.ts";
import {
  type Created,
  deploy,
  EXTERNAL_SECRET,
  ROOT,
  SCHEDULED_SECTIONS,
  testConfigFile,
} from "./support/sst-fakes.ts";

interface Statement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}
interface Policy {
  Version: string;
  Statement: Statement[];
}

function readPolicy(name: string): { text: string; policy: Policy } {
  const text = readFileSync(join(ROOT, "docs/iam", name), "utf8");
  return { text, policy: JSON.parse(text) as Policy };
}

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

/** IAM's wildcard match: `*` any run of characters, `?` one; actions ignore case, resources do not. */
function matches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "i" : "").test(value);
}

function allows(policy: Policy, [action, resource]: Need): boolean {
  return policy.Statement.some(
    (statement) =>
      statement.Effect === "Allow" &&
      list(statement.Action).some((pattern) => matches(pattern, action, true)) &&
      list(statement.Resource).some((pattern) => matches(pattern, resource, false)),
  );
}

function expectWellFormed({ text, policy }: { text: string; policy: Policy }) {
  expect(policy.Version).toBe("2012-10-17");
  const sids = policy.Statement.map((statement) => statement.Sid);
  expect(new Set(sids).size, "one Sid per statement").toBe(sids.length);
  for (const statement of policy.Statement) {
    expect(statement.Effect, statement.Sid).toBe("Allow");
    // Every action named: no `*`, no `service:*`, no `service:Get*`.
    expect(
      list(statement.Action).filter((action) => action.includes("*")),
      statement.Sid,
    ).toEqual([]);
    expect(list(statement.Resource).length, statement.Sid).toBeGreaterThan(0);
  }
  // IAM refuses a managed policy over 6,144 characters, white space not counted.
  expect(text.replace(/\s/g, "").length).toBeLessThanOrEqual(6144);
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

const CERTIFICATE =
  "arn:aws:acm:ap-southeast-3:123456789012:certificate/0e8a6d2c-3b1f-4c5e-9a7d-2f4b6c8e1a3d";

/** Every way the app can be deployed, so each kind of resource it can create is seen at least once. */
const VARIANTS: [string, Parameters<typeof deploy>[1]][] = [
  ["prod", { env: { SMX_ALARM_EMAIL: "ops@example.com" } }],
  ["prod", { config: testConfigFile(SCHEDULED_SECTIONS) }],
  ["dev", {}],
  // A split connection: the token rotation function, its invoke permission and the secrets' rotation.
  [
    "prod",
    {
      config: testConfigFile({
        connections: [
          { id: "demo", secret: "salesmania-demo-tokens", loginSecret: "salesmania-demo-login" },
          { id: "erp", secret: EXTERNAL_SECRET },
        ],
      }),
    },
  ],
  [
    "prod",
    {
      settings: {
        stages: {
          prod: {
            domain: { name: "hooks.example.co.id", dns: "route53" },
            alarms: { silentHooks: { "zapier-visits": 24 } },
          },
        },
      },
    },
  ],
  [
    "prod",
    {
      settings: {
        stages: {
          prod: { domain: { name: "hooks.example.co.id", dns: "external", certificateArn: CERTIFICATE } },
        },
      },
    },
  ],
];

describe("docs/iam/deploy-policy.json", () => {
  const deployPolicy = readPolicy("deploy-policy.json");

  it("is a well-formed managed policy naming each action", () => {
    expectWellFormed(deployPolicy);
  });

  it("allows every call deploying what SST creates needs, in every variant of the app", async () => {
    const kinds = new Set<string>();
    for (const [stage, options] of VARIANTS) {
      const { created } = await deploy(stage, options);
      const missing: string[] = [];
      const needs = [
        ...stateNeeds(stage),
        ...created.flatMap((entry: Created) => {
          kinds.add(entry.kind);
          const needsOf = NEEDS[entry.kind];
          if (needsOf === undefined) {
            missing.push(entry.kind);
            return [];
          }
          return needsOf(entry, stage);
        }),
      ];
      expect(
        missing,
        "SST creates these kinds: add what deploying them needs to infra/test/support/deploy-needs.ts and docs/iam/deploy-policy.json",
      ).toEqual([]);
      const refused = needs
        .filter((need) => !allows(deployPolicy.policy, need))
        .map((need) => need.join(" on "));
      expect(refused, `stage ${stage}`).toEqual([]);
    }
    // The variants did reach every kind the table knows, so none of it is untested.
    expect([...kinds].sort()).toEqual(Object.keys(NEEDS).sort());
  });

  it("does not let the deployer read secret values or touch another app's functions and tables", () => {
    for (const need of [
      [
        "secretsmanager:GetSecretValue",
        "arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:salesmania-demo-AbCdEf",
      ],
      ["lambda:UpdateFunctionCode", "arn:aws:lambda:ap-southeast-3:123456789012:function:billing-prod-Api"],
      ["dynamodb:DeleteTable", "arn:aws:dynamodb:ap-southeast-3:123456789012:table/billing-prod-Ledger"],
      ["iam:PassRole", "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole"],
      ["iam:CreateUser", "arn:aws:iam::123456789012:user/someone"],
    ] as const)
      expect(allows(deployPolicy.policy, need), need.join(" on ")).toBe(false);
  });
});

describe("docs/iam/operator-policy.json", () => {
  const operatorPolicy = readPolicy("operator-policy.json");
  const table =
    "arn:aws:dynamodb:ap-southeast-3:123456789012:table/salesmania-hooks-prod-LedgerTable-k3x9q2mz";

  it("is a well-formed managed policy naming each action", () => {
    expectWellFormed(operatorPolicy);
  });

  it("allows what the CLI calls on a stage: find the table, act on events as the functions do, read secrets", () => {
    const needs: Need[] = [
      ["dynamodb:ListTables", "*"],
      ...LEDGER_ITEM_ACTIONS.map((action): Need => [action, table]),
      [LEDGER_QUERY_ACTION, `${table}/index/byStatus`],
      [LEDGER_QUERY_ACTION, `${table}/index/byHook`],
      [
        SECRET_READ_ACTION,
        "arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:salesmania-demo-AbCdEf",
      ],
      ["cloudwatch:GetMetricData", "*"],
      [
        "logs:StartQuery",
        "arn:aws:logs:ap-southeast-3:123456789012:log-group:/aws/lambda/salesmania-hooks-prod-WebhooksFunction-k3x9q2mz",
      ],
    ];
    expect(needs.filter((need) => !allows(operatorPolicy.policy, need))).toEqual([]);
  });

  it("allows nothing that destroys or reconfigures the stage", () => {
    for (const need of [
      ["dynamodb:DeleteTable", table],
      ["dynamodb:Scan", table],
      ["dynamodb:UpdateTable", table],
      [
        "secretsmanager:PutSecretValue",
        "arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:salesmania-demo-AbCdEf",
      ],
      [
        "lambda:UpdateFunctionCode",
        "arn:aws:lambda:ap-southeast-3:123456789012:function:salesmania-hooks-prod-WebhooksFunction-k3x9q2mz",
      ],
      ["cloudwatch:DeleteAlarms", "*"],
    ] as const)
      expect(allows(operatorPolicy.policy, need), need.join(" on ")).toBe(false);
  });
});
