// `connection check`: the first thing a new user runs. Each step the delivery path depends on is tried in
// order — the secret, a bearer token, the databases, a team token, the teams — and the first failure is
// reported with what to fix.
import {
  parseSalesmaniaSecret,
  type SalesmaniaSecret,
  SecretNotFoundError,
  salesmaniaAuthOf,
  salesmaniaClientOptions,
} from "@smx/core";
import type { Runtime } from "@smx/runtime";
import {
  type Database,
  SalesmaniaAuthError,
  SalesmaniaClient,
  SalesmaniaError,
  type Team,
} from "@smx/salesmania";
import { NotConfiguredError } from "./errors.ts";

export type CheckStep = "secret" | "token" | "databases" | "team-token" | "teams";

export interface StepResult {
  step: CheckStep;
  ok: boolean;
  detail: string;
}

export interface ConnectionCheck {
  connection: string;
  baseUrl: string;
  ok: boolean;
  steps: StepResult[];
  databases?: Database[];
  teams?: Team[];
}

export async function checkConnection(runtime: Runtime, connectionId: string): Promise<ConnectionCheck> {
  const config = runtime.config.connections.find((connection) => connection.id === connectionId);
  if (config === undefined) {
    throw new NotConfiguredError(
      "connection",
      connectionId,
      runtime.config.connections.map((c) => c.id),
    );
  }
  const check: ConnectionCheck = { connection: config.id, baseUrl: config.baseUrl, ok: false, steps: [] };
  // A split connection logs in with its login secret, as its rotation does.
  const ref = config.loginSecret ?? config.secret;
  const step = async <T>(name: CheckStep, run: () => Promise<T>, describe: (value: T) => string) => {
    try {
      const value = await run();
      check.steps.push({ step: name, ok: true, detail: describe(value) });
      return value;
    } catch (error) {
      check.steps.push({ step: name, ok: false, detail: explain(name, ref, error) });
      return undefined;
    }
  };

  const secret = await step(
    "secret",
    async () => parseSalesmaniaSecret(ref, await runtime.secrets.getSecret(ref, { forceRefresh: true })),
    (value) => `"${ref}" holds ${shapeOf(value)}`,
  );
  if (secret === undefined) return check;
  // One attempt per call: a check should answer quickly and say what failed, not retry it.
  const client = new SalesmaniaClient({
    ...salesmaniaClientOptions(config, salesmaniaAuthOf(secret)),
    retry: { maxAttempts: 1 },
  });
  const token = await step(
    "token",
    () => client.auth.bearerToken(),
    () => "bearer token issued",
  );
  if (token === undefined) return check;
  const databases = await step(
    "databases",
    () => client.databases.list(),
    (list) => `${list.length} database(s)`,
  );
  if (databases === undefined) return check;
  check.databases = databases;
  const teamToken = await step(
    "team-token",
    () => client.auth.teamToken(),
    () =>
      `team token issued for database ${"databaseId" in secret && secret.databaseId !== undefined ? secret.databaseId : "(the account's first)"}`,
  );
  if (teamToken === undefined) return check;
  const teams = await step(
    "teams",
    () => client.teams.list(),
    (list) => `${list.length} team(s)`,
  );
  if (teams === undefined) return check;
  check.teams = teams;
  check.ok = true;
  return check;
}

function shapeOf(secret: SalesmaniaSecret): string {
  return "bearerToken" in secret ? "ready-made tokens" : "login credentials";
}

function explain(step: CheckStep, secretRef: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SecretNotFoundError)
    return `${message}; store the account's {username, password, databaseId} there`;
  if (error instanceof SalesmaniaAuthError) {
    return step === "token"
      ? `${message}: SalesMania refused the username/password in secret "${secretRef}"; correct them there`
      : `${message}: the account cannot use this database/team; check databaseId/teamId in secret "${secretRef}"`;
  }
  if (error instanceof SalesmaniaError)
    return `${message} (is the connection's baseUrl right and reachable?)`;
  return message;
}
