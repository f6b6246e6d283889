// The token rotation's alarm (infra/rotation.ts): any failed step of a tokens secret's rotation, read from
// AWS's own Errors metric of the rotation function. Plain Node, like the other rules in alarm-rules.ts.
import type { AlarmRule } from "./alarm-rules.ts";

/** Any failed rotation step: the tokens in use were not replaced, and they expire within a day. */
export function rotationRule<T>(functionName: T): AlarmRule<T> {
  return {
    key: "token_rotation",
    metric: {
      kind: "plain",
      namespace: "AWS/Lambda",
      name: "Errors",
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
    },
    period: 300,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    comparison: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    treatMissingData: "notBreaching",
    summary: "a rotation of a SalesMania tokens secret failed; the tokens in use stay until they expire",
    action:
      "Read the TokenRotation function's log (the step and the reason), fix the login secret or SalesMania access, then pnpm smx connection rotate-secret <id>.",
    runbook: "token_rotation",
  };
}
