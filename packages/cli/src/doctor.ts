// `smx doctor`: after a deploy (or against the local stack), everything a delivery depends on, tried once —
// every secret's form (the same check as `config check`), every connection's login and a cheap read (the
// same steps as `connection check`), and every hook's URL through its GET check over HTTP. Each problem
// names the item and what to fix.
import { checkSecrets, type Runtime, type SecretCheck } from "@smx/runtime";
import { hookUrl } from "@smx/sources";
import { checkConnection } from "./connection.ts";
import { networkReason } from "./hooks.ts";

/** One hook URL check may take this long (a sender's setup screen waits about as much). */
export const HOOK_CHECK_TIMEOUT_MS = 10_000;

export type DoctorArea = "secret" | "connection" | "hook";

export interface DoctorItem {
  area: DoctorArea;
  /** The hook or connection id (for a secret, its owner's). */
  id: string;
  ok: boolean;
  /** What was checked and found (for a problem, what is wrong). */
  detail: string;
  /** What to do about it; present exactly when `ok` is false. */
  fix?: string;
}

export interface DoctorReport {
  /** The webhooks app's base URL the hooks were checked at. */
  baseUrl: string;
  ok: boolean;
  items: DoctorItem[];
}

export async function runDoctor(runtime: Runtime, baseUrl: string): Promise<DoctorReport> {
  // Logins too: the operator may read them, and a split connection's next rotation logs in with one.
  const secrets = await checkSecrets(runtime, { logins: true });
  const [connections, hooks] = await Promise.all([
    Promise.all(runtime.config.connections.map((c) => connectionItem(runtime, c.id, secrets))),
    Promise.all(runtime.config.hooks.map((hook) => hookItem(baseUrl, hook.id))),
  ]);
  const items = [...secrets.map((check) => secretItem(check, runtime)), ...connections, ...hooks];
  return { baseUrl, ok: items.every((item) => item.ok), items };
}

function secretItem(check: SecretCheck, runtime: Runtime): DoctorItem {
  const subject = `${check.owner} ${check.id}: secret "${check.ref}"`;
  if (check.problem === undefined)
    return {
      area: "secret",
      id: check.id,
      ok: true,
      detail: check.warning === undefined ? subject : `${subject} (${check.warning})`,
    };
  return {
    area: "secret",
    id: check.id,
    ok: false,
    detail: `${subject}: ${check.problem}`,
    fix: secretFix(check, runtime),
  };
}

function secretFix({ owner, id, ref }: SecretCheck, runtime: Runtime): string {
  if (owner === "hook")
    return `store the value the sender signs or authenticates with in secret "${ref}" (docs/configuration.md); the hook answers 503 until then`;
  if (owner === "feed")
    return `store the calendar's address (https or webcal) in secret "${ref}" (docs/calendar.md); the feed's job fails until then`;
  const connection = runtime.config.connections.find((c) => c.id === id);
  if (connection?.loginSecret !== undefined && ref === connection.secret)
    return `the token rotation writes secret "${ref}": fix the login secret "${connection.loginSecret}" if it is reported too, then smx connection rotate-secret ${id}; events wait as retry until then`;
  return `store the account's {"username", "password", "databaseId"} in secret "${ref}"; events wait as retry until then`;
}

async function connectionItem(runtime: Runtime, id: string, secrets: SecretCheck[]): Promise<DoctorItem> {
  // An unusable secret is already reported above; logging in with it would only repeat that.
  if (secrets.some((check) => check.owner === "connection" && check.id === id && check.problem))
    return {
      area: "connection",
      id,
      ok: false,
      detail: "not tried: its secret is unusable",
      fix: "fix its secret (above), then run smx doctor again",
    };
  const check = await checkConnection(runtime, id);
  const failed = check.steps.find((step) => !step.ok);
  if (failed === undefined)
    return {
      area: "connection",
      id,
      ok: true,
      detail: `logged in at ${check.baseUrl}: ${check.steps.map((step) => step.detail).join(", ")}`,
    };
  return {
    area: "connection",
    id,
    ok: false,
    detail: `${failed.step} failed at ${check.baseUrl}`,
    fix: `${failed.detail}; then smx connection check ${id}`,
  };
}

async function hookItem(baseUrl: string, hookId: string): Promise<DoctorItem> {
  const url = hookUrl(baseUrl, hookId);
  const problem = (detail: string, fix: string): DoctorItem => ({
    area: "hook",
    id: hookId,
    ok: false,
    detail: `GET ${url}: ${detail}`,
    fix,
  });
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(HOOK_CHECK_TIMEOUT_MS) });
  } catch (error) {
    return problem(
      `no answer (${networkReason(error)})`,
      "check the base URL (the deploy's apiUrl, --url) and that the API and its custom domain's DNS are in place",
    );
  }
  const body = (await response.json().catch(() => undefined)) as { ready?: unknown } | undefined;
  if (response.status === 404)
    return problem(
      "404, the deployed app has no such hook",
      "deploy the configuration that has it (sst deploy), or check --url points at this stage",
    );
  if (response.status !== 200 || body === undefined)
    return problem(
      `HTTP ${response.status}, not the hook's check answer`,
      "check that --url is the webhooks API (the deploy's apiUrl) and the function's logs for errors",
    );
  if (body.ready !== true)
    return problem(
      "the hook is disabled: its sender gets 503 and retries later",
      `remove "disabled": true from hook ${hookId} in smx.config.json and deploy, or delete the hook and its sender's setup`,
    );
  return { area: "hook", id: hookId, ok: true, detail: `GET ${url}: ready` };
}

export function formatDoctor(report: DoctorReport): string {
  const lines = [`checked against ${report.baseUrl}`];
  for (const item of report.items) {
    lines.push(`${item.ok ? "ok  " : "FAIL"}  ${item.area.padEnd(10)} ${item.id}  ${item.detail}`);
    if (item.fix !== undefined) lines.push(`      fix: ${item.fix}`);
  }
  const problems = report.items.filter((item) => !item.ok).length;
  lines.push(problems === 0 ? "everything checked works" : `${problems} problem(s) to fix`);
  return `${lines.join("\n")}\n`;
}
