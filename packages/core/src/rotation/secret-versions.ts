// Secrets Manager's versions and staging labels as plain data, one implementation of their rules for every
// store that is not Secrets Manager itself: the memory store of tests, the local stack's file, and the fake
// Secrets Manager server the rotation tests run the real SDK against. The rules: a stage is on one version
// at a time; moving AWSCURRENT puts AWSPREVIOUS on the version it left; a version's value never changes.
import {
  AWSCURRENT,
  AWSPREVIOUS,
  type SecretVersionInfo,
  type VersionedSecretStore,
  type VersionStage,
} from "./versioned-secrets.ts";

export interface StoredVersion {
  value?: string;
  stages: string[];
  createdAt: number;
}
export type StoredSecrets = Record<string, { versions: Record<string, StoredVersion> }>;

/** A call the stored versions refuse (Secrets Manager answers these with a 400 of the given type). */
export class SecretVersionError extends Error {
  override name = "SecretVersionError";
  constructor(
    readonly type: "ResourceNotFoundException" | "ResourceExistsException" | "InvalidParameterException",
    message: string,
  ) {
    super(message);
  }
}

export class SecretVersions implements VersionedSecretStore {
  constructor(
    /** Kept as given: the caller may persist it after each change. */
    readonly data: StoredSecrets = {},
    readonly now: () => number = Date.now,
  ) {}

  has(ref: string): boolean {
    return Object.hasOwn(this.data, ref);
  }

  async versions(ref: string): Promise<SecretVersionInfo[]> {
    return Object.entries(this.#secret(ref).versions)
      .filter(([, version]) => version.stages.length > 0)
      .map(([versionId, version]) => ({ versionId, stages: [...version.stages] }));
  }

  async value(
    ref: string,
    select: { versionId?: string; stage?: VersionStage },
  ): Promise<string | undefined> {
    return this.find(ref, select)?.value;
  }

  /** The version chosen by id and/or stage (AWSCURRENT when neither is given). */
  find(ref: string, select: { versionId?: string; stage?: string }): StoredVersion | undefined {
    if (!this.has(ref)) return undefined;
    const versions = this.#secret(ref).versions;
    const stage = select.stage ?? (select.versionId === undefined ? AWSCURRENT : undefined);
    const version =
      select.versionId === undefined
        ? Object.values(versions).find((candidate) => candidate.stages.includes(stage!))
        : versions[select.versionId];
    if (version === undefined || (stage !== undefined && !version.stages.includes(stage))) return undefined;
    return version;
  }

  async putPending(ref: string, versionId: string, value: string): Promise<void> {
    this.put(ref, versionId, value, ["AWSPENDING"]);
  }

  /** Stores a version with these stages; repeating it with the same value is a no-op. */
  put(ref: string, versionId: string, value: string, stages: string[]): void {
    const secret = this.#secret(ref, { create: true });
    const existing = secret.versions[versionId];
    if (existing?.value !== undefined) {
      if (existing.value === value) return;
      throw new SecretVersionError(
        "ResourceExistsException",
        `secret "${ref}" version ${versionId} exists with another value`,
      );
    }
    secret.versions[versionId] = { value, stages: existing?.stages ?? [], createdAt: this.now() };
    // PutSecretValue takes a stage off whichever version had it.
    for (const stage of stages) this.move(ref, stage, { to: versionId }, true);
  }

  /** A version with a stage and no value yet: what RotateSecret registers before the rotation runs. */
  reserve(ref: string, versionId: string, stage: string): void {
    const secret = this.#secret(ref);
    secret.versions[versionId] ??= { stages: [], createdAt: this.now() };
    this.move(ref, stage, { to: versionId }, true);
  }

  async moveStage(ref: string, stage: VersionStage, move: { to?: string; from?: string }): Promise<void> {
    this.move(ref, stage, move);
  }

  /** `fromAny` moves the stage from whichever version has it (Secrets Manager's own AWSPREVIOUS move). */
  move(ref: string, stage: string, move: { to?: string; from?: string }, fromAny = false): void {
    const versions = this.#secret(ref).versions;
    const holder = Object.entries(versions).find(([, version]) => version.stages.includes(stage))?.[0];
    if (!fromAny && holder !== undefined && holder !== move.to && holder !== move.from)
      throw new SecretVersionError(
        "InvalidParameterException",
        `secret "${ref}": ${stage} is on version ${holder}; name it as the version to move it from`,
      );
    if (move.to !== undefined && versions[move.to] === undefined)
      throw new SecretVersionError("ResourceNotFoundException", `secret "${ref}" has no version ${move.to}`);
    if (holder !== undefined && holder !== move.to) {
      versions[holder]!.stages = versions[holder]!.stages.filter((name) => name !== stage);
      if (stage === AWSCURRENT) this.move(ref, AWSPREVIOUS, { to: holder }, true);
    }
    if (move.to !== undefined && !versions[move.to]!.stages.includes(stage))
      versions[move.to]!.stages.push(stage);
  }

  #secret(ref: string, options: { create?: boolean } = {}) {
    if (!this.has(ref)) {
      if (!options.create)
        throw new SecretVersionError("ResourceNotFoundException", `secret "${ref}" was not found`);
      this.data[ref] = { versions: {} };
    }
    return this.data[ref]!;
  }
}
