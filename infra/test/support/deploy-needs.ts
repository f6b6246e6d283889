// What deploying each kind of resource the recording fakes see asks of AWS: the calls SST's component (or the
// Pulumi AWS provider under it) makes to create, read, update and delete it, each with an ARN of the name it
// gets (SST prefixes generated names with `<app>-<stage>-`). docs/iam/deploy-policy.json must allow every one;
// a kind missing here fails the test, so a new resource cannot land without its permissions.
import type { Created } from "./sst-fakes.ts";

export type Need = readonly [action: string, resource: string];

const ACCOUNT = "123456789012";
const REGION = "ap-southeast-3";
const arn = (service: string, rest: string, region = REGION) =>
  `arn:aws:${service}:${region}:${ACCOUNT}:${rest}`;

/** The physical name SST gives a component's child: `<app>-<stage>-<logical name>-<8 random characters>`. */
const sstName = (stage: string, logical: string) => `salesmania-hooks-${stage}-${logical}-k3x9q2mz`;

const every = (actions: string[], resource: string): Need[] => actions.map((action) => [action, resource]);

/** SST's own bookkeeping on every deploy: bootstrap parameters, state and asset buckets, the caller. */
export function stateNeeds(stage: string): Need[] {
  const state = "arn:aws:s3:::sst-state-abcdefghijkl";
  return [
    ["ssm:GetParameter", arn("ssm", "parameter/sst/bootstrap")],
    ["ssm:PutParameter", arn("ssm", `parameter/sst/passphrase/salesmania-hooks/${stage}`)],
    ["s3:CreateBucket", state],
    ["s3:PutBucketVersioning", state],
    ["s3:PutBucketNotification", "arn:aws:s3:::sst-asset-abcdefghijkl"],
    ["s3:ListBucket", state],
    ...every(
      ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      `${state}/app/salesmania-hooks/${stage}.json`,
    ),
    ["ecr:CreateRepository", arn("ecr", "repository/sst-asset")],
    ["ecr:DescribeRepositories", arn("ecr", "repository/sst-asset")],
    ["sts:GetCallerIdentity", "*"],
  ];
}

/** An SST function: its code in the asset bucket, its role (logging policy attached, passed to Lambda), its log group. */
function functionNeeds(stage: string, logical: string): Need[] {
  const fn = arn("lambda", `function:${sstName(stage, `${logical}Function`)}`);
  const role = `arn:aws:iam::${ACCOUNT}:role/${sstName(stage, `${logical}Role`)}`;
  return [
    ...every(
      ["s3:PutObject", "s3:PutObjectTagging", "s3:GetObject"],
      `arn:aws:s3:::sst-asset-abcdefghijkl/${logical}-code.zip`,
    ),
    ...every(
      [
        "iam:CreateRole",
        "iam:GetRole",
        "iam:DeleteRole",
        "iam:TagRole",
        "iam:PutRolePolicy",
        "iam:GetRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:ListRolePolicies",
        "iam:AttachRolePolicy",
        "iam:DetachRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:PassRole",
      ],
      role,
    ),
    ...every(
      [
        "lambda:CreateFunction",
        "lambda:GetFunction",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
        "lambda:ListVersionsByFunction",
        "lambda:DeleteFunction",
        "lambda:TagResource",
      ],
      fn,
    ),
    ...every(
      ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DeleteLogGroup", "logs:ListTagsForResource"],
      arn("logs", `log-group:/aws/lambda/${sstName(stage, `${logical}Function`)}`),
    ),
    ["logs:DescribeLogGroups", "*"],
  ];
}

type Needs = (entry: Created, stage: string) => Need[];

const CERTIFICATE = arn("acm", "certificate/0e8a6d2c-3b1f-4c5e-9a7d-2f4b6c8e1a3d");

