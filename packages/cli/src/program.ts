// The `smx` command tree. Every command builds the runtime the functions use (@smx/runtime) against the
// chosen ledger (target.ts) and prints either for people or, with --json, for scripts.

import { readFileSync } from "node:fs";
import { createMetrics } from "@smx/aws";
import { createRuntime, type Runtime } from "@smx/runtime";
import { Command, CommanderError, Option } from "commander";
import { checkConnection } from "./connection.ts";
import { UsageError } from "./errors.ts";
import {
  listEvents,
  parseLimit,
  parseReplayStatus,
  parseSince,
  parseStatus,
  replayEvent,
  replayMatching,
  showEvent,
} from "./events.ts";
import {
  formatBulkReplay,
  formatConnectionCheck,
  formatEvent,
  formatEventList,
  formatHooks,
  formatHookTest,
  formatReplay,
} from "./format.ts";
import { listHooks, testHook, unknownHookNote } from "./hooks.ts";
import type { CliIo } from "./io.ts";
import { stderrLogger } from "./logger.ts";
import { progressBar } from "./progress.ts";
import { configTargetEnv, runningStack, targetEnv } from "./target.ts";

/** Replay outcomes that need nobody's attention; anything else makes the exit code 1. */
const SETTLED = new Set<string>(["delivered", "ignored"]);

