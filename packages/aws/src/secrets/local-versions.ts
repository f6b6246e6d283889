// The local stack's versioned secrets: the tokens secrets the rotation writes, with Secrets Manager's stages,
// in one JSON file (default `.local/secret-versions.json`, next to the stack's state) so the CLI and a
// restarted stack see the same tokens. Every change is read-modify-write of the whole file, written to a
// temporary file and renamed, so a reader never sees half a file. The rules of stages are the core's
// (SecretVersions), the same ones the fake Secrets Manager server follows.
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import {
  type SecretVersionInfo,
  SecretVersions,
  type StoredSecrets,
  type VersionedSecretStore,
  type VersionStage,
} from "@smx/core";
import * as v from "valibot";
import { SecretsFileError } from "../errors.ts";
import { readSecretsJson } from "./json-file.ts";

const StoredFile = v.record(
  v.string(),
  v.object({
    versions: v.record(
      v.string(),
      v.object({ value: v.optional(v.string()), stages: v.array(v.string()), createdAt: v.number() }),
    ),
  }),
);

export class LocalVersionedSecrets implements VersionedSecretStore {
  readonly #file: string;
  /** One change at a time within this process. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    this.#file = file;
  }

  /** The stored versions as they are in the file now. */
  async load(): Promise<SecretVersions> {
    const json = await readSecretsJson(this.#file);
    if (json === undefined) return new SecretVersions();
    const parsed = v.safeParse(StoredFile, json);
    if (!parsed.success) throw new SecretsFileError(this.#file, "but it is not a file of secret versions");
    return new SecretVersions(parsed.output as StoredSecrets);
  }

  async versions(ref: string): Promise<SecretVersionInfo[]> {
    const stored = await this.load();
    return stored.has(ref) ? stored.versions(ref) : [];
  }

  async value(
    ref: string,
    select: { versionId?: string; stage?: VersionStage },
  ): Promise<string | undefined> {
    return (await this.load()).find(ref, select)?.value;
  }

  putPending(ref: string, versionId: string, value: string): Promise<void> {
    return this.#change((stored) => stored.putPending(ref, versionId, value));
  }

  moveStage(ref: string, stage: VersionStage, move: { to?: string; from?: string }): Promise<void> {
    return this.#change((stored) => stored.moveStage(ref, stage, move));
  }

  #change(apply: (stored: SecretVersions) => Promise<void>): Promise<void> {
    const next = this.#queue.then(async () => {
      const stored = await this.load();
      await apply(stored);
      await mkdir(dirname(this.#file), { recursive: true });
      const temporary = `${this.#file}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(stored.data, null, 2)}\n`, { mode: 0o600 });
      await rename(temporary, this.#file);
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
