// The runtime's environment, validated once at start: a missing or unusable variable fails fast with a
// RuntimeEnvError naming it, instead of surfacing later as a confusing AWS or delivery error.
import * as v from "valibot";
import { RuntimeEnvError } from "./errors.ts";

const Text = v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"));
const Integer = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^\d+$/, "must be a whole number"),
    v.transform(Number),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

const EnvSchema = v.object({
  SMX_TABLE_NAME: v.pipe(
    Text,
    v.regex(/^[A-Za-z0-9_.-]{3,255}$/, "must be a DynamoDB table name (3–255 of A–Z a–z 0–9 _ . -)"),
  ),
  /** DynamoDB Local (or another endpoint) instead of the AWS regional one. */
  SMX_DYNAMODB_ENDPOINT: v.optional(
    v.pipe(Text, v.regex(/^https?:\/\/[^/\s]+/, "must be an http(s) URL such as http://127.0.0.1:8000")),
  ),
  /** Path to the hooks/connections configuration file. */
  SMX_CONFIG: v.optional(Text),
  /** The same configuration inline, as JSON. */
  SMX_CONFIG_JSON: v.optional(Text),
  /** Where secret references resolve: AWS Secrets Manager, or a local JSON file / environment. */
  SMX_SECRETS: v.optional(v.picklist(["aws", "local"], 'must be "aws" or "local"'), "aws"),
  SMX_SECRETS_FILE: v.optional(Text),
  /** Local secrets only: the file of the versions the local token rotation writes (docs/local.md). */
  SMX_SECRETS_VERSIONS_FILE: v.optional(Text),
  /** How long resolved secrets are cached (seconds). */
  SMX_SECRETS_CACHE_SECONDS: v.optional(Integer(0, 86_400), "300"),
  /** Deadline of one DynamoDB or Secrets Manager call (ms); default 1000 against AWS, 5000 against an emulator. */
  SMX_AWS_TIMEOUT_MS: v.optional(Integer(100, 60_000)),
  /** Attempts per DynamoDB or Secrets Manager call, the first included. */
  SMX_AWS_MAX_ATTEMPTS: v.optional(Integer(1, 10)),
  /** Inline delivery budget per webhook request (ms): kept under the strictest sender timeout (Tally's 10 s). */
  SMX_INLINE_BUDGET_MS: v.optional(Integer(500, 25_000), "8000"),
  // Pipeline settings: unset means the core's default (docs/delivery.md).
  /** Delivery budget per event during a redrive (ms). */
  SMX_REDRIVE_BUDGET_MS: v.optional(Integer(500, 600_000)),
  /** Due retries one redrive run takes on at most. */
  SMX_REDRIVE_BATCH: v.optional(Integer(1, 1000)),
  /** Attempts before a retrying event becomes dead. */
  SMX_MAX_ATTEMPTS: v.optional(Integer(1, 100)),
  /** Backoff of retries: first delay ceiling and largest delay (ms). */
  SMX_BACKOFF_BASE_MS: v.optional(Integer(0, 86_400_000)),
  SMX_BACKOFF_CAP_MS: v.optional(Integer(0, 86_400_000)),
  /** Days a ledger record is kept. */
  SMX_RETENTION_DAYS: v.optional(Integer(1, 3650)),
  SMX_SERVICE_NAME: v.optional(Text, "smx"),
  /** How long a verified actions-API key is trusted per container before its record is read again (s). */
  SMX_API_KEY_CACHE_SECONDS: v.optional(Integer(0, 60), "5"),
});

export type RuntimeEnv = v.InferOutput<typeof EnvSchema>;

/** Reads and validates the runtime's variables; unknown variables are ignored. */
export function parseRuntimeEnv(env: Record<string, string | undefined>): RuntimeEnv {
  const present = Object.fromEntries(
    Object.keys(EnvSchema.entries).flatMap((name) => {
      const value = env[name];
      // An empty variable means "not set" (shells and SST both produce them).
      return value === undefined || value.trim() === "" ? [] : [[name, value]];
    }),
  );
  const result = v.safeParse(EnvSchema, present);
  if (!result.success) {
    const issue = result.issues[0];
    const variable = String(issue.path?.[0]?.key ?? "environment");
    const got = present[variable];
    throw new RuntimeEnvError(
      variable,
      got === undefined ? "is required but not set" : `${issue.message}, got "${got.slice(0, 80)}"`,
    );
  }
  const parsed = result.output;
  if (parsed.SMX_CONFIG === undefined && parsed.SMX_CONFIG_JSON === undefined) {
    throw new RuntimeEnvError(
      "SMX_CONFIG",
      "set SMX_CONFIG (path to the hooks configuration file) or SMX_CONFIG_JSON (the same, inline); neither is set",
    );
  }
  if (parsed.SMX_CONFIG !== undefined && parsed.SMX_CONFIG_JSON !== undefined) {
    throw new RuntimeEnvError("SMX_CONFIG_JSON", "set SMX_CONFIG or SMX_CONFIG_JSON, not both");
  }
  return parsed;
}
