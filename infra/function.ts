// What every function of the app shares: runtime, the shipped hooks configuration, environment, and the
// least-privilege permission statements (only the actions the code calls, on only this app's resources).
import { deployConfig } from "./deploy.ts";
import { METRICS_NAMESPACE, SERVICE_NAME } from "./metrics.ts";
import { LEDGER_ITEM_ACTIONS, LEDGER_QUERY_ACTION, SECRET_READ_ACTION } from "./permissions.ts";
import { type LedgerIndex, table } from "./storage.ts";

// The configuration travels as a file in the package: an env var would hit Lambda's 4 KB environment limit
// once a few hooks carry mappings.
const CONFIG_IN_PACKAGE = "smx.config.json";

export const lambdaDefaults = {
  runtime: "nodejs22.x",
  architecture: "arm64",
  memory: "512 MB",
  copyFiles: [{ from: deployConfig.path, to: CONFIG_IN_PACKAGE }],
  environment: {
    SMX_TABLE_NAME: table.name,
    // Lambda runs handlers from the package root, /var/task.
    SMX_CONFIG: `/var/task/${CONFIG_IN_PACKAGE}`,
    SMX_SECRETS: "aws",
    // @smx/runtime reads SMX_SERVICE_NAME; Powertools its own variable.
    SMX_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  },
} satisfies Partial<sst.aws.FunctionArgs>;

/**
 * Item reads/writes on the table, and Query on only the indexes the function lists by: the adapters query
 * indexes, never the table itself.
 */
export function ledgerAccess(queried: LedgerIndex[]) {
  const items = { actions: LEDGER_ITEM_ACTIONS, resources: [table.arn] };
  if (queried.length === 0) return [items];
  return [
    items,
    {
      actions: [LEDGER_QUERY_ACTION],
      resources: queried.map((index) => $interpolate`${table.arn}/index/${index}`),
    },
  ];
}

/** Read access to exactly these secrets; no statement at all when there are none (IAM rejects empty lists). */
export function secretAccess(arns: $util.Input<string>[]) {
  return arns.length === 0 ? [] : [{ actions: [SECRET_READ_ACTION], resources: arns }];
}
