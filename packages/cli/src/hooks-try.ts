// `smx hooks try <hook> <payload-file> [--headers file] [--send]`: what the hook would make of your payload —
// the intake's preview (the console's Preview page and the admin API's preview are the same function):
// the verdict, the command and dedup key, and what it resolves to in SalesMania (read only). Nothing is
// written. Exit code 1 when the hook would refuse it. `--send` then posts a fresh copy (new ids, signed
// as the sender signs) to the stack, when the preview accepts it.
import { readFileSync } from "node:fs";
import {
  describeAuth,
  describeResolution,
  type HookPreview,
  Intake,
  PreviewInputError,
  parseHeaderText,
  VERDICT_TEXT,
} from "@smx/intake";
import type { Runtime } from "@smx/runtime";
import { payloadFromFile } from "@smx/sources";
import { type Command, Option } from "commander";
import type { CommandContext } from "./context.ts";
import { UsageError } from "./errors.ts";
import { formatHookTest } from "./format.ts";
import { type HookTestResult, testHook } from "./hooks.ts";

export interface HookTry {
  payloadFile: string;
  preview: HookPreview;
  /** The stack's answer to the fresh copy (`--send`), when it was sent. */
  sent?: HookTestResult;
}

export function registerHookTry(
  hooks: Command,
  ctx: CommandContext,
  stackUrl: () => string | undefined,
): void {
  hooks
    .command("try")
    .description("what a hook makes of your payload: verdict, command, SalesMania resolution; writes nothing")
    .argument("<hookId>")
    .argument(
      "<payloadFile>",
      "the payload (.json is JSON; other files are form posts, multipart if they open with --boundary)",
    )
    .option(
      "--headers <file>",
      "the sender's headers (a JSON object, or `Name: value` lines): checked as received",
    )
    .option("--no-resolve", "skip the SalesMania lookup of customer, products and order")
    .option(
      "--send",
      "then post a fresh copy (new ids, correctly signed) to the stack, if the hook accepts it",
    )
    .option("--url <url>", "with --send: the webhooks app's base URL (default: the running local stack)")
    .addOption(new Option("--json", "print JSON (for scripts)"))
    .action(async (hookId: string, payloadFile: string, options, command: Command) => {
      const runtime = await ctx.runtimeOf(command, { ledger: false });
      const result = await tryHook(runtime, hookId, payloadFile, options);
      if (options.send && result.preview.verdict !== "reject") {
        const url = options.url ?? stackUrl();
        if (url === undefined) throw new UsageError("--send: no local stack is running; give --url");
        result.sent = await testHook(runtime, hookId, { url, payloadFile, fresh: true });
      }
      ctx.print(options.json, result, () => formatHookTry(result, options.send === true));
      if (result.preview.verdict === "reject" || (result.sent !== undefined && result.sent.status >= 300))
        ctx.setExitCode(1);
    });
}

export async function tryHook(
  runtime: Runtime,
  hookId: string,
  payloadFile: string,
  options: { headers?: string; resolve?: boolean },
): Promise<HookTry> {
  const payload = readText(payloadFile, "<payloadFile>", () => payloadFromFile(payloadFile));
  const headers =
    options.headers === undefined
      ? undefined
      : { "content-type": payload.contentType, ...parseHeaders(options.headers) };
  const preview = await new Intake(runtime).preview(
    hookId,
    { body: payload.body, contentType: payload.contentType, ...(headers === undefined ? {} : { headers }) },
    options.resolve === false ? undefined : runtime,
  );
  return { payloadFile, preview };
}

/** The headers file (see `parseHeaderText`); its faults are usage errors naming the option. */
export function parseHeaders(file: string): Record<string, string> {
  const text = readText(file, "--headers", () => readFileSync(file, "utf8"));
  try {
    return parseHeaderText(text);
  } catch (error) {
    if (!(error instanceof PreviewInputError)) throw error;
    throw new UsageError(`--${error.message} (${file})`, { cause: error });
  }
}

export function formatHookTry(result: HookTry, send: boolean): string {
  const { preview } = result;
  const lines = [
    `hook ${preview.hookId}  (payload ${result.payloadFile})`,
    `verdict:    ${VERDICT_TEXT[preview.verdict]} [${preview.admission}]`,
    `auth:       ${describeAuth(preview.auth)}`,
  ];
  if (preview.error !== undefined)
    lines.push(`answer:     HTTP ${preview.error.status} ${preview.error.code}: ${preview.error.message}`);
  if (preview.reason !== undefined) lines.push(`note:       ${preview.reason}`);
  if (preview.event !== undefined) {
    lines.push(
      `dedup key:  ${preview.event.dedupKey} (${preview.event.dedupKeySource})`,
      `event id:   ${preview.eventId}`,
      "command:",
      JSON.stringify(preview.event.command, null, 2),
    );
  }
  if (preview.resolution !== undefined) {
    lines.push(`resolution (connection ${preview.resolution.connectionId}, read only):`);
    lines.push(...describeResolution(preview.resolution).map((line) => `  ${line}`));
  }
  if (result.sent !== undefined) lines.push("", formatHookTest(result.sent).trimEnd());
  else if (send) lines.push("", "not sent: the hook would refuse it");
  return `${lines.join("\n")}\n`;
}

function readText<T>(file: string, what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new UsageError(`${what}: cannot read ${file}: ${(error as Error).message}`);
  }
}
