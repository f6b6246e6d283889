// What the developer sees once the stack is up: the hook URLs, a curl that sends a hook its source's sample
// (paste it twice to see the duplicate answered from the ledger), the admin key and where to go next.
import { relative } from "node:path";
import { SecretNotFoundError } from "@smx/core";
import {
  asInboundRequest,
  type HookConfig,
  hookRequest,
  InboundError,
  normalizeInbound,
  type SamplePayload,
  SamplePayloadError,
  samplePayload,
} from "@smx/sources";
import { curlCommand } from "./curl.ts";
import type { LocalStack } from "./stack.ts";

/**
 * The hook the sample curl targets: an API-key hook (a Zapier-style sender, so the curl needs no signature)
 * whose own mapping turns its source's sample into a command — a visit hook first. A hook whose mapping does
 * not fit the sample (an UpsertCustomer hook fed the visit sample) would only show a 422.
 */
export function demoHook(
  hooks: readonly HookConfig[],
  timeZoneOf: (hook: HookConfig) => string,
  now: number = Date.now(),
): { hook: HookConfig; sample: SamplePayload } | undefined {
  const candidates = hooks.filter((hook) => !hook.disabled && hook.auth.scheme === "api-key");
  const ordered = [
    ...candidates.filter((hook) => hook.action === "CreateVisit"),
    ...candidates.filter((hook) => hook.action !== "CreateVisit"),
  ];
  for (const hook of ordered) {
    const sample = sampleFitting(hook, timeZoneOf(hook), now);
    if (sample !== undefined) return { hook, sample };
  }
  return undefined;
}

/** The source's sample when the hook's mapping makes a command of it (authentication aside), else undefined. */
function sampleFitting(hook: HookConfig, timeZone: string, now: number): SamplePayload | undefined {
  let sample: SamplePayload;
  try {
    sample = samplePayload(hook.source);
  } catch (error) {
    if (error instanceof SamplePayloadError) return undefined;
    throw error;
  }
  const request = hookRequest(hook, {
    baseUrl: "http://banner.invalid",
    secret: "unchecked",
    body: sample.body,
    contentType: sample.contentType,
    idempotencyKey: "banner-check",
    now,
  });
  try {
    const normalized = normalizeInbound(asInboundRequest(request, now), {
      hook,
      secrets: [],
      now,
      timeZone,
      retentionMs: Number.POSITIVE_INFINITY,
    });
    return normalized.kind === "event" ? sample : undefined;
  } catch (error) {
    if (error instanceof InboundError) return undefined;
    throw error;
  }
}

export async function describeStack(stack: LocalStack, now: number = Date.now()): Promise<string> {
  const { urls, runtime, settings } = stack;
  const lines = ["", "SalesMania hooks — local stack is up", ""];
  lines.push(`  webhooks   ${urls.webhooks}   (health: ${urls.webhooks}/health)`);
  lines.push(
    urls.sandbox === undefined
      ? "  salesmania the real account from SMX_SALESMANIA_BASE_URL (no sandbox)"
      : `  sandbox    ${urls.sandbox}   (SalesMania simulator, demo account; state in ${shown(settings.rootDir, `${settings.stateDir}/sandbox.json`)})`,
  );
  lines.push(`  dynamodb   ${urls.dynamodb}   table ${settings.tableName}`);
  lines.push(`  config     ${shown(settings.rootDir, settings.configFile)}`);
  lines.push(`  secrets    ${shown(settings.rootDir, settings.secretsFile)}`);
  lines.push("", "Hooks:");
  for (const hook of runtime.config.hooks) {
    lines.push(
      `  ${hook.id.padEnd(24)} ${hook.source.padEnd(18)} ${hook.action.padEnd(15)} ${urls.hooks[hook.id]}`,
    );
  }
  if (stack.secretProblems.length > 0) {
    lines.push("", "Secret problems (these answer 503 / wait as retry until fixed; pnpm smx config check):");
    for (const check of stack.secretProblems) lines.push(`  ${check.owner} ${check.id}: ${check.problem}`);
  }
  const demo = demoHook(runtime.config.hooks, runtime.timeZoneOf, now);
  const curl = demo === undefined ? undefined : await sampleCurl(stack, demo.hook, demo.sample, now);
  if (curl !== undefined) {
    lines.push(
      "",
      `${demo!.hook.action} through "${demo!.hook.id}" with ${shown(settings.rootDir, demo!.sample.file)} (paste it again: the same key answers 200 from the ledger):`,
    );
    lines.push("", curl);
  } else if (demo === undefined) {
    lines.push(
      "",
      "(no sample curl: no enabled API-key hook maps its source's sample in examples/payloads/)",
    );
  }
  lines.push(
    "",
    `Admin API key: ${stack.adminApiKey}   (Authorization: Bearer …, ${urls.webhooks}/admin/events)`,
  );
  lines.push(`Console: ${urls.webhooks}/console   (log in with the admin key; docs/console.md)`);
  lines.push("Operator CLI (another terminal): pnpm smx events list --hook <id>   ·   pnpm smx --help");
  lines.push("Ctrl-C stops everything.", "");
  return lines.join("\n");
}

async function sampleCurl(
  stack: LocalStack,
  hook: HookConfig,
  sample: SamplePayload,
  now: number,
): Promise<string> {
  let secret: string;
  try {
    secret = await stack.runtime.secrets.getSecret(hook.auth.secrets[0]!);
  } catch (error) {
    // The stack still runs; the developer learns which secret to add.
    if (error instanceof SecretNotFoundError) return `  (no sample curl: ${error.message})`;
    throw error;
  }
  const request = hookRequest(hook, {
    baseUrl: stack.urls.webhooks,
    secret,
    body: sample.body,
    contentType: sample.contentType,
    idempotencyKey: `demo-${now}`,
    now,
  });
  return curlCommand(request, sample.file);
}

function shown(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith("..") ? file : rel;
}
