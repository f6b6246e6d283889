// Reads, at deploy time, the hooks configuration file that is shipped to the functions, and lists the secret
// references it uses so the infrastructure can create one Secrets Manager secret per reference and grant the
// functions read access to exactly those. Plain Node (no SST globals): unit-testable and type-checked by the
// root tsconfig. The full schema is validated by the app itself at start (@smx/sources); this reads only the
// three fields the infrastructure needs, because the root package (where sst.config.ts runs) has no valibot.
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { pascalCase } from "./names.ts";

const DEFAULT_CONFIG_PATH = "smx.config.json";

/** Secrets Manager secret names: 1–512 characters of A–Z a–z 0–9 / _ + = . @ - */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN_PREFIX = "arn:aws:secretsmanager:";

export interface DeployConfig {
  /** The file read, relative to the project root: SST resolves `copyFiles` sources against the root. */
  path: string;
  /** Secret refs of the SalesMania connections (read by the webhooks function and the scheduled jobs). */
  connectionSecrets: string[];
  /** Secret refs of the webhook signing keys, API keys and tokens (read by the webhooks function only). */
  signingSecrets: string[];
}

export class DeployConfigError extends Error {
  override name = "DeployConfigError";
}

/**
 * `SMX_CONFIG` when set (must exist), else `smx.config.json`; relative to `root`. Never the shipped example:
 * its demo hooks and local SalesMania URL must not reach a deployed stage by accident (the app's own loader
 * makes the same choice).
 */
function resolveConfigPath(root: string, env: Record<string, string | undefined>): string {
  const explicit = env.SMX_CONFIG;
  if (explicit !== undefined && explicit !== "") {
    if (!existsSync(resolve(root, explicit)))
      throw new DeployConfigError(
        `SMX_CONFIG: expected a readable file, got "${explicit}" which does not exist`,
      );
    return relative(root, resolve(root, explicit));
  }
  if (existsSync(resolve(root, DEFAULT_CONFIG_PATH))) return DEFAULT_CONFIG_PATH;
  throw new DeployConfigError(
    `hooks configuration: expected ${DEFAULT_CONFIG_PATH} at the project root or a file named by SMX_CONFIG; start from examples/smx.config.json`,
  );
}

export function readDeployConfig(root: string, env: Record<string, string | undefined>): DeployConfig {
  const path = resolveConfigPath(root, env);
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(resolve(root, path), "utf8"));
  } catch (cause) {
    throw new DeployConfigError(`${path}: expected JSON, ${(cause as Error).message}`, { cause });
  }
  const config = record(document, path);
  const connections = list(config.connections, `${path}: connections`).map((entry, index) => {
    const where = `${path}: connections[${index}]`;
    return secretRef(record(entry, where).secret, `${where}.secret`);
  });
  const signing = list(config.hooks, `${path}: hooks`).flatMap((entry, index) => {
    const where = `${path}: hooks[${index}].auth`;
    const auth = record(record(entry, `${path}: hooks[${index}]`).auth, where);
    return list(auth.secrets, `${where}.secrets`).map((ref, at) => secretRef(ref, `${where}.secrets[${at}]`));
  });
  const result = { path, connectionSecrets: unique(connections), signingSecrets: unique(signing) };
  assertDistinctResourceNames([...result.connectionSecrets, ...result.signingSecrets], path);
  return result;
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
      throw new DeployConfigError(
        `${path}: secret refs "${other}" and "${ref}" both become resource ${name}; expected refs that differ in more than punctuation`,
      );
    byName.set(name, ref);
  }
}

/** A ref that is an ARN names a secret managed outside this app: it is granted but not created. */
export function isSecretArn(ref: string): boolean {
  return ref.startsWith(SECRET_ARN_PREFIX);
}

function secretRef(value: unknown, where: string): string {
  if (typeof value === "string" && (isSecretArn(value) || SECRET_NAME.test(value))) return value;
  throw new DeployConfigError(
    `${where}: expected a Secrets Manager secret name (1–512 of A–Z a–z 0–9 / _ + = . @ -) or ARN, got ${JSON.stringify(value)}`,
  );
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  throw new DeployConfigError(`${where}: expected an object, got ${describe(value)}`);
}

function list(value: unknown, where: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new DeployConfigError(`${where}: expected an array, got ${describe(value)}`);
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
