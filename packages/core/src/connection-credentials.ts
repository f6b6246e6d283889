// A connection's SalesMania secret: its JSON forms (login credentials, or the tokens the rotation keeps
// fresh), and the credentials provider the connection's client asks. The secret is read through the
// SecretsProvider port once and kept; when SalesMania refuses it, it is read again (at most once per interval,
// one read shared by concurrent callers), so rotated tokens or a changed password are picked up without a
// redeploy. While a rotation is half-done the refused tokens may still be AWSCURRENT: the version before them
// (AWSPREVIOUS) is tried then.
import type { CredentialsProvider, SalesmaniaAuth } from "@smx/salesmania";
import * as v from "valibot";
import { SecretFormatError } from "./errors.ts";
import { sha256Hex } from "./ids.ts";
import { type Clock, type SecretsProvider, systemClock } from "./ports.ts";
import { RotatingSecret, SECRET_REFRESH_INTERVAL_MS } from "./rotating-secret.ts";
import { AWSPREVIOUS } from "./rotation/versioned-secrets.ts";

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
  /** When the bearer token stops working (ISO 8601); written by the rotation, absent in hand-made tokens. */
  expiresAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
});
export type TokensSecret = v.InferOutput<typeof SalesmaniaTokensSecret>;
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
  const shape = tokens
    ? "{bearerToken, teamToken, expiresAt?}"
    : "{username, password, databaseId?, teamId?}";
  const what =
    issue.type === "strict_object" && issue.input !== undefined
      ? `no such key (the secret is ${shape})`
      : issue.input === undefined
        ? `a value (missing; the secret is ${shape})`
        : `${issue.expected ?? "a valid value"}, got ${typeof issue.input}`;
  throw new SecretFormatError(ref, { key, expected: what });
}

/** A tokens secret's value (what the rotation writes); a login there is a misconfiguration. */
export function parseTokensSecret(ref: string, raw: string): TokensSecret {
  const secret = parseSalesmaniaSecret(ref, raw);
  if ("bearerToken" in secret) return secret;
  throw new SecretFormatError(ref, {
    expected: "tokens {bearerToken, teamToken, expiresAt} (it holds a login: that belongs in loginSecret)",
  });
}

/** A login secret's value (what the rotation logs in with). */
export function parseLoginSecret(
  ref: string,
  raw: string,
): v.InferOutput<typeof SalesmaniaCredentialsSecret> {
  const secret = parseSalesmaniaSecret(ref, raw);
  if (!("bearerToken" in secret)) return secret;
  throw new SecretFormatError(ref, {
    expected: "a login {username, password, databaseId?, teamId?}, got tokens",
  });
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
  /** When tokens stop working (ms since epoch), if the secret says. */
  expiresAt?: number;
}

/** A connection's credentials from its secret ref, re-read after a refusal. */
export class SecretCredentials implements CredentialsProvider {
  readonly #current: RotatingSecret<ReadCredentials>;
  /** The tokens before the current ones: the fallback while a rotation is half-done. */
  readonly #previous: RotatingSecret<ReadCredentials>;
  readonly #clock: Clock;
  /** What the client was last handed: a refusal of anything else is already answered. */
  #inUse: ReadCredentials | undefined;

  constructor(ref: string, secrets: SecretsProvider, clock: Clock = systemClock) {
    this.#clock = clock;
    const reader = (versionStage?: typeof AWSPREVIOUS) =>
      new RotatingSecret<ReadCredentials>({
        read: async ({ forceRefresh }) => {
          const raw = await secrets.getSecret(ref, {
            forceRefresh,
            ...(versionStage === undefined ? {} : { versionStage }),
          });
          return readCredentials(parseSalesmaniaSecret(ref, raw), raw);
        },
        // Kept until SalesMania refuses it (or, for tokens, until they expire).
        maxAgeMs: Number.POSITIVE_INFINITY,
        minRefreshIntervalMs: SECRET_REFRESH_INTERVAL_MS,
        clock,
      });
    this.#current = reader();
    this.#previous = reader(AWSPREVIOUS);
  }

  async current(): Promise<SalesmaniaAuth> {
    this.#inUse ??= await this.#current.current();
    const inUse = this.#inUse;
    // Expired tokens: the rotation has written newer ones by now (a refusal would say so one request later).
    if (inUse.expiresAt !== undefined && inUse.expiresAt <= this.#clock.now()) {
      const fresh = await this.#current.refresh();
      if (fresh !== undefined && this.#inUse === inUse) this.#inUse = fresh;
    }
    return this.#inUse.auth;
  }

  async refused(refused: SalesmaniaAuth): Promise<SalesmaniaAuth | undefined> {
    const inUse = this.#inUse ?? (await this.#current.current());
    // Another call's refusal brought other credentials already.
    if (inUse.auth !== refused) return inUse.auth;
    const fresh = await this.#current.refresh();
    const next = fresh !== undefined && fresh.hash !== inUse.hash ? fresh : await this.#previousUnlike(inUse);
    if (next === undefined) return undefined;
    if (this.#inUse === undefined || this.#inUse === inUse) this.#inUse = next;
    return this.#inUse.auth;
  }

  /** AWSPREVIOUS, when it holds other tokens that have not expired (none for a login or a plain secret). */
  async #previousUnlike(refused: ReadCredentials): Promise<ReadCredentials | undefined> {
    if (refused.auth.kind !== "tokens") return undefined;
    let previous: ReadCredentials | undefined;
    try {
      previous = await this.#previous.refresh();
    } catch {
      // No previous version (a secret never rotated, or a local one): the refusal stands.
      return undefined;
    }
    if (previous === undefined || previous.hash === refused.hash) return undefined;
    if (previous.expiresAt !== undefined && previous.expiresAt <= this.#clock.now()) return undefined;
    return previous;
  }
}

function readCredentials(secret: SalesmaniaSecret, raw: string): ReadCredentials {
  const read: ReadCredentials = { hash: sha256Hex(raw), auth: salesmaniaAuthOf(secret) };
  if ("expiresAt" in secret && secret.expiresAt !== undefined) read.expiresAt = Date.parse(secret.expiresAt);
  return read;
}
