export { handler as jobHandler } from "./job.ts";
export { handler as redriveHandler } from "./redrive.ts";
