// The `smx` command tree. Every command builds the runtime the functions use (@smx/runtime) against the
// chosen ledger (target.ts) and prints either for people or, with --json, for scripts.

import { createMetrics } from "@smx/aws";
import { checkSecrets, createRuntime, type Runtime } from "@smx/runtime";
import { jobsOf } from "@smx/runtime/jobs";
import { Command, CommanderError, Option } from "commander";
import { chooseConfig, describeConfigChoice } from "./config-choice.ts";
import { checkConnection } from "./connection.ts";
import type { CommandContext } from "./context.ts";
import { formatDoctor, runDoctor } from "./doctor.ts";
import { UsageError } from "./errors.ts";
import { registerEventCommands } from "./events-commands.ts";
import { formatConnectionCheck, formatHooks, formatHookTest, formatSecretChecks } from "./format.ts";
import { dryRunHook, formatHookDryRun, listHooks, testHook, unknownHookNote } from "./hooks.ts";
import { registerHookTry } from "./hooks-try.ts";
import type { CliIo } from "./io.ts";
import { registerJobCommands } from "./jobs-commands.ts";
import { registerKeyCommands } from "./keys-commands.ts";
import { stderrLogger } from "./logger.ts";
import { formatRotateSecret, rotateConnectionSecret } from "./rotate-secret.ts";
import { configTargetEnv, runningStack, targetEnv } from "./target.ts";

interface GlobalOptions {
  stage?: string;
  table?: string;
  config?: string;
  verbose?: boolean;
}

