// The rotation of a connection's tokens secret, in Secrets Manager's four steps (docs/deploy.md#token-rotation):
// createSecret logs in with the connection's login and stores the new tokens as AWSPENDING; setSecret has
// nothing to do (SalesMania issues tokens on login, nothing is set there); testSecret makes a cheap read with
// the pending tokens; finishSecret promotes them to AWSCURRENT (the old ones become AWSPREVIOUS). Every step
// may be repeated (Secrets Manager retries a failed step, and a person may re-run a rotation), and AWSCURRENT
// only ever moves to tokens that were just seen working.
import { randomUUID } from "node:crypto";
import { parseTokensSecret, type TokensSecret } from "../connection-credentials.ts";
import type { Logger } from "../ports.ts";
import {
  AWSCURRENT,
  AWSPENDING,
  stagesOf,
  type VersionedSecretStore,
  versionWith,
} from "./versioned-secrets.ts";

export const ROTATION_STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** What a rotation needs from SalesMania for one connection. */
export interface TokenIssuer {
  /** Logs in with the connection's login secret and fetches its team token. */
  issue(): Promise<TokensSecret>;
  /** A cheap read with these tokens; throws when SalesMania refuses them. */
  check(tokens: TokensSecret): Promise<void>;
}

/** A rotation step could not run, or found the secret in a state it must not touch. */
export class TokenRotationError extends Error {
  override name = "TokenRotationError";
  constructor(
    readonly ref: string,
    readonly step: RotationStep,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`rotation of secret "${ref}", step ${step}: ${problem}`, options);
  }
}

export interface TokenRotationOptions {
  store: VersionedSecretStore;
  /** The issuer of the connection whose tokens secret `ref` is; throws when no connection has it. */
  issuerFor(ref: string): TokenIssuer;
  logger: Logger;
}

export class TokenRotation {
  readonly #options: TokenRotationOptions;
  /** The last rotation asked for each secret, so the next one waits for it. */
  readonly #rotations = new Map<string, Promise<void>>();

  constructor(options: TokenRotationOptions) {
    this.#options = options;
  }

  /** One step, as Secrets Manager's rotation calls it with the version (`ClientRequestToken`) it started. */
  async step(step: RotationStep, ref: string, versionId: string): Promise<void> {
    const { store, logger } = this.#options;
    const versions = await store.versions(ref);
    const stages = stagesOf(versions, versionId);
    if (stages?.includes(AWSCURRENT)) {
      logger.info("token rotation step skipped: the version is current already", { ref, step, versionId });
      return;
    }
    // A version that exists without AWSPENDING belongs to a rotation another one superseded.
    if (stages !== undefined && !stages.includes(AWSPENDING))
      throw new TokenRotationError(ref, step, `version ${versionId} is neither pending nor current`);
    try {
      await this.#run(step, ref, versionId, versions);
    } catch (cause) {
      if (cause instanceof TokenRotationError) throw cause;
      throw new TokenRotationError(ref, step, describe(cause), { cause });
    }
    logger.info("token rotation step done", { ref, step, versionId });
  }

  /**
   * All four steps with a new version: the local stack's timer and `smx connection rotate-secret` locally.
   * Rotations of one secret asked of this object run one after the other, as Secrets Manager allows only one
   * at a time: a second started mid-way would find the first one's AWSPENDING and be refused.
   */
  rotate(ref: string, versionId: string = randomUUID()): Promise<void> {
    const previous = this.#rotations.get(ref) ?? Promise.resolve();
    const next = previous.then(
      () => this.#rotateNow(ref, versionId),
      () => this.#rotateNow(ref, versionId),
    );
    this.#rotations.set(ref, next);
    const forget = () => {
      if (this.#rotations.get(ref) === next) this.#rotations.delete(ref);
    };
    next.then(forget, forget);
    return next;
  }

  async #rotateNow(ref: string, versionId: string): Promise<void> {
    for (const step of ROTATION_STEPS) await this.step(step, ref, versionId);
  }

  async #run(
    step: RotationStep,
    ref: string,
    versionId: string,
    versions: Awaited<ReturnType<VersionedSecretStore["versions"]>>,
  ): Promise<void> {
    const { store } = this.#options;
    switch (step) {
      case "createSecret": {
        // Repeated after a failure further on: the pending tokens are there already.
        if ((await store.value(ref, { versionId })) !== undefined) return;
        const tokens = await this.#options.issuerFor(ref).issue();
        await store.putPending(ref, versionId, JSON.stringify(tokens));
        return;
      }
      case "setSecret":
        // SalesMania issued the tokens at login: there is nothing to set on its side.
        return;
      case "testSecret": {
        const raw = await store.value(ref, { versionId });
        if (raw === undefined)
          throw new TokenRotationError(ref, step, `version ${versionId} holds no value (createSecret first)`);
        await this.#options.issuerFor(ref).check(parseTokensSecret(ref, raw));
        return;
      }
      case "finishSecret": {
        const current = versionWith(versions, AWSCURRENT);
        await store.moveStage(ref, AWSCURRENT, {
          to: versionId,
          ...(current === undefined ? {} : { from: current }),
        });
        // Done: no version is pending any more (Secrets Manager reports a rotation as complete then).
        await store.moveStage(ref, AWSPENDING, { from: versionId });
        return;
      }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
