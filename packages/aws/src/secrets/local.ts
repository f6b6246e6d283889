// Secrets on a developer machine: an environment variable `SMX_SECRET_<REF>` first, then a git-ignored JSON
// file (default `secrets.local.json` at the repo root) of `{ "<ref>": "<value>" | { …object… } }`.
// An object value is returned as its JSON text, like a Secrets Manager secret holding JSON. A ref the local
// rotation has written versions of (`versionsFile`) is read from there, by stage, like Secrets Manager.
import { fileURLToPath } from "node:url";
import { SecretNotFoundError, type SecretsProvider } from "@smx/core";
import * as v from "valibot";
import { SecretsFileError } from "../errors.ts";
import { readSecretsJson } from "./json-file.ts";
import { LocalVersionedSecrets } from "./local-versions.ts";

export const DEFAULT_LOCAL_SECRETS_FILE = fileURLToPath(
  new URL("../../../../secrets.local.json", import.meta.url),
);

/** `connections/acme-prod` → `SMX_SECRET_CONNECTIONS_ACME_PROD`. */
export function localSecretEnvName(ref: string): string {
  return `SMX_SECRET_${ref.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

export interface LocalSecretsProviderOptions {
  /** Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** Defaults to `DEFAULT_LOCAL_SECRETS_FILE`; a missing file is the same as an empty one. */
  file?: string;
  /** The local rotation's versioned secrets (LocalVersionedSecrets); none by default. */
  versionsFile?: string;
}

/** Not found locally: says both places that were looked in. */
export class LocalSecretNotFoundError extends SecretNotFoundError {
  constructor(ref: string, file: string) {
    super(ref);
    this.message = `secret "${ref}" was not found: set ${localSecretEnvName(ref)} or add "${ref}" to ${file}`;
  }
}

/** A local secret has no version with this stage (AWSPREVIOUS before a second rotation, say). */
export class LocalSecretVersionNotFoundError extends SecretNotFoundError {
  constructor(ref: string, stage: string) {
    super(ref);
    this.message = `secret "${ref}" has no ${stage} version`;
  }
}

const SecretsFile = v.record(v.string(), v.union([v.string(), v.record(v.string(), v.unknown())]));

export class LocalSecretsProvider implements SecretsProvider {
  readonly #env: Record<string, string | undefined>;
  readonly #file: string;
  readonly #versions: LocalVersionedSecrets | undefined;
  /** The parsed file, read once and again on `forceRefresh`. */
  #values: Promise<Record<string, string>> | undefined;

  constructor(options: LocalSecretsProviderOptions = {}) {
    this.#env = options.env ?? process.env;
    this.#file = options.file ?? DEFAULT_LOCAL_SECRETS_FILE;
    this.#versions =
      options.versionsFile === undefined ? undefined : new LocalVersionedSecrets(options.versionsFile);
  }

  async getSecret(
    ref: string,
    options: { forceRefresh?: boolean; versionStage?: string } = {},
  ): Promise<string> {
    const stage = options.versionStage ?? "AWSCURRENT";
    const versions = await this.#versions?.load();
    if (versions?.has(ref)) {
      const value = versions.find(ref, { stage })?.value;
      if (value === undefined) throw new LocalSecretVersionNotFoundError(ref, stage);
      return value;
    }
    // The plain file and environment hold one version of each secret.
    if (stage !== "AWSCURRENT") throw new LocalSecretVersionNotFoundError(ref, stage);
    const fromEnv = this.#env[localSecretEnvName(ref)];
    if (fromEnv !== undefined) return fromEnv;
    if (options.forceRefresh || !this.#values) this.#values = this.#load();
    const value = (await this.#values)[ref];
    if (value === undefined) throw new LocalSecretNotFoundError(ref, this.#file);
    return value;
  }

  toString(): string {
    return `LocalSecretsProvider(${this.#file})`;
  }

  async #load(): Promise<Record<string, string>> {
    const json = await readSecretsJson(this.#file);
    if (json === undefined) return {};
    const parsed = v.safeParse(SecretsFile, json);
    if (!parsed.success) {
      const key = parsed.issues[0].path?.[0]?.key;
      throw new SecretsFileError(
        this.#file,
        key === undefined ? "but the top level is not an object" : `but "${String(key)}" is neither`,
      );
    }
    return Object.fromEntries(
      Object.entries(parsed.output).map(([ref, value]) => [
        ref,
        typeof value === "string" ? value : JSON.stringify(value),
      ]),
    );
  }
}
