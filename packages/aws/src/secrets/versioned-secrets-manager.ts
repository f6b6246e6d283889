// The token rotation's VersionedSecretStore on Secrets Manager itself: DescribeSecret for the versions and
// their stages, GetSecretValue by version, PutSecretValue with the rotation's ClientRequestToken (idempotent
// for the same value), UpdateSecretVersionStage to promote. Plus RotateSecret, what `smx connection
// rotate-secret` asks for on AWS (Secrets Manager then runs the rotation function's four steps).
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import type { SecretVersionInfo, VersionedSecretStore, VersionStage } from "@smx/core";
import { AWS_DEADLINES, clientDeadlines, type Deadlines } from "../deadlines.ts";
import { SecretFetchError } from "../errors.ts";

export class SecretsManagerVersionedStore implements VersionedSecretStore {
  readonly #client: SecretsManagerClient;

  /** Defaults to a client for the ambient region and credentials, with `deadlines` (AWS_DEADLINES). */
  constructor(options: { client?: SecretsManagerClient; deadlines?: Deadlines } = {}) {
    this.#client =
      options.client ?? new SecretsManagerClient(clientDeadlines(options.deadlines ?? AWS_DEADLINES));
  }

  async versions(ref: string): Promise<SecretVersionInfo[]> {
    const answer = await this.#send(ref, () =>
      this.#client.send(new DescribeSecretCommand({ SecretId: ref })),
    );
    return Object.entries(answer.VersionIdsToStages ?? {}).map(([versionId, stages]) => ({
      versionId,
      stages: [...(stages ?? [])],
    }));
  }

  async value(
    ref: string,
    select: { versionId?: string; stage?: VersionStage },
  ): Promise<string | undefined> {
    try {
      const answer = await this.#client.send(
        new GetSecretValueCommand({
          SecretId: ref,
          ...(select.versionId === undefined ? {} : { VersionId: select.versionId }),
          ...(select.stage === undefined ? {} : { VersionStage: select.stage }),
        }),
      );
      return answer.SecretString;
    } catch (error) {
      // No such version or stage (or a version RotateSecret registered without a value yet).
      if (error instanceof Error && error.name === "ResourceNotFoundException") return undefined;
      throw new SecretFetchError(ref, error);
    }
  }

  async putPending(ref: string, versionId: string, value: string): Promise<void> {
    await this.#send(ref, () =>
      this.#client.send(
        new PutSecretValueCommand({
          SecretId: ref,
          ClientRequestToken: versionId,
          SecretString: value,
          VersionStages: ["AWSPENDING"],
        }),
      ),
    );
  }

  async moveStage(ref: string, stage: VersionStage, move: { to?: string; from?: string }): Promise<void> {
    await this.#send(ref, () =>
      this.#client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: ref,
          VersionStage: stage,
          ...(move.to === undefined ? {} : { MoveToVersionId: move.to }),
          ...(move.from === undefined ? {} : { RemoveFromVersionId: move.from }),
        }),
      ),
    );
  }

  /** Starts a rotation now (Secrets Manager invokes the rotation function); its version id. */
  async rotateNow(ref: string): Promise<string | undefined> {
    const answer = await this.#send(ref, () =>
      this.#client.send(new RotateSecretCommand({ SecretId: ref, RotateImmediately: true })),
    );
    return answer.VersionId;
  }

  async #send<Output>(ref: string, call: () => Promise<Output>): Promise<Output> {
    try {
      return await call();
    } catch (error) {
      throw new SecretFetchError(ref, error);
    }
  }
}
