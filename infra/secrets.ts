// Secrets: one Secrets Manager secret per reference in the hooks configuration (SalesMania connections and
// webhook signing keys). The infrastructure creates them empty; the operator sets the values
// (docs/deploy.md). The secret's name IS the reference, because the functions read secrets by the reference
// found in the configuration. A reference that is already an ARN names a secret managed elsewhere: granted,
// not created.
import { type DeployConfig, isSecretArn, readDeployConfig, secretResourceName } from "./deploy-config.ts";
import { isProduction } from "./stage.ts";

// SST runs the program from the project root.
export const deployConfig: DeployConfig = readDeployConfig(process.cwd(), process.env);

const arnByRef = new Map(
  [...new Set([...deployConfig.connectionSecrets, ...deployConfig.signingSecrets])].map((ref) => [
    ref,
    isSecretArn(ref)
      ? ref
      : new aws.secretsmanager.Secret(secretResourceName(ref), {
          name: ref,
          description: `salesmania-hooks ${$app.stage}: value set by the operator (docs/deploy.md)`,
          // Outside production a removed stage must be re-deployable at once; a pending deletion blocks the name.
          recoveryWindowInDays: isProduction ? 30 : 0,
        }).arn,
  ]),
);

/** ARNs of the secrets the SalesMania client reads (webhooks function and scheduled jobs). */
export const connectionSecretArns = deployConfig.connectionSecrets.map((ref) => arnByRef.get(ref)!);
/** ARNs of the webhook authentication secrets (webhooks function only). */
export const signingSecretArns = deployConfig.signingSecrets.map((ref) => arnByRef.get(ref)!);

/** The key the operator API (`/admin/...`) expects: `sst secret set AdminApiKey <value> --stage <stage>`. */
export const adminApiKey = new sst.Secret("AdminApiKey");
