// The deploy settings of each stage: its custom domain and its alarm thresholds. They live in their own file,
// smx.deploy.json (or the file named by SMX_DEPLOY_SETTINGS), next to smx.config.json: versioned and reviewed
// like the hooks, one entry per stage, validated here with errors naming the key. Not in smx.config.json,
// because that file is shipped to the functions and the app's strict schema rightly refuses keys it does not
// use; not in environment variables, because a per-hook list and a dozen thresholds per stage belong in a
// reviewed file, not in whoever's shell ran the deploy. The file is optional: no file, no custom domain and
// the default thresholds. Plain Node.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { BasePath } from "@smx/sources";
import * as v from "valibot";
import { DeployConfigError } from "./deploy-error.ts";
import { findInputFile } from "./input-file.ts";

const DEFAULT_SETTINGS_PATH = "smx.deploy.json";
/** Where alarm descriptions point when the file names no runbook URL (a path in this repository). */
export const DEFAULT_RUNBOOK_URL = "docs/operations.md";

/** A DNS name: dot-separated labels of letters, digits and inner hyphens, a top-level label of letters. */
function isHostName(name: string): boolean {
  const labels = name.split(".");
  return (
    name.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) &&
    /^[a-z]{2,63}$/.test(labels.at(-1)!)
  );
}

const HostName = v.pipe(v.string(), v.check(isHostName, "a lower-case DNS name such as hooks.example.co.id"));
const CertificateArn = v.pipe(
  v.string(),
  v.regex(
    /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/,
    "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>) in the stage's region",
  ),
);
/** Served under `https://<name>/<basePath>/hooks/…`; the webhooks function strips it (SMX_BASE_PATH). */
const OptionalBasePath = v.optional(BasePath);

const Domain = v.variant("dns", [
  v.strictObject({
    name: HostName,
    /** Route 53 hosts the zone: SST validates the certificate and creates the alias records itself. */
    dns: v.literal("route53"),
    /** Only needed when several hosted zones could hold the name. */
    hostedZoneId: v.optional(v.pipe(v.string(), v.regex(/^Z[A-Z0-9]{1,31}$/, "a Route 53 hosted zone id"))),
    basePath: OptionalBasePath,
  }),
  v.strictObject({
    name: HostName,
    /** Any other DNS provider: bring an issued ACM certificate; add the CNAME the deploy prints. */
    dns: v.literal("external"),
    certificateArn: CertificateArn,
    basePath: OptionalBasePath,
  }),
]);

const AtLeastOne = v.pipe(v.number(), v.integer(), v.minValue(1));

/** Thresholds per stage, each with the default an operator gets without the file (docs/operations.md#alarms). */
const Alarms = v.strictObject({
  /** Failed (or timed-out) runs of a scheduled job (the redrive) in 5 minutes. */
  jobErrors: v.optional(AtLeastOne, 2),
  /** A scheduled job run's duration, as a percentage of its timeout. */
  jobDurationPercent: v.optional(v.pipe(v.number(), v.minValue(10), v.maxValue(100)), 80),
  /** Retries due at once, for 15 minutes. */
  retryBacklog: v.optional(AtLeastOne, 100),
  /** Minutes the oldest due retry has waited (Metrics Insights alarms see the last 3 hours only). */
  oldestDueRetryMinutes: v.optional(v.pipe(AtLeastOne, v.maxValue(170)), 15),
  /** API Gateway 5xx answers in 5 minutes (a disabled hook answers 503 on purpose). */
  api5xx: v.optional(AtLeastOne, 10),
  /** Refused hook credentials in 5 minutes, all hooks together. */
  authFailures: v.optional(AtLeastOne, 20),
  /** SalesMania 429 answers per connection in 5 minutes. */
  salesmania429: v.optional(AtLeastOne, 5),
  /** SalesMania 401 answers per connection that a fresh login did not cure, in 5 minutes. */
  salesmania401: v.optional(AtLeastOne, 1),
  /** Hooks that normally receive events every day → hours without one before the alarm (at most 7 days). */
  silentHooks: v.optional(v.record(v.string(), v.pipe(AtLeastOne, v.maxValue(168))), {}),
});

const StageSettings = v.strictObject({
  domain: v.optional(Domain),
  alarms: v.optional(Alarms, {}),
});

const SettingsFile = v.strictObject({
  $schema: v.optional(v.string()),
  /** Where alarm descriptions link to, e.g. your fork's docs/operations.md on your Git host. */
  runbookUrl: v.optional(v.pipe(v.string(), v.url())),
  stages: v.optional(v.record(v.string(), StageSettings), {}),
});

export type StageSettings = v.InferOutput<typeof StageSettings>;
export type DomainSettings = NonNullable<StageSettings["domain"]>;
export type AlarmSettings = StageSettings["alarms"];

export interface DeploySettings {
  /** The file read, relative to the root; undefined when there is none (defaults). */
  path: string | undefined;
  runbookUrl: string;
  /** This stage's entry, defaults applied (an empty entry when the file names no such stage). */
  stage: StageSettings;
}

export function readDeploySettings(
  root: string,
  env: Record<string, string | undefined>,
  stage: string,
): DeploySettings {
  // `SMX_DEPLOY_SETTINGS` when set (must exist), else smx.deploy.json if present, else none (defaults).
  const path = findInputFile(root, env, "SMX_DEPLOY_SETTINGS", DEFAULT_SETTINGS_PATH);
  const document = path === undefined ? {} : parseJson(readFileSync(resolve(root, path), "utf8"), path);
  const result = v.safeParse(SettingsFile, document);
  if (!result.success)
    throw new DeployConfigError(
      path ?? DEFAULT_SETTINGS_PATH,
      result.issues.map((issue) => `${v.getDotPath(issue) ?? "(file)"}: ${issue.message}`),
    );
  const { runbookUrl, stages } = result.output;
  assertOneStagePerDomain(stages, path ?? DEFAULT_SETTINGS_PATH);
  return {
    path,
    runbookUrl: runbookUrl ?? DEFAULT_RUNBOOK_URL,
    stage: stages[stage] ?? v.parse(StageSettings, {}),
  };
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new DeployConfigError(path, [`expected JSON, ${(cause as Error).message}`], { cause });
  }
}

/** A custom domain serves one API: two stages naming it would take it from each other on every deploy. */
function assertOneStagePerDomain(stages: Record<string, StageSettings>, path: string): void {
  const stageByDomain = new Map<string, string>();
  const problems: string[] = [];
  for (const [stage, settings] of Object.entries(stages)) {
    const name = settings.domain?.name;
    if (name === undefined) continue;
    const other = stageByDomain.get(name);
    if (other !== undefined)
      problems.push(`stages.${stage}.domain.name: "${name}" is already the domain of stage "${other}"`);
    stageByDomain.set(name, stage);
  }
  if (problems.length > 0) throw new DeployConfigError(path, problems);
}
