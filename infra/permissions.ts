// The IAM actions the app's own code calls on its ledger table and secrets: one list for the functions' grants
// (infra/function.ts), the CLI operator's policy (docs/iam/operator-policy.json) and their tests. Plain Node.

/**
 * The item calls of the ledger, directory and rate-limit adapters (packages/aws): a transaction needs the
 * action of each item it writes, so releasing a customer claim (a transactional Delete) needs DeleteItem. No
 * scans and no table management.
 */
export const LEDGER_ITEM_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
];

/** Listing by status or hook: on the indexes only, never the table. */
export const LEDGER_QUERY_ACTION = "dynamodb:Query";

/** Reading one secret's value (the SalesMania credentials, a hook's signing key). */
export const SECRET_READ_ACTION = "secretsmanager:GetSecretValue";

/**
 * What the token rotation does to the tokens secrets it keeps (packages/aws, versioned-secrets-manager.ts):
 * read the versions and their stages, store the pending version, promote it.
 */
export const TOKEN_ROTATION_ACTIONS = [
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecretVersionStage",
];
