export { Intake, type IntakeDeps, type ReceiveOptions } from "./intake.ts";
export type { Admission, ErrorBody, ErrorDetail, IntakeOutcome, Refusal } from "./outcome.ts";
export { type HookPreview, type PreviewInput, PreviewInputError } from "./preview.ts";
export {
  describeAuth,
  describeReference,
  describeResolution,
  parseHeaderText,
  VERDICT_TEXT,
} from "./preview-text.ts";
