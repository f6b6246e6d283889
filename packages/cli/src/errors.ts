// Errors the CLI raises itself; each says what was expected and how to fix it. Errors from the runtime,
// the ledger and SalesMania are shown as they are (their messages already name the field at fault).

/** A command-line argument or option that cannot be used. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** No ledger to talk to: neither options, environment nor a running local stack name one. */
export class NoTargetError extends Error {
  override name = "NoTargetError";
  constructor(stateFile: string) {
    super(
      `no ledger to work on: start the local stack (npm run dev, which writes ${stateFile}), or pass --stage <stage> or --table <name>, or set SMX_TABLE_NAME (and SMX_DYNAMODB_ENDPOINT for DynamoDB Local)`,
    );
  }
}

/** `--stage` found no table, or several, of that stage. */
export class StageTableError extends Error {
  override name = "StageTableError";
  constructor(stage: string, prefix: string, found: string[]) {
    super(
      found.length === 0
        ? `stage "${stage}": no DynamoDB table named ${prefix}… in this account/region (check AWS_PROFILE/AWS_REGION, or pass --table <name> as printed by the deploy)`
        : `stage "${stage}": several tables match ${prefix}… (${found.join(", ")}); pass --table <name>`,
    );
  }
}

/** `hooks test` / `connection check` name something the configuration does not have. */
export class NotConfiguredError extends Error {
  override name = "NotConfiguredError";
  constructor(what: "hook" | "connection", id: string, known: string[]) {
    super(`no ${what} "${id}" in the configuration; configured: ${known.join(", ") || "none"}`);
  }
}

/** `.local/stack.json` names a local stack whose process is gone (it was killed or crashed before cleaning up). */
export class StaleStackError extends Error {
  override name = "StaleStackError";
  constructor(stateFile: string, pid: number) {
    super(
      `the local stack recorded in ${stateFile} (pid ${pid}) is not running; start it again (npm run dev) or delete that file`,
    );
  }
}

/** The target is DynamoDB in AWS, and the SDK's credential chain finds no region to send to. */
export class AwsRegionError extends Error {
  override name = "AwsRegionError";
  constructor(target: string) {
    super(
      `${target}, and no AWS region is configured: set AWS_REGION (or use a profile with a region); for DynamoDB Local set SMX_DYNAMODB_ENDPOINT`,
    );
  }
}

/** `hooks test` got no HTTP answer at all (nothing listens there, DNS, TLS). */
export class HookRequestError extends Error {
  override name = "HookRequestError";
  constructor(url: string, reason: string) {
    super(
      `POST ${url}: no answer (${reason}); is the webhooks app running there (npm run dev), or is --url right?`,
    );
  }
}

/** `connection rotate-secret` on a connection whose login and tokens share one secret: nothing rotates it. */
export class NotSplitError extends Error {
  override name = "NotSplitError";
  constructor(connectionId: string) {
    super(
      `connection "${connectionId}" has no loginSecret, so no rotation keeps its secret: split it first (docs/upgrade.md)`,
    );
  }
}
