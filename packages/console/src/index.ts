export { CONSOLE_MAX_BODY_BYTES, consoleRoutes } from "./routes.tsx";
