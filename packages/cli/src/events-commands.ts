// `smx events …`: list, show, and the operator actions (replay, rerun, dismiss, resolve). Actions run the
// runtime's EventOperations — the implementation behind the admin API too — and are recorded in the
// event's history as `cli:<--actor or OS user>`.
import { readFileSync } from "node:fs";
import type { OperationResult } from "@smx/core";
import { type Command, Option } from "commander";
import { cliActor } from "./actor.ts";
import type { CommandContext } from "./context.ts";
import { UsageError } from "./errors.ts";
import {
  listEvents,
  parseLimit,
  parseReplayStatus,
  parseStatus,
  replayEvent,
  replayMatching,
  showEvent,
  timeOption,
} from "./events.ts";
import { formatAction, formatBulkReplay, formatEvent, formatEventList } from "./format.ts";
import { progressBar } from "./progress.ts";

/** Outcomes that need nobody's attention; anything else makes the exit code 1. */
const SETTLED = new Set<string>(["delivered", "ignored", "closed"]);

export function registerEventCommands(program: Command, ctx: CommandContext): void {
  const { io, print } = ctx;
  const json = () => new Option("--json", "print JSON (for scripts)");
  const actor = () =>
    new Option("--actor <name>", "who is acting, for the event's history (default: your OS user name)");
  const events = program.command("events").description("list and show ledger events, and act on them");
  /** Prints an action's result; exit code 1 unless it settled the event. */
  const report = (verb: string, result: OperationResult, asJson: boolean | undefined) => {
    print(asJson, { outcome: result.outcome, event: result.record }, () => formatAction(verb, result));
    if (!SETTLED.has(result.record.status)) ctx.setExitCode(1);
  };

  events
    .command("list")
    .description("list events by status and/or hook")
    .option(
      "--status <status>",
      "in_progress, delivered, retry, dead, unknown_outcome, rejected, ignored or closed",
      parseStatus,
    )
    .option("--hook <hookId>", "events of one hook, newest first")
    .option("--since <iso>", "only events received at or after this date-time", timeOption("since"))
    .option("--until <iso>", "only events received before this date-time", timeOption("until"))
    .option("--source <kind>", "only events from this source (zapier, tally, …)")
    .option("--search <term>", "only events it names: event id, dedup key, a sender's or a SalesMania id")
    .option("--limit <n>", "at most this many (default 50)", parseLimit)
    .addOption(json())
    .action(async (options, command: Command) => {
      const runtime = await ctx.runtimeOf(command);
      ctx.warnUnknownHook(runtime, options.hook);
      const { search, ...query } = options;
      const records = await listEvents(runtime, {
        ...query,
        ...(search === undefined ? {} : { matching: search }),
      });
      print(options.json, records, () => formatEventList(records));
    });

  events
    .command("show")
    .description("one event: its command, history, errors and SalesMania result")
    .argument("<eventId>")
    .addOption(json())
    .action(async (eventId: string, options, command: Command) => {
      const record = await showEvent(await ctx.runtimeOf(command), eventId);
      print(options.json, record, () => formatEvent(record));
    });

  events
    .command("replay")
    .description("deliver a dead/rejected/retry event again now; or every event with --status")
    .argument("[eventId]")
    .option(
      "--status <status>",
      "replay every event with this status: dead, rejected, retry or unknown_outcome (with --yes)",
      parseReplayStatus,
    )
    .option("--hook <hookId>", "with --status: only this hook's events")
    .option(
      "--command <file>",
      "with an event id: a JSON file holding an edited command to deliver instead (see `events show --json`)",
    )
    .option("--force", "replay an unknown_outcome event (its create may exist: check SalesMania first)")
    .option("--yes", "with --status unknown_outcome: yes, replay every one (each may double an order)")
    .addOption(actor())
    .addOption(json())
    .addHelpText(
      "after",
      "\nAn unknown_outcome event is settled with `events resolve` after checking SalesMania; replaying it\nblindly is how duplicates happen, so it needs --force (or --yes for a bulk replay).\n\nExamples:\n  smx events replay evt_abc123\n  smx events replay evt_abc123 --command fixed.json\n  smx events replay --status dead --hook zapier-visits",
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
      if (options.status === "unknown_outcome" && options.yes !== true) {
        throw new UsageError(
          "--status unknown_outcome replays creates that may already exist in SalesMania; check them, resolve each with `events resolve`, or confirm a bulk replay with --yes",
        );
      }
      const runtime = await ctx.runtimeOf(command);
      const who = { actor: cliActor(options.actor) };
      if (eventId !== undefined) {
        const edited = options.command === undefined ? undefined : readCommandFile(options.command);
        const result = await replayEvent(runtime, eventId, {
          ...who,
          ...(edited === undefined ? {} : { command: edited }),
          ...(options.force ? { force: true } : {}),
        });
        report("replayed", result, options.json);
        return;
      }
      ctx.warnUnknownHook(runtime, options.hook);
      const summary = await replayMatching(
        runtime,
        { status: options.status, ...(options.hook === undefined ? {} : { hook: options.hook }) },
        { ...who, ...(options.yes ? { force: true } : {}) },
        progressBar(io.stderr, io.stderrIsTTY && !options.json),
      );
      print(options.json, summary, () => formatBulkReplay(summary));
      if (summary.items.some((item) => !SETTLED.has(item.outcome))) ctx.setExitCode(1);
    });

  events
    .command("rerun")
    .description("run a rejected event's kept request through its hook's current mapping, and deliver it")
    .argument("<eventId>")
    .addOption(actor())
    .addOption(json())
    .action(async (eventId: string, options, command: Command) => {
      const runtime = await ctx.runtimeOf(command);
      report(
        "re-run",
        await runtime.operations.rerun(eventId, { actor: cliActor(options.actor) }),
        options.json,
      );
    });

  events
    .command("dismiss")
    .description("close a rejected, dead or unknown_outcome event: nothing more is delivered")
    .argument("<eventId>")
    .requiredOption("--reason <text>", "why (kept in the event's history)")
    .addOption(actor())
    .addOption(json())
    .action(async (eventId: string, options, command: Command) => {
      const reason = String(options.reason).trim();
      if (reason === "") throw new UsageError("--reason: say why the event is dismissed");
      const runtime = await ctx.runtimeOf(command);
      const result = await runtime.operations.dismiss(eventId, { actor: cliActor(options.actor), reason });
      report("dismissed", result, options.json);
    });

  events
    .command("resolve")
    .description("settle an unknown_outcome event after checking SalesMania")
    .argument("<eventId>")
    .option(
      "--existing <salesmaniaId>",
      "it was created: the SalesMania id (read back, then delivered with it)",
    )
    .option("--not-created", "it was not created: deliver it now")
    .addOption(actor())
    .addOption(json())
    .action(async (eventId: string, options, command: Command) => {
      if ((options.existing === undefined) === (options.notCreated === undefined)) {
        throw new UsageError("give --existing <salesmania id> or --not-created");
      }
      const existing = options.existing === undefined ? undefined : parseId(options.existing);
      const runtime = await ctx.runtimeOf(command);
      const who = { actor: cliActor(options.actor) };
      const result = await runtime.operations.resolve(
        eventId,
        existing === undefined ? { ...who, notCreated: true } : { ...who, existing },
      );
      report("resolved", result, options.json);
    });
}

function parseId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value)) {
    throw new UsageError(`--existing: expected the SalesMania id (a whole number), got "${value}"`);
  }
  return Number(value);
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