interface GlobalOptions {
  stage?: string;
  table?: string;
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
    .description("Operate SalesMania hooks: the event ledger, replays, hooks and SalesMania connections.")
    .option(
      "--stage <stage>",
      "a deployed SST stage: its ledger table is looked up in the AWS account/region",
    )
    .option("--table <name>", "a ledger table by name (DynamoDB Local when SMX_DYNAMODB_ENDPOINT is set)")
    .option("--verbose", "show the pipeline's log lines (on stderr)")
    .addHelpText(
      "after",
      "\nWithout --stage/--table: SMX_TABLE_NAME if set, else the running local stack (npm run dev). See docs/cli.md.",
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  /** `ledger: false`: the command reads only the configuration and secrets, so no stack needs to run. */
  const runtimeOf = async (command: Command, { ledger = true } = {}): Promise<Runtime> => {
    const options = command.optsWithGlobals<GlobalOptions>();
    const env = ledger ? await targetEnv(options, io) : await configTargetEnv(options, io);
    return createRuntime(env, {
      logger: stderrLogger(io.stderr, options.verbose === true),
      // Metric lines are for CloudWatch; a CLI run has nothing to publish them to.
      metrics: createMetrics({ write: () => {} }),
    });
  };
  const warnUnknownHook = (runtime: Runtime, hookId: string | undefined) => {
    const note = unknownHookNote(runtime, hookId);
    if (note !== undefined) io.stderr(note);
  };
  const print = (json: boolean | undefined, data: unknown, human: () => string) =>
    io.stdout(json ? `${JSON.stringify(data, null, 2)}\n` : human());
  const jsonOption = () => new Option("--json", "print JSON (for scripts)");

  const events = program.command("events").description("list, show and replay ledger events");

  events
    .command("list")
    .description("list events by status and/or hook")
    .option(
      "--status <status>",
      "in_progress, delivered, retry, dead, unknown_outcome, rejected or ignored",
      parseStatus,
    )
    .option("--hook <hookId>", "events of one hook, newest first")
    .option("--since <iso>", "only events received at or after this date-time", parseSince)
    .option("--limit <n>", "at most this many (default 50)", parseLimit)
    .addOption(jsonOption())
    .action(async (options, command: Command) => {
      const runtime = await runtimeOf(command);
      warnUnknownHook(runtime, options.hook);
      const records = await listEvents(runtime, options);
      print(options.json, records.map(withoutClaimToken), () => formatEventList(records));
    });

  events
    .command("show")
    .description("one event: its command, attempts, errors and SalesMania result")
    .argument("<eventId>")
    .addOption(jsonOption())
    .action(async (eventId: string, options, command: Command) => {
      const record = await showEvent(await runtimeOf(command), eventId);
      print(options.json, withoutClaimToken(record), () => formatEvent(record));
    });

  events
    .command("replay")
    .description(
      "deliver a dead/unknown_outcome/rejected/retry event again now; or every event with --status",
    )
    .argument("[eventId]")
    .option(
      "--status <status>",
      "replay every event with this status: dead, unknown_outcome, rejected or retry",
      parseReplayStatus,
    )
    .option("--hook <hookId>", "with --status: only this hook's events")
    .option(
      "--command <file>",
      "with an event id: a JSON file holding an edited command to deliver instead (see `events show --json`)",
    )
    .addOption(jsonOption())
    .addHelpText(
      "after",
      "\nExamples:\n  smx events replay evt_abc123\n  smx events replay evt_abc123 --command fixed.json\n  smx events replay --status dead --hook zapier-visits",
    )
    .action(async (eventId: string | undefined, options, command: Command) => {
      if ((eventId === undefined) === (options.status === undefined)) {
        throw new UsageError(
          "give an event id, or --status <status> (with an optional --hook) to replay in bulk",
        );
      }
      if (eventId !== undefined && options.hook !== undefined) {
        throw new UsageError("--hook only applies to a bulk replay (--status)");
      }
      if (eventId === undefined && options.command !== undefined) {
        throw new UsageError("--command only applies to a single event (give its id)");
      }
      const runtime = await runtimeOf(command);
      if (eventId !== undefined) {
        const edited = options.command === undefined ? undefined : readCommandFile(options.command);
        const result = await replayEvent(runtime, eventId, edited);
        print(options.json, { outcome: result.kind, event: withoutClaimToken(result.record) }, () =>
          formatReplay(result),
        );
        if (!SETTLED.has(result.record.status)) setExitCode(1);
        return;
      }
      warnUnknownHook(runtime, options.hook);
      const summary = await replayMatching(
        runtime,
        { status: options.status, ...(options.hook === undefined ? {} : { hook: options.hook }) },
        progressBar(io.stderr, io.stderrIsTTY && !options.json),
      );
      print(options.json, summary, () => formatBulkReplay(summary));
      if (summary.items.some((item) => !SETTLED.has(item.outcome))) setExitCode(1);
    });

  const hooks = program.command("hooks").description("configured hooks, and test requests to them");

  hooks
    .command("list")
    .description("the configured hooks (with their URLs when --base-url is given)")
    .option("--base-url <url>", "the webhooks app's base URL, e.g. the deploy's apiUrl")
    .addOption(jsonOption())
    .action(async (options, command: Command) => {
      const baseUrl = options.baseUrl ?? localWebhooksUrl(io);
      const list = listHooks(await runtimeOf(command, { ledger: false }), baseUrl);
      print(options.json, list, () => formatHooks(list));
    });

  hooks
    .command("test")
    .description("send a sample payload to a hook, authenticated with its scheme and first secret")
    .argument("<hookId>")
    .option("--payload <file>", "payload file (default examples/payloads/<source>.json or .txt)")
    .option("--url <url>", "the webhooks app's base URL (default: the running local stack)")
    .option("--idempotency-key <key>", "Idempotency-Key header (default a fresh one per run)")
    .addOption(jsonOption())
    .action(async (hookId: string, options, command: Command) => {
      const url = options.url ?? localWebhooksUrl(io);
      if (url === undefined)
        throw new UsageError("--url: no local stack is running; give the webhooks base URL");
      const result = await testHook(await runtimeOf(command, { ledger: false }), hookId, {
        url,
        ...(options.payload === undefined ? {} : { payloadFile: options.payload }),
        ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
      });
      print(options.json, result, () => formatHookTest(result));
      if (result.status >= 300) setExitCode(1);
    });

  program
    .command("connection")
    .description("SalesMania connections")
    .command("check")
    .description("log in with the connection's secret and list its databases and teams")
    .argument("<connectionId>")
    .addOption(jsonOption())
    .action(async (connectionId: string, options, command: Command) => {
      const check = await checkConnection(await runtimeOf(command, { ledger: false }), connectionId);
      print(options.json, check, () => formatConnectionCheck(check));
      if (!check.ok) setExitCode(1);
    });

  return program;
}

function localWebhooksUrl(io: CliIo): string | undefined {
  return runningStack(io.stackStateFile)?.webhooksUrl;
}

/** The claim token is a worker's private lease handle; the admin API leaves it out too. */
function withoutClaimToken<T extends { claimToken?: string }>(record: T): Omit<T, "claimToken"> {
  const { claimToken: _claimToken, ...shown } = record;
  return shown;
}

/** The edited command for a replay: a JSON file (the pipeline validates its content). */
function readCommandFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`--command: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--command: ${file} is not JSON: ${(error as Error).message}`);
  }
}
