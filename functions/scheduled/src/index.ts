export { handler as redriveHandler, runRedrive } from "./redrive.ts";
