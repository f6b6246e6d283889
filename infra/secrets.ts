// Secrets: one Secrets Manager secret per reference in the hooks configuration (SalesMania connections' tokens
// and logins, webhook signing keys and calendar feed addresses). The infrastructure creates them EMPTY — a
// deploy cannot know the values, and the deploying machine may not read them — and lists the ones the operator
// sets in the deploy's `secretsToSet` output (docs/deploy.md; the token rotation fills the tokens secrets);
// `pnpm smx --stage <stage> config check` tells which are still unusable.
// The secret's name IS the reference, because the functions read secrets by the reference found in the
// configuration. A reference that is already an ARN names a secret managed elsewhere: granted, not created.

import { deployConfig } from "./deploy.ts";
import { isSecretArn, secretResourceName } from "./deploy-config.ts";
import { isProduction } from "./stage.ts";

const refs = [
  ...new Set([
    ...deployConfig.connectionSecrets,
    ...deployConfig.loginSecrets,
    ...deployConfig.signingSecrets,
    ...deployConfig.feedSecrets,
  ]),
];
const rotated = new Set(deployConfig.rotatedSecrets);

/**
 * The refs this app creates (not the ARNs it is only granted) that need a value from the operator: every one
 * but the tokens secrets, which the token rotation fills.
 */
export const secretsToSet = refs.filter((ref) => !isSecretArn(ref) && !rotated.has(ref));

function secretDescription(ref: string): string {
  return rotated.has(ref)
    ? `salesmania-hooks ${$app.stage}: SalesMania tokens, written by the token rotation (docs/deploy.md#token-rotation); never set by hand`
    : `salesmania-hooks ${$app.stage}: created empty; set it with aws secretsmanager put-secret-value --secret-id ${ref} (docs/deploy.md#3-set-the-secret-values)`;
}

const arnByRef = new Map(
  refs.map((ref) => [
    ref,
    isSecretArn(ref)
      ? ref
      : new aws.secretsmanager.Secret(
          secretResourceName(ref),
          {
            name: ref,
            description: secretDescription(ref),
            // Outside production a removed stage must be re-deployable at once; a pending deletion blocks the name.
            recoveryWindowInDays: isProduction ? 30 : 0,
          },
          // Production keeps a secret (and its value) when its ref leaves the config or the stage is removed;
          // SST's `removal: retain` covers tables, not secrets.
          { retainOnDelete: isProduction },
        ).arn,
  ]),
);

/** The ARN of one configured secret ref (a job grants only the refs it reads). */
export const secretArnOf = (ref: string) => arnByRef.get(ref)!;

/** ARNs of the secrets the SalesMania client reads (webhooks function and scheduled jobs): never a login secret. */
export const connectionSecretArns = deployConfig.connectionSecrets.map((ref) => arnByRef.get(ref)!);
/** ARNs of the connections' login secrets (the token rotation function only). */
export const loginSecretArns = deployConfig.loginSecrets.map((ref) => arnByRef.get(ref)!);
/** The tokens secrets the rotation keeps, by ref. */
export const rotatedSecrets = deployConfig.rotatedSecrets.map((ref) => ({ ref, arn: arnByRef.get(ref)! }));
/** ARNs of the webhook authentication secrets (webhooks function only). */
export const signingSecretArns = deployConfig.signingSecrets.map((ref) => arnByRef.get(ref)!);

/** The key the operator API (`/admin/...`) expects: `sst secret set AdminApiKey <value> --stage <stage>`. */
export const adminApiKey = new sst.Secret("AdminApiKey");
