// The token rotation (docs/deploy.md#token-rotation): one function that Secrets Manager invokes to rotate each
// split connection's tokens secret, on a schedule well inside the tokens' 24-hour life. It alone reads the
// login secrets; the webhooks function and the jobs read only the tokens. Nothing is created while no
// connection has a loginSecret.
import { DeployConfigError } from "./deploy-error.ts";
import { lambdaDefaults, secretAccess } from "./function.ts";
import { pascalCase } from "./names.ts";
import { TOKEN_ROTATION_ACTIONS } from "./permissions.ts";
import { loginSecretArns, rotatedSecrets } from "./secrets.ts";

/** Hours between rotations: SMX_TOKEN_ROTATION_HOURS at deploy time, default 12 (half the tokens' life). */
export function rotationHours(env: Record<string, string | undefined>): number {
  const text = env.SMX_TOKEN_ROTATION_HOURS;
  if (text === undefined || text === "") return 12;
  const hours = Number(text);
  // Secrets Manager rotates at most every 4 hours; past 23 a 24-hour token would lapse before its successor.
  if (!Number.isInteger(hours) || hours < 4 || hours > 23)
    throw new DeployConfigError("SMX_TOKEN_ROTATION_HOURS", [
      `expected whole hours from 4 to 23 (SalesMania tokens live 24 h), got ${JSON.stringify(text)}`,
    ]);
  return hours;
}

function createRotation() {
  const schedule = `rate(${rotationHours(process.env)} hours)`;
  const rotator = new sst.aws.Function("TokenRotation", {
    ...lambdaDefaults,
    handler: "functions/scheduled/src/rotate-tokens.handler",
    description:
      "salesmania-hooks: rotates each connection's SalesMania tokens secret (Secrets Manager rotation)",
    timeout: "1 minute",
    permissions: [
      ...secretAccess(loginSecretArns),
      { actions: TOKEN_ROTATION_ACTIONS, resources: rotatedSecrets.map((secret) => secret.arn) },
    ],
  });
  const invoke = new aws.lambda.Permission("TokenRotationInvoke", {
    action: "lambda:InvokeFunction",
    function: rotator.name,
    principal: "secretsmanager.amazonaws.com",
  });
  for (const { ref, arn } of rotatedSecrets)
    new aws.secretsmanager.SecretRotation(
      `Rotation${pascalCase(ref)}`,
      { secretId: arn, rotationLambdaArn: rotator.arn, rotationRules: { scheduleExpression: schedule } },
      { dependsOn: [invoke] },
    );
  return rotator;
}

/** The rotation function, when some connection is split (its errors raise the token_rotation alarm). */
export const tokenRotation = rotatedSecrets.length === 0 ? undefined : createRotation();
