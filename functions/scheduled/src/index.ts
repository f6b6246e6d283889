export { handler as redriveHandler, runRedrive } from "./redrive.ts";
export { handler as rotateTokensHandler, RotationEvent, rotateTokensStep } from "./rotate-tokens.ts";
