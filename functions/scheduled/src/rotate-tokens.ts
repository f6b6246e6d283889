// The rotation function Secrets Manager invokes for each connection's tokens secret, once per step
// (createSecret, setSecret, testSecret, finishSecret) with the secret's ARN and the version it started. A
// failed step throws: Secrets Manager retries the rotation, and the function's errors raise the rotation
// alarm (infra/rotation.ts).
import { ROTATION_STEPS, type TokenRotation } from "@smx/core";
import { runtimeRotation, sharedRuntime } from "@smx/runtime";
import * as v from "valibot";

export const RotationEvent = v.object({
  SecretId: v.pipe(v.string(), v.nonEmpty()),
  ClientRequestToken: v.pipe(v.string(), v.nonEmpty()),
  Step: v.picklist(ROTATION_STEPS),
});
export type RotationEvent = v.InferOutput<typeof RotationEvent>;

export async function rotateTokensStep(rotation: TokenRotation, event: unknown): Promise<void> {
  const { SecretId, ClientRequestToken, Step } = v.parse(RotationEvent, event);
  await rotation.step(Step, SecretId, ClientRequestToken);
}

let rotation: TokenRotation | undefined;

export async function handler(event: unknown): Promise<void> {
  rotation ??= runtimeRotation(sharedRuntime());
  await rotateTokensStep(rotation, event);
}
