// `connection rotate-secret <id>`: an emergency rotation of a connection's tokens (a leaked token, a rotation
// that failed overnight). On AWS it asks Secrets Manager to rotate now, which runs the deployed rotation
// function's four steps; against the local stack it runs the same steps here, on the stack's versions file.

import { SecretsManagerVersionedStore } from "@smx/aws";
import { AWSCURRENT, parseTokensSecret } from "@smx/core";
import type { Runtime } from "@smx/runtime";
import { runtimeRotation, versionedSecretsOf } from "@smx/runtime";
import { NotConfiguredError, NotSplitError } from "./errors.ts";

export interface RotateSecretResult {
  connection: string;
  ref: string;
  /** `started`: Secrets Manager runs the rotation function; `rotated`: done here, new tokens are current. */
  outcome: "started" | "rotated";
  versionId?: string;
  expiresAt?: string;
}

export async function rotateConnectionSecret(
  runtime: Runtime,
  connectionId: string,
): Promise<RotateSecretResult> {
  const connection = runtime.config.connections.find((candidate) => candidate.id === connectionId);
  if (connection === undefined)
    throw new NotConfiguredError(
      "connection",
      connectionId,
      runtime.config.connections.map((c) => c.id),
    );
  if (connection.loginSecret === undefined) throw new NotSplitError(connectionId);
  const store = versionedSecretsOf(runtime);
  const base = { connection: connection.id, ref: connection.secret };
  if (store instanceof SecretsManagerVersionedStore) {
    const versionId = await store.rotateNow(connection.secret);
    return { ...base, outcome: "started", ...(versionId === undefined ? {} : { versionId }) };
  }
  await runtimeRotation(runtime).rotate(connection.secret);
  const raw = await store.value(connection.secret, { stage: AWSCURRENT });
  const expiresAt = raw === undefined ? undefined : parseTokensSecret(connection.secret, raw).expiresAt;
  return { ...base, outcome: "rotated", ...(expiresAt === undefined ? {} : { expiresAt }) };
}

export function formatRotateSecret(result: RotateSecretResult): string {
  return result.outcome === "started"
    ? `rotation of ${result.ref} started (version ${result.versionId ?? "?"}): Secrets Manager runs the TokenRotation function; its log and the token_rotation alarm tell the outcome\n`
    : `rotated ${result.ref}: new tokens are AWSCURRENT${result.expiresAt === undefined ? "" : ` until ${result.expiresAt}`}, the previous ones AWSPREVIOUS\n`;
}