export const NEEDS: Record<string, Needs> = {
  "sst.aws.Dynamo": (entry, stage) =>
    every(
      [
        "dynamodb:CreateTable",
        "dynamodb:DescribeTable",
        "dynamodb:UpdateTable",
        "dynamodb:DeleteTable",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:UpdateTimeToLive",
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:UpdateContinuousBackups",
        "dynamodb:ListTagsOfResource",
        "dynamodb:TagResource",
      ],
      arn("dynamodb", `table/${sstName(stage, `${entry.name}Table`)}`),
    ),
  "sst.aws.Function": (entry, stage) => functionNeeds(stage, entry.name),
  "sst.aws.Cron": (entry, stage) => [
    ...functionNeeds(stage, `${entry.name}Handler`),
    ...every(
      [
        "events:PutRule",
        "events:DescribeRule",
        "events:DeleteRule",
        "events:PutTargets",
        "events:RemoveTargets",
        "events:ListTargetsByRule",
        "events:TagResource",
        "events:ListTagsForResource",
      ],
      arn("events", `rule/${sstName(stage, `${entry.name}Rule`)}`),
    ),
    ["lambda:AddPermission", arn("lambda", `function:${sstName(stage, `${entry.name}HandlerFunction`)}`)],
  ],
  // An EventBridge Scheduler schedule (cron in a time zone), and the role it invokes the function with.
  "sst.aws.CronV2": (entry, stage) => [
    ...functionNeeds(stage, `${entry.name}Handler`),
    ...every(
      ["iam:CreateRole", "iam:GetRole", "iam:DeleteRole", "iam:PutRolePolicy", "iam:PassRole"],
      `arn:aws:iam::${ACCOUNT}:role/${sstName(stage, `${entry.name}Role`)}`,
    ),
    ...every(
      [
        "scheduler:CreateSchedule",
        "scheduler:GetSchedule",
        "scheduler:UpdateSchedule",
        "scheduler:DeleteSchedule",
      ],
      arn("scheduler", `schedule/default/${sstName(stage, `${entry.name}Schedule`)}`),
    ),
  ],
  "sst.aws.ApiGatewayV2": (entry, stage) => [
    ...every(["apigateway:POST", "apigateway:GET"], "arn:aws:apigateway:ap-southeast-3::/apis"),
    ...every(
      ["apigateway:GET", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE", "apigateway:POST"],
      "arn:aws:apigateway:ap-southeast-3::/apis/a1b2c3d4e5/routes/r1s2t3",
    ),
    ["apigateway:PUT", "arn:aws:apigateway:ap-southeast-3::/tags/arn%3Aaws%3Aapigateway"],
    ...every(
      ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DeleteLogGroup"],
      arn("logs", `log-group:/aws/vendedlogs/apis/${sstName(stage, entry.name)}`),
    ),
    ...every(
      [
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
      ],
      "*",
    ),
    ["lambda:AddPermission", arn("lambda", `function:${sstName(stage, "WebhooksFunction")}`)],
    ...(entry.args.domain === undefined
      ? []
      : [
          ...every(["apigateway:POST", "apigateway:GET"], "arn:aws:apigateway:ap-southeast-3::/domainnames"),
          ...every(
            ["apigateway:GET", "apigateway:PATCH", "apigateway:DELETE", "apigateway:POST"],
            "arn:aws:apigateway:ap-southeast-3::/domainnames/hooks.example.co.id/apimappings",
          ),
          ["acm:DescribeCertificate", CERTIFICATE] as const,
        ]),
  ],
  // The Route 53 adapter: a DNS-validated certificate and the alias records, in the zone it finds.
  "sst.aws.dns": () => [
    ["acm:RequestCertificate", "*"],
    ...every(["acm:DescribeCertificate", "acm:DeleteCertificate", "acm:AddTagsToCertificate"], CERTIFICATE),
    ...every(["route53:ListHostedZones", "route53:ListHostedZonesByName"], "*"),
    ...every(
      ["route53:GetHostedZone", "route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
      "arn:aws:route53:::hostedzone/Z0123456789ABC",
    ),
    ["route53:GetChange", "arn:aws:route53:::change/C2682N5HXP0BZ4"],
  ],
  // Kept encrypted in SST's state (the state bucket above): no AWS resource of its own.
  "sst.Secret": () => [],
  "aws.secretsmanager.Secret": (entry) =>
    every(
      [
        "secretsmanager:CreateSecret",
        "secretsmanager:DescribeSecret",
        "secretsmanager:UpdateSecret",
        "secretsmanager:DeleteSecret",
        "secretsmanager:GetResourcePolicy",
        "secretsmanager:TagResource",
      ],
      arn("secretsmanager", `secret:${String(entry.args.name)}-AbCdEf`),
    ),
  // Turning rotation on (RotateSecret, which also runs the first rotation) and off (CancelRotateSecret).
  "aws.secretsmanager.SecretRotation": (entry) =>
    every(
      ["secretsmanager:RotateSecret", "secretsmanager:CancelRotateSecret", "secretsmanager:DescribeSecret"],
      String(entry.args.secretId),
    ),
  // Secrets Manager's right to invoke the rotation function.
  "aws.lambda.Permission": (_, stage) =>
    every(
      ["lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy"],
      arn("lambda", `function:${sstName(stage, "TokenRotationFunction")}`),
    ),
  "aws.sns.Topic": (entry) =>
    every(
      [
        "sns:CreateTopic",
        "sns:GetTopicAttributes",
        "sns:SetTopicAttributes",
        "sns:DeleteTopic",
        "sns:TagResource",
        "sns:ListTagsForResource",
      ],
      arn("sns", String(entry.args.name)),
    ),
  "aws.sns.TopicSubscription": (_, stage) => [
    ["sns:Subscribe", arn("sns", `salesmania-hooks-${stage}-alarms`)],
    ...every(
      ["sns:GetSubscriptionAttributes", "sns:Unsubscribe"],
      arn("sns", `salesmania-hooks-${stage}-alarms:6f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f`),
    ),
  ],
  "aws.cloudwatch.MetricAlarm": (entry) => [
    ...every(
      [
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:ListTagsForResource",
        "cloudwatch:TagResource",
      ],
      arn("cloudwatch", `alarm:${String(entry.args.name)}`),
    ),
    ["cloudwatch:DescribeAlarms", "*"],
  ],
  "aws.cloudwatch.Dashboard": (entry) =>
    every(
      ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"],
      arn("cloudwatch", `dashboard/${String(entry.args.dashboardName)}`, ""),
    ),
};
