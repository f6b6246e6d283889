// A fake Secrets Manager for tests, since no emulator runs here: an HTTP server speaking the service's JSON
// protocol (POST /, `X-Amz-Target: secretsmanager.<Operation>`), so the real @aws-sdk/client-secrets-manager
// talks to it through `endpoint` and the real adapters and rotation handler run. Versions and staging labels
// follow the core's SecretVersions (the rules the local stack's file follows too). RotateSecret registers a
// pending version and calls `onRotate` with it, as Secrets Manager invokes the rotation function's steps.

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { AWSCURRENT, AWSPENDING, SecretVersionError, SecretVersions } from "@smx/core";
import * as v from "valibot";

const REGION = "us-east-1";
const ACCOUNT = "000000000000";

/** Where a test's SDK client points, with credentials the fake never checks. */
export interface FakeSecretsManagerEndpoint {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface FakeSecretsManagerOptions {
  /** Called by RotateSecret with the version it registered (as AWSPENDING); runs the four steps. */
  onRotate?(secretId: string, versionId: string): Promise<void>;
}

/** One request the fake answered, for assertions on who read what. */
export interface FakeCall {
  operation: string;
  secretId?: string;
  versionStage?: string;
}

const Input = v.looseObject({
  SecretId: v.optional(v.string()),
  Name: v.optional(v.string()),
  SecretString: v.optional(v.string()),
  ClientRequestToken: v.optional(v.string()),
  VersionId: v.optional(v.string()),
  VersionStage: v.optional(v.string()),
  VersionStages: v.optional(v.array(v.string())),
  MoveToVersionId: v.optional(v.string()),
  RemoveFromVersionId: v.optional(v.string()),
});
type Input = v.InferOutput<typeof Input>;

class FakeAnswerError extends Error {
  override name = "FakeAnswerError";
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export class FakeSecretsManager {
  readonly versions = new SecretVersions();
  readonly calls: FakeCall[] = [];
  readonly #options: FakeSecretsManagerOptions;
  readonly #server: Server;

  private constructor(options: FakeSecretsManagerOptions) {
    this.#options = options;
    this.#server = createServer((request, response) => {
      void this.#answer(request).then(({ status, body }) => {
        response.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
        response.end(JSON.stringify(body));
      });
    });
  }

  static async start(options: FakeSecretsManagerOptions = {}): Promise<FakeSecretsManager> {
    const fake = new FakeSecretsManager(options);
    await new Promise<void>((resolve) => fake.#server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get client(): FakeSecretsManagerEndpoint {
    const { port } = this.#server.address() as AddressInfo;
    return {
      endpoint: `http://127.0.0.1:${port}`,
      region: REGION,
      credentials: { accessKeyId: "fake", secretAccessKey: "fake" },
    };
  }

  /** A real SDK client pointed at the fake, with one attempt per call. */
  sdkClient(): SecretsManagerClient {
    return new SecretsManagerClient({ ...this.client, maxAttempts: 1 });
  }

  /** The ARN the fake gives a secret name. */
  arnOf(name: string): string {
    return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;
  }

  /** A secret with a first value as AWSCURRENT (or none: created empty, as the infrastructure does). */
  create(name: string, value?: string): void {
    if (value === undefined) this.versions.data[name] = { versions: {} };
    else this.versions.put(name, randomUUID(), value, [AWSCURRENT]);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #answer(request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const operation = String(request.headers["x-amz-target"] ?? "").replace(/^secretsmanager\./, "");
    try {
      const input = v.parse(Input, JSON.parse(await text(request)));
      this.calls.push({
        operation,
        ...(input.SecretId === undefined ? {} : { secretId: input.SecretId }),
        ...(input.VersionStage === undefined ? {} : { versionStage: input.VersionStage }),
      });
      return { status: 200, body: await this.#operate(operation, input) };
    } catch (error) {
      if (error instanceof FakeAnswerError || error instanceof SecretVersionError)
        return { status: 400, body: { __type: error.type, message: error.message } };
      return { status: 500, body: { __type: "InternalServiceError", message: String(error) } };
    }
  }

  async #operate(operation: string, input: Input): Promise<unknown> {
    const name = input.Name ?? this.#nameOf(input.SecretId);
    const ids = { ARN: this.arnOf(name), Name: name };
    switch (operation) {
      case "DescribeSecret": {
        const versions = await this.versions.versions(name);
        return {
          ...ids,
          RotationEnabled: this.#options.onRotate !== undefined,
          VersionIdsToStages: Object.fromEntries(
            versions.map((version) => [version.versionId, version.stages]),
          ),
        };
      }
      case "GetSecretValue": {
        const select = {
          ...(input.VersionId === undefined ? {} : { versionId: input.VersionId }),
          ...(input.VersionStage === undefined ? {} : { stage: input.VersionStage }),
        };
        const version = this.versions.find(name, select);
        if (version?.value === undefined)
          throw new FakeAnswerError(
            "ResourceNotFoundException",
            "Secrets Manager can't find the specified secret value for staging label or version",
          );
        const versionId = Object.entries(this.versions.data[name]!.versions).find(
          ([, f]) => f === version,
        )![0];
        return { ...ids, VersionId: versionId, SecretString: version.value, VersionStages: version.stages };
      }
      case "PutSecretValue": {
        const versionId = input.ClientRequestToken ?? randomUUID();
        this.versions.put(name, versionId, input.SecretString ?? "", input.VersionStages ?? [AWSCURRENT]);
        return { ...ids, VersionId: versionId, VersionStages: input.VersionStages ?? [AWSCURRENT] };
      }
      case "UpdateSecretVersionStage":
        this.versions.move(name, input.VersionStage ?? "", {
          ...(input.MoveToVersionId === undefined ? {} : { to: input.MoveToVersionId }),
          ...(input.RemoveFromVersionId === undefined ? {} : { from: input.RemoveFromVersionId }),
        });
        return ids;
      case "RotateSecret": {
        const rotate = this.#options.onRotate;
        if (rotate === undefined)
          throw new FakeAnswerError("InvalidRequestException", "rotation is not enabled");
        const versionId = input.ClientRequestToken ?? randomUUID();
        this.versions.reserve(name, versionId, AWSPENDING);
        await rotate(ids.ARN, versionId);
        return { ...ids, VersionId: versionId };
      }
      default:
        throw new FakeAnswerError("InvalidAction", `the fake does not implement ${operation}`);
    }
  }

  /** A secret named by its name or its ARN. */
  #nameOf(secretId: string | undefined): string {
    const name = secretId?.startsWith("arn:")
      ? secretId.split(":secret:")[1]!.replace(/-AbCdEf$/, "")
      : secretId;
    if (name === undefined || !this.versions.has(name))
      throw new FakeAnswerError(
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
      );
    return name;
  }
}

async function text(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
