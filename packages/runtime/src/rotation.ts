// The token rotation built from the runtime: which connection a tokens secret belongs to, how its tokens are
// issued (a login with the connection's login secret, then its team token) and checked (a cheap data read
// with them). The same for the rotation Lambda (Secrets Manager's steps), the local stack's timer and
// `smx connection rotate-secret` against the local stack; only the versioned store differs.

import { AWS_DEADLINES, LocalVersionedSecrets, SecretsManagerVersionedStore } from "@smx/aws";
import {
  type ConnectionConfig,
  type Logger,
  parseLoginSecret,
  type SecretsProvider,
  salesmaniaAuthOf,
  salesmaniaClientOptions,
  type TokenIssuer,
  TokenRotation,
  type TokensSecret,
  type VersionedSecretStore,
} from "@smx/core";
import { SalesmaniaClient } from "@smx/salesmania";
import type { SmxConfig } from "@smx/sources";
import { RuntimeEnvError, UnknownTokensSecretError } from "./errors.ts";
import { deadlinesFrom, type Runtime } from "./runtime.ts";

export interface RotationInput {
  config: Pick<SmxConfig, "connections">;
  secrets: SecretsProvider;
  logger: Logger;
}

/** Connections whose tokens the rotation keeps: those with a login secret of their own. */
export function rotatedConnections(config: Pick<SmxConfig, "connections">): ConnectionConfig[] {
  return config.connections.filter((connection) => connection.loginSecret !== undefined);
}

/**
 * Whether `secretId` (a name, or the ARN Secrets Manager passes the rotation function) is `ref`. A created
 * secret's ARN is `arn:…:secret:<name>-<6 random characters>`.
 */
export function isSecretRef(secretId: string, ref: string): boolean {
  if (secretId === ref) return true;
  const name = secretId.startsWith("arn:") ? secretId.split(":secret:")[1] : undefined;
  return name !== undefined && name.length === ref.length + 7 && name.startsWith(`${ref}-`);
}

export function createTokenRotation(input: RotationInput, store: VersionedSecretStore): TokenRotation {
  return new TokenRotation({
    store,
    logger: input.logger,
    issuerFor: (secretId) => {
      const connection = rotatedConnections(input.config).find((candidate) =>
        isSecretRef(secretId, candidate.secret),
      );
      if (connection === undefined) throw new UnknownTokensSecretError(secretId);
      return tokenIssuer(connection, input.secrets);
    },
  });
}

function tokenIssuer(connection: ConnectionConfig, secrets: SecretsProvider): TokenIssuer {
  const loginRef = connection.loginSecret!;
  return {
    async issue() {
      // Past every cache: a password changed in the login secret is used at once.
      const login = parseLoginSecret(loginRef, await secrets.getSecret(loginRef, { forceRefresh: true }));
      const client = new SalesmaniaClient(salesmaniaClientOptions(connection, salesmaniaAuthOf(login)));
      const bearerToken = await client.auth.bearerToken();
      const teamToken = await client.auth.teamToken();
      const expiresAt = client.auth.bearerExpiresAt();
      return {
        bearerToken,
        teamToken,
        ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString() }),
      };
    },
    async check(tokens: TokensSecret) {
      const { bearerToken, teamToken } = tokens;
      const client = new SalesmaniaClient(
        salesmaniaClientOptions(connection, { kind: "tokens", bearerToken, teamToken }),
      );
      await client.teams.list();
    },
  };
}

/** Where this runtime's versioned secrets are: Secrets Manager, or the local rotation's file. */
export function versionedSecretsOf(
  runtime: Pick<Runtime, "env">,
): LocalVersionedSecrets | SecretsManagerVersionedStore {
  const { env } = runtime;
  if (env.SMX_SECRETS === "aws")
    return new SecretsManagerVersionedStore({ deadlines: deadlinesFrom(env, AWS_DEADLINES) });
  if (env.SMX_SECRETS_VERSIONS_FILE === undefined)
    throw new RuntimeEnvError(
      "SMX_SECRETS_VERSIONS_FILE",
      "is required to rotate local tokens secrets (the local stack sets it to .local/secret-versions.json)",
    );
  return new LocalVersionedSecrets(env.SMX_SECRETS_VERSIONS_FILE);
}

/** The rotation of this runtime's connections, against its versioned secrets. */
export function runtimeRotation(
  runtime: Pick<Runtime, "env" | "config" | "secrets" | "logger">,
): TokenRotation {
  return createTokenRotation(runtime, versionedSecretsOf(runtime));
}

export interface RotationRun {
  rotated: string[];
  failed: string[];
}

/**
 * Rotates every split connection's tokens once (the local stack, at start and on its timer): a failure is
 * logged as an error and leaves that connection's current tokens in place.
 */
export async function rotateAllTokens(
  runtime: Pick<Runtime, "env" | "config" | "secrets" | "logger">,
): Promise<RotationRun> {
  const run: RotationRun = { rotated: [], failed: [] };
  const connections = rotatedConnections(runtime.config);
  if (connections.length === 0) return run;
  const rotation = runtimeRotation(runtime);
  for (const connection of connections) {
    try {
      await rotation.rotate(connection.secret);
      run.rotated.push(connection.id);
    } catch (error) {
      run.failed.push(connection.id);
      runtime.logger.error("token rotation failed; the current tokens stay until they expire", {
        connectionId: connection.id,
        ref: connection.secret,
        error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
      });
    }
  }
  return run;
}
