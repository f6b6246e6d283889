// A connection's SalesMania secret: its JSON forms (login credentials or ready-made tokens), and the
// credentials provider the connection's client asks. The secret is read through the SecretsProvider port once
// and kept; when SalesMania refuses it, it is read again (at most once per interval), so a rotated password
// is picked up without a redeploy.
import type { CredentialsProvider, SalesmaniaAuth } from "@smx/salesmania";
import * as v from "valibot";
import { SecretFormatError } from "./errors.ts";
import { sha256Hex } from "./ids.ts";
import type { Clock, SecretsProvider } from "./ports.ts";
import { RotatingSecret, SECRET_REFRESH_INTERVAL_MS } from "./rotating-secret.ts";

const NonEmpty = v.pipe(v.string(), v.trim(), v.nonEmpty());
const Id = v.pipe(v.number(), v.integer(), v.minValue(1));
export const SalesmaniaCredentialsSecret = v.strictObject({
  username: NonEmpty,
  password: v.pipe(v.string(), v.nonEmpty()),
  databaseId: v.optional(Id),
  teamId: v.optional(Id),
});
export const SalesmaniaTokensSecret = v.strictObject({
  bearerToken: v.pipe(v.string(), v.nonEmpty()),
  teamToken: v.pipe(v.string(), v.nonEmpty()),
});
/** The JSON a connection's secret holds: login credentials, or ready-made tokens. */
export const SalesmaniaSecret = v.union([SalesmaniaCredentialsSecret, SalesmaniaTokensSecret]);
export type SalesmaniaSecret = v.InferOutput<typeof SalesmaniaSecret>;

/**
 * Parses a secret's string value. Errors name the key at fault and never echo a value: the shape is
 * chosen by which keys are present, so the message can say exactly what is missing or mistyped.
 */
export function parseSalesmaniaSecret(ref: string, raw: string): SalesmaniaSecret {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new SecretFormatError(ref, { expected: "a JSON object (the value is not valid JSON)" });
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new SecretFormatError(ref, {
      expected: `a JSON object, got ${Array.isArray(json) ? "an array" : typeof json}`,
    });
  }
  const tokens = "bearerToken" in json || "teamToken" in json;
  const schema = tokens ? SalesmaniaTokensSecret : SalesmaniaCredentialsSecret;
  const result = v.safeParse(schema, json);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const key = v.getDotPath(issue) ?? "";
  const shape = tokens ? "{bearerToken, teamToken}" : "{username, password, databaseId?, teamId?}";
  const what =
    issue.type === "strict_object" && issue.input !== undefined
      ? `no such key (the secret is ${shape})`
      : issue.input === undefined
        ? `a value (missing; the secret is ${shape})`
        : `${issue.expected ?? "a valid value"}, got ${typeof issue.input}`;
  throw new SecretFormatError(ref, { key, expected: what });
}

/** The client's form of a secret. */
export function salesmaniaAuthOf(secret: SalesmaniaSecret): SalesmaniaAuth {
  if ("bearerToken" in secret)
    return { kind: "tokens", bearerToken: secret.bearerToken, teamToken: secret.teamToken };
  return {
    kind: "credentials",
    username: secret.username,
    password: secret.password,
    ...(secret.databaseId === undefined ? {} : { databaseId: secret.databaseId }),
    ...(secret.teamId === undefined ? {} : { teamId: secret.teamId }),
  };
}

interface ReadCredentials {
  /** A hash, not the value: enough to tell whether a re-read brought a new secret. */
  hash: string;
  auth: SalesmaniaAuth;
}

/** A connection's credentials from its secret ref, re-read after a refusal. */
export class SecretCredentials implements CredentialsProvider {
  readonly #secret: RotatingSecret<ReadCredentials>;

  constructor(ref: string, secrets: SecretsProvider, clock?: Clock) {
    this.#secret = new RotatingSecret({
      read: async ({ forceRefresh }) => {
        const raw = await secrets.getSecret(ref, { forceRefresh });
        return { hash: sha256Hex(raw), auth: salesmaniaAuthOf(parseSalesmaniaSecret(ref, raw)) };
      },
      // Kept until SalesMania refuses it: the client's tokens come from it.
      maxAgeMs: Number.POSITIVE_INFINITY,
      minRefreshIntervalMs: SECRET_REFRESH_INTERVAL_MS,
      ...(clock === undefined ? {} : { clock }),
    });
  }

  async current(): Promise<SalesmaniaAuth> {
    return (await this.#secret.current()).auth;
  }

  async refused(refused: SalesmaniaAuth): Promise<SalesmaniaAuth | undefined> {
    const held = await this.#secret.current();
    // Another call's refusal brought newer credentials already.
    if (held.auth !== refused) return held.auth;
    const fresh = await this.#secret.refresh();
    return fresh === undefined || fresh.hash === held.hash ? undefined : fresh.auth;
  }
}