/** Runs `argv` (without the node/script prefix); resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.stderr(`error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    return 1;
  }
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command("smx")
    .description(
      "Operate SalesMania hooks: the event ledger and operator actions, hooks, secrets and SalesMania connections.",
    )
    .option(
      "--stage <stage>",
      "a deployed SST stage: its ledger table is looked up in the AWS account/region",
    )
    .option("--table <name>", "a ledger table by name (DynamoDB Local when SMX_DYNAMODB_ENDPOINT is set)")
    .option(
      "--config <file>",
      "the hooks configuration to read (else SMX_CONFIG, the running stack's, the default)",
    )
    .option("--verbose", "show the pipeline's log lines and which configuration is read (on stderr)")
    .addHelpText(
      "after",
      "\nWithout --stage/--table: SMX_TABLE_NAME if set, else the running local stack (npm run dev). See docs/cli.md.",
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  /**
   * `ledger: false`: the command reads only the configuration and secrets, so no stack needs to run.
   * `sayConfig`: the command is about the configuration, so it names the file read, and why.
   */
  const runtimeOf = async (command: Command, { ledger = true, sayConfig = false } = {}): Promise<Runtime> => {
    const options = command.optsWithGlobals<GlobalOptions>();
    const choice = chooseConfig(options, io);
    // Said when asked, and always when the running stack serves another file than the one read here.
    if (sayConfig || options.verbose === true || choice.stackFile !== undefined)
      io.stderr(describeConfigChoice(choice));
    const target = { ...options, ...(choice.file === undefined ? {} : { configFile: choice.file }) };
    const env = ledger ? await targetEnv(target, io) : await configTargetEnv(target, io);
    return createRuntime(env, {
      logger: stderrLogger(io.stderr, options.verbose === true),
      // Metric lines are for CloudWatch; a CLI run has nothing to publish them to.
      metrics: createMetrics({ write: () => {} }),
    });
  };
  const print = (json: boolean | undefined, data: unknown, human: () => string) =>
    io.stdout(json ? `${JSON.stringify(data, null, 2)}\n` : human());
  const jsonOption = () => new Option("--json", "print JSON (for scripts)");

  const ctx: CommandContext = {
    io,
    runtimeOf,
    print,
    setExitCode,
    warnUnknownHook: (runtime, hookId) => {
      const note = unknownHookNote(runtime, hookId);
      if (note !== undefined) io.stderr(note);
    },
  };
  registerEventCommands(program, ctx);
  registerKeyCommands(program, ctx);
  registerJobCommands(program, ctx);

  const hooks = program.command("hooks").description("configured hooks, and test requests to them");

  hooks
    .command("list")
    .description("the configured hooks (with their URLs when --base-url is given)")
    .option("--base-url <url>", "the webhooks app's base URL, e.g. the deploy's apiUrl")
    .addOption(jsonOption())
    .action(async (options, command: Command) => {
      const baseUrl = options.baseUrl ?? localWebhooksUrl(io);
      const runtime = await runtimeOf(command, { ledger: false, sayConfig: true });
      const list = listHooks(runtime, baseUrl, await checkSecrets(runtime));
      print(options.json, list, () => formatHooks(list));
    });

  hooks
    .command("test")
    .description("send a sample payload to a hook, authenticated with its scheme and first secret")
    .argument("<hookId>")
    .option("--payload <file>", "payload file (default examples/payloads/<source>.json or .txt)")
    .option("--url <url>", "the webhooks app's base URL (default: the running local stack)")
    .option("--idempotency-key <key>", "Idempotency-Key header (default a fresh one per run)")
    .option("--dry-run", "authenticate and map it as the hook would, and print the command; nothing is sent")
    .addOption(jsonOption())
    .action(async (hookId: string, options, command: Command) => {
      const sent = {
        ...(options.payload === undefined ? {} : { payloadFile: options.payload }),
        ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
      };
      if (options.dryRun) {
        const result = await dryRunHook(await runtimeOf(command, { ledger: false }), hookId, sent);
        print(options.json, result, () => formatHookDryRun(result));
        if (result.outcome !== "admitted" && result.outcome !== "skipped") setExitCode(1);
        return;
      }
      const url = options.url ?? localWebhooksUrl(io);
      if (url === undefined)
        throw new UsageError("--url: no local stack is running; give the webhooks base URL");
      const result = await testHook(await runtimeOf(command, { ledger: false }), hookId, { url, ...sent });
      print(options.json, result, () => formatHookTest(result));
      if (result.status >= 300) setExitCode(1);
    });

  registerHookTry(hooks, ctx, () => localWebhooksUrl(io));

  const connection = program.command("connection").description("SalesMania connections");
  connection
    .command("check")
    .description("log in with the connection's secret and list its databases and teams")
    .argument("<connectionId>")
    .addOption(jsonOption())
    .action(async (connectionId: string, options, command: Command) => {
      const check = await checkConnection(await runtimeOf(command, { ledger: false }), connectionId);
      print(options.json, check, () => formatConnectionCheck(check));
      if (!check.ok) setExitCode(1);
    });
  connection
    .command("rotate-secret")
    .description("rotate a split connection's tokens now (an emergency: a leaked token, a failed rotation)")
    .argument("<connectionId>")
    .addOption(jsonOption())
    .action(async (connectionId: string, options, command: Command) => {
      const result = await rotateConnectionSecret(await runtimeOf(command, { ledger: false }), connectionId);
      print(options.json, result, () => formatRotateSecret(result));
    });

  program
    .command("config")
    .description("the hooks configuration")
    .command("check")
    .description("check the feeds, plans and jobs, and resolve every secret the configuration refers to")
    .addOption(jsonOption())
    .action(async (options, command: Command) => {
      const runtime = await runtimeOf(command, { ledger: false, sayConfig: true });
      jobsOf(runtime); // the feeds, plans and jobs sections: every problem with its key path, or nothing
      const checks = await checkSecrets(runtime, { logins: true });
      print(options.json, checks, () => formatSecretChecks(checks));
      if (checks.some((check) => check.problem !== undefined)) setExitCode(1);
    });

  program
    .command("doctor")
    .description(
      "after a deploy: every secret's form, every connection's login, every hook URL's GET check; what to fix",
    )
    .option(
      "--url <url>",
      "the webhooks app's base URL: the deploy's apiUrl (default: the running local stack)",
    )
    .addOption(jsonOption())
    .action(async (options, command: Command) => {
      const url: string | undefined = options.url ?? localWebhooksUrl(io);
      if (url === undefined)
        throw new UsageError(
          "--url: no local stack is running; give the deploy's apiUrl (sst deploy prints it)",
        );
      const report = await runDoctor(await runtimeOf(command, { ledger: false }), url);
      print(options.json, report, () => formatDoctor(report));
      if (!report.ok) setExitCode(1);
    });

  return program;
}

function localWebhooksUrl(io: CliIo): string | undefined {
  return runningStack(io.stackStateFile)?.webhooksUrl;
}
