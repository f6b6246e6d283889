#!/usr/bin/env node
// `pnpm smx …`: the operator CLI (docs/cli.md).
import { readLocalSettings } from "@smx/runtime/local";
import { processIo } from "./io.ts";
import { runCli } from "./program.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// Connections stay open (DynamoDB, SalesMania keep-alive), so the exit is explicit.
process.exit(await runCli(process.argv.slice(2), processIo(readLocalSettings(process.env).stateDir)));
