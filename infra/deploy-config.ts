// Reads, at deploy time, the hooks configuration file that is shipped to the functions, validates it with the
// app's own loader (@smx/sources: the check a function runs at start, so a config the app would refuse never
// deploys), and derives what the infrastructure needs from it: one Secrets Manager secret per secret ref, with
// each function granted exactly the refs it reads, and the hook and connection ids that alarms are named after.
// Plain Node (no SST globals): unit-testable and type-checked by the root tsconfig.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseScheduledSections, type ScheduledSections, scheduledSectionProblems } from "@smx/jobs";
import { ConfigError, parseConfig, type SmxConfig } from "@smx/sources";
import { DeployConfigError } from "./deploy-error.ts";
import { findInputFile } from "./input-file.ts";
import { pascalCase } from "./names.ts";

const DEFAULT_CONFIG_PATH = "smx.config.json";

/** Secrets Manager secret names: 1–512 characters of A–Z a–z 0–9 / _ + = . @ - */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN_PREFIX = "arn:aws:secretsmanager:";
/** Connection ids name alarms and are quoted in Metrics Insights queries. */
const CONNECTION_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export interface DeployConfig {
  /** The file read, relative to the project root: SST resolves `copyFiles` sources against the root. */
  path: string;
  /** The configuration as the app reads it (defaults applied). */
  config: SmxConfig;
  /** Its feeds, plans and jobs, validated (the scheduled functions' view of them). */
  scheduled: ScheduledSections;
  /**
   * Secret refs of the SalesMania connections as the functions that call SalesMania read them (the webhooks
   * function and the scheduled jobs): tokens secrets, and the one secret of a connection not split yet.
   */
  connectionSecrets: string[];
  /** The tokens secrets the rotation keeps (connections with a loginSecret). */
  rotatedSecrets: string[];
  /** The connections' login secrets: read by the token rotation function only. */
  loginSecrets: string[];
  /** Secret refs of the webhook signing keys, API keys and tokens (read by the webhooks function only). */
  signingSecrets: string[];
  /** Secret refs of the calendar feeds' addresses (each read by its feed's job only). */
  feedSecrets: string[];
}

/**
 * `SMX_CONFIG` when set (must exist), else `smx.config.json`; relative to `root`. Never the shipped example:
 * its demo hooks and local SalesMania URL must not reach a deployed stage by accident (the app's own loader
 * makes the same choice).
 */
function resolveConfigPath(root: string, env: Record<string, string | undefined>): string {
  const path = findInputFile(root, env, "SMX_CONFIG", DEFAULT_CONFIG_PATH);
  if (path !== undefined) return path;
  throw new DeployConfigError("hooks configuration", [
    `expected ${DEFAULT_CONFIG_PATH} at the project root or a file named by SMX_CONFIG; start from examples/smx.config.json`,
  ]);
}

export function readDeployConfig(root: string, env: Record<string, string | undefined>): DeployConfig {
  const path = resolveConfigPath(root, env);
  const config = validate(readFileSync(resolve(root, path), "utf8"), path);
  const problems = [
    ...secretRefs(config)
      .filter(({ ref }) => !isSecretArn(ref) && !SECRET_NAME.test(ref))
      .map(
        ({ ref, at }) =>
          `${at}: expected a Secrets Manager secret name (1–512 of A–Z a–z 0–9 / _ + = . @ -) or ARN, got ${JSON.stringify(ref)}`,
      ),
    ...config.connections.flatMap(({ id }, index) =>
      CONNECTION_ID.test(id)
        ? []
        : [
            `connections[${index}].id: expected 1–64 of A–Z a–z 0–9 _ . - (it names the connection's alarms), got ${JSON.stringify(id)}`,
          ],
    ),
  ];
  if (problems.length > 0) throw new DeployConfigError(path, problems);
  const scheduled = parseScheduledSections(config);
  const result = {
    path,
    config,
    scheduled,
    connectionSecrets: unique(config.connections.map((connection) => connection.secret)),
    rotatedSecrets: unique(
      config.connections.flatMap((connection) =>
        connection.loginSecret === undefined ? [] : [connection.secret],
      ),
    ),
    loginSecrets: unique(config.connections.flatMap((connection) => connection.loginSecret ?? [])),
    signingSecrets: unique(config.hooks.flatMap((hook) => hook.auth.secrets)),
    feedSecrets: unique(scheduled.feeds.map((feed) => feed.urlSecret)),
  };
  const readByFunctions = [...result.connectionSecrets, ...result.signingSecrets, ...result.feedSecrets];
  const overlap = result.loginSecrets.filter((ref) => readByFunctions.includes(ref));
  if (overlap.length > 0)
    throw new DeployConfigError(
      path,
      overlap.map(
        (ref) =>
          `login secret "${ref}" is also read by the functions (as a connection's, hook's or feed's secret); expected a ref of its own`,
      ),
    );
  assertDistinctResourceNames(
    [...result.connectionSecrets, ...result.loginSecrets, ...result.signingSecrets, ...result.feedSecrets],
    path,
  );
  return result;
}

/** The app's own validation; its problems (every one, by key path) become the deploy's refusal. */
function validate(text: string, path: string): SmxConfig {
  try {
    return parseConfig(text, path, { scheduledProblems: scheduledSectionProblems });
  } catch (cause) {
    if (cause instanceof ConfigError) throw new DeployConfigError(path, cause.problems, { cause });
    throw cause;
  }
}

/** The resource name of a secret ref ("salesmania-demo" → "SecretSalesmaniaDemo"); replacing it would lose the value. */
export function secretResourceName(ref: string): string {
  return `Secret${pascalCase(ref)}`;
}

function assertDistinctResourceNames(refs: string[], path: string): void {
  const byName = new Map<string, string>();
  for (const ref of refs.filter((candidate) => !isSecretArn(candidate))) {
    const name = secretResourceName(ref);
    const other = byName.get(name);
    if (other !== undefined && other !== ref)
      throw new DeployConfigError(path, [
        `secret refs "${other}" and "${ref}" both become resource ${name}; expected refs that differ in more than punctuation`,
      ]);
    byName.set(name, ref);
  }
}

/** A ref that is an ARN names a secret managed outside this app: it is granted but not created. */
export function isSecretArn(ref: string): boolean {
  return ref.startsWith(SECRET_ARN_PREFIX);
}

/** Every secret ref with the key path it is at. */
function secretRefs(config: SmxConfig): { ref: string; at: string }[] {
  return [
    ...config.connections.flatMap((connection, index) => [
      { ref: connection.secret, at: `connections[${index}].secret` },
      ...(connection.loginSecret === undefined
        ? []
        : [{ ref: connection.loginSecret, at: `connections[${index}].loginSecret` }]),
    ]),
    ...config.hooks.flatMap((hook, index) =>
      hook.auth.secrets.map((ref, at) => ({ ref, at: `hooks[${index}].auth.secrets[${at}]` })),
    ),
    ...parseScheduledSections(config).feeds.map((feed, index) => ({
      ref: feed.urlSecret,
      at: `feeds[${index}].urlSecret`,
    })),
  ];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
