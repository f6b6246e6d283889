// The local stack's own settings, read once from the environment: ports, files, the admin key, and an
// optional real SalesMania account that replaces the sandbox (docs/local.md lists every variable). The
// local stack starts from them; the CLI reads them to find a running stack or the local configuration.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as v from "valibot";
import { LocalSettingsError } from "./errors.ts";

/** The repository root: `.local/`, `examples/` and the default config/secrets files are found from here. */
export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** Printed at start; only ever valid against this machine's local stack. */
export const DEV_ADMIN_API_KEY = "smx-local-admin-key";
export const DEFAULT_TABLE_NAME = "smx-local";
export const DEFAULT_PORTS = { webhooks: 3000, sandbox: 4010, dynamodb: 8000 } as const;

export interface RealSalesmania {
  baseUrl: string;
  username: string;
  password: string;
  databaseId: number;
  teamId?: number;
}

export interface LocalSettings {
  rootDir: string;
  /** DynamoDB data, the sandbox state, stack.json: SMX_LOCAL_DIR, else `.local/` under the root. */
  stateDir: string;
  ports: { webhooks: number; sandbox: number; dynamodb: number };
  /** An already running DynamoDB (Local) to use instead of starting one. */
  dynamoEndpoint?: string;
  tableName: string;
  configFile: string;
  secretsFile: string;
  adminApiKey: string;
  /** When set, the default connection talks to this account and no sandbox starts. */
  salesmania?: RealSalesmania;
}

const Port = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d+$/, "a port number from 0 to 65535"),
  v.transform(Number),
  v.maxValue(65_535, "a port number from 0 to 65535"),
);
const Id = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[1-9]\d*$/, "a positive whole number"),
  v.transform(Number),
);
const Text = v.pipe(v.string(), v.trim(), v.nonEmpty("a non-empty value"));

const Schema = v.object({
  SMX_PORT: v.optional(Port),
  PORT: v.optional(Port),
  SMX_SANDBOX_PORT: v.optional(Port),
  SMX_DYNAMODB_PORT: v.optional(Port),
  SMX_DYNAMODB_ENDPOINT: v.optional(v.pipe(Text, v.url("an http(s) URL such as http://127.0.0.1:8000"))),
  SMX_TABLE_NAME: v.optional(Text),
  SMX_LOCAL_DIR: v.optional(Text),
  SMX_CONFIG: v.optional(Text),
  SMX_SECRETS_FILE: v.optional(Text),
  SMX_ADMIN_API_KEY: v.optional(Text),
  SMX_SALESMANIA_BASE_URL: v.optional(
    v.pipe(Text, v.url("an http(s) URL such as https://api.salesmania.id")),
  ),
  SMX_SALESMANIA_USERNAME: v.optional(Text),
  SMX_SALESMANIA_PASSWORD: v.optional(Text),
  SMX_SALESMANIA_DATABASE_ID: v.optional(Id),
  SMX_SALESMANIA_TEAM_ID: v.optional(Id),
});
type Parsed = v.InferOutput<typeof Schema>;

// Never quoted back in an error: they are credentials.
const SECRET_VARIABLES = new Set(["SMX_ADMIN_API_KEY", "SMX_SALESMANIA_PASSWORD", "SMX_SALESMANIA_USERNAME"]);

export function readLocalSettings(
  env: Record<string, string | undefined>,
  rootDir: string = REPO_ROOT,
): LocalSettings {
  const parsed = parse(env);
  const stateDir =
    parsed.SMX_LOCAL_DIR === undefined ? join(rootDir, ".local") : resolve(parsed.SMX_LOCAL_DIR);
  const salesmania = realSalesmania(parsed);
  return {
    rootDir,
    stateDir,
    ports: {
      webhooks: parsed.SMX_PORT ?? parsed.PORT ?? DEFAULT_PORTS.webhooks,
      sandbox: parsed.SMX_SANDBOX_PORT ?? DEFAULT_PORTS.sandbox,
      dynamodb: parsed.SMX_DYNAMODB_PORT ?? DEFAULT_PORTS.dynamodb,
    },
    ...(parsed.SMX_DYNAMODB_ENDPOINT === undefined ? {} : { dynamoEndpoint: parsed.SMX_DYNAMODB_ENDPOINT }),
    tableName: parsed.SMX_TABLE_NAME ?? DEFAULT_TABLE_NAME,
    configFile: firstExisting(rootDir, parsed.SMX_CONFIG, ["smx.config.json", "examples/smx.config.json"]),
    secretsFile: firstExisting(rootDir, parsed.SMX_SECRETS_FILE, [
      "secrets.local.json",
      "examples/secrets.local.example.json",
    ]),
    adminApiKey: parsed.SMX_ADMIN_API_KEY ?? DEV_ADMIN_API_KEY,
    ...(salesmania === undefined ? {} : { salesmania }),
  };
}

function parse(env: Record<string, string | undefined>): Parsed {
  const present = Object.fromEntries(
    Object.keys(Schema.entries).flatMap((name) => {
      const value = env[name];
      return value === undefined || value.trim() === "" ? [] : [[name, value]];
    }),
  );
  const result = v.safeParse(Schema, present);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const variable = String(issue.path?.[0]?.key ?? "environment");
  const got = SECRET_VARIABLES.has(variable) ? "" : `, got "${String(present[variable]).slice(0, 80)}"`;
  throw new LocalSettingsError(variable, `expected ${issue.message}${got}`);
}

/** All of base URL, username, password and database id, or none: half a real account is a mistake. */
function realSalesmania(parsed: Parsed): RealSalesmania | undefined {
  const required = {
    SMX_SALESMANIA_BASE_URL: parsed.SMX_SALESMANIA_BASE_URL,
    SMX_SALESMANIA_USERNAME: parsed.SMX_SALESMANIA_USERNAME,
    SMX_SALESMANIA_PASSWORD: parsed.SMX_SALESMANIA_PASSWORD,
    SMX_SALESMANIA_DATABASE_ID: parsed.SMX_SALESMANIA_DATABASE_ID,
  };
  const set = Object.entries(required).filter(([, value]) => value !== undefined);
  if (set.length === 0 && parsed.SMX_SALESMANIA_TEAM_ID === undefined) return undefined;
  const missing = Object.entries(required).find(([, value]) => value === undefined);
  if (missing !== undefined) {
    throw new LocalSettingsError(
      missing[0],
      `is required when a real SalesMania account is configured (set ${Object.keys(required).join(", ")} together, or none of them to use the sandbox)`,
    );
  }
  return {
    baseUrl: parsed.SMX_SALESMANIA_BASE_URL!,
    username: parsed.SMX_SALESMANIA_USERNAME!,
    password: parsed.SMX_SALESMANIA_PASSWORD!,
    databaseId: parsed.SMX_SALESMANIA_DATABASE_ID!,
    ...(parsed.SMX_SALESMANIA_TEAM_ID === undefined ? {} : { teamId: parsed.SMX_SALESMANIA_TEAM_ID }),
  };
}

/** The given path (resolved from the working directory), else the first default that exists under the root. */
function firstExisting(rootDir: string, given: string | undefined, defaults: string[]): string {
  if (given !== undefined) return resolve(given);
  const candidates = defaults.map((name) => join(rootDir, name));
  return candidates.find((file) => existsSync(file)) ?? candidates[candidates.length - 1]!;
}
