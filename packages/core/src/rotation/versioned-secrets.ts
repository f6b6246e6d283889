// A secret with versions and staging labels, as Secrets Manager keeps one: the port the token rotation writes
// through. Adapters: Secrets Manager itself (@smx/aws), a local file for the local stack (@smx/aws), and a
// memory store for tests (@smx/core/testing). Stage names are Secrets Manager's own.

/** The version in use. */
export const AWSCURRENT = "AWSCURRENT";
/** The version a rotation is preparing; promoted to AWSCURRENT once tested. */
export const AWSPENDING = "AWSPENDING";
/** The version AWSCURRENT was on before the last promotion (Secrets Manager moves it itself). */
export const AWSPREVIOUS = "AWSPREVIOUS";

export type VersionStage = typeof AWSCURRENT | typeof AWSPENDING | typeof AWSPREVIOUS;

export interface SecretVersionInfo {
  versionId: string;
  stages: string[];
}

export interface VersionedSecretStore {
  /** Every version that carries a stage, with its stages. */
  versions(ref: string): Promise<SecretVersionInfo[]>;
  /** A version's value by id, or by stage; undefined when there is no such version or it holds no value. */
  value(ref: string, select: { versionId?: string; stage?: VersionStage }): Promise<string | undefined>;
  /**
   * Stores `value` as version `versionId` with the AWSPENDING stage (moved off any other version). Repeating
   * it with the same id and value changes nothing (Secrets Manager's idempotent PutSecretValue).
   */
  putPending(ref: string, versionId: string, value: string): Promise<void>;
  /**
   * Moves `stage` to version `to` from version `from` (no `to`: only removes it from `from`). Moving
   * AWSCURRENT puts AWSPREVIOUS on the version it left, as Secrets Manager does.
   */
  moveStage(ref: string, stage: VersionStage, move: { to?: string; from?: string }): Promise<void>;
}

/** The stages a version carries, or undefined when the secret has no such version. */
export function stagesOf(versions: SecretVersionInfo[], versionId: string): string[] | undefined {
  return versions.find((version) => version.versionId === versionId)?.stages;
}

/** The version that carries `stage`, if one does. */
export function versionWith(versions: SecretVersionInfo[], stage: VersionStage): string | undefined {
  return versions.find((version) => version.stages.includes(stage))?.versionId;
}
