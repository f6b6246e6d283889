export { Intake, type IntakeDeps, type ReceiveOptions } from "./intake.ts";
export type { Admission, ErrorBody, ErrorDetail, IntakeOutcome, Refusal } from "./outcome.ts";
