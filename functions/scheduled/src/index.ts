export { handler as jobHandler } from "./job.ts";
export { handler as redriveHandler } from "./redrive.ts";
export { handler as rotateTokensHandler, RotationEvent, rotateTokensStep } from "./rotate-tokens.ts";
