// `smx jobs …`: the scheduled jobs (the configuration's and the redrive), a run now (through the same
// runner as the schedule: lease, record), a dry run that creates nothing, and a job's run history.
import { jobsOf, runScheduledJob } from "@smx/runtime/jobs";
import { type Command, Option } from "commander";
import type { CommandContext } from "./context.ts";
import { UsageError } from "./errors.ts";
import { parseLimit } from "./events.ts";
import { formatJobHistory, formatJobList, formatJobRun } from "./jobs-format.ts";

export function registerJobCommands(program: Command, ctx: CommandContext): void {
  const { print } = ctx;
  const json = () => new Option("--json", "print JSON (for scripts)");
  const jobs = program
    .command("jobs")
    .description("scheduled jobs: feeds, plans, directory sync, the redrive");

  jobs
    .command("list")
    .description("every job with its schedule (cron in its time zone) and its last run")
    .addOption(json())
    .action(async (options, command: Command) => {
      const { catalog, runner } = jobsOf(await ctx.runtimeOf(command));
      const list = await Promise.all(
        catalog.entries.map(async (entry) => {
          const last = (await runner.history(entry.id, { limit: 1 })).items[0];
          return last === undefined ? { entry } : { entry, last };
        }),
      );
      const data = list.map(({ entry, last }) => ({
        id: entry.id,
        kind: entry.kind,
        target: entry.target,
        schedule: entry.schedule,
        timeZone: entry.timeZone,
        disabled: entry.disabled,
        description: entry.description,
        lastRun: last ?? null,
      }));
      print(options.json, data, () => formatJobList(list));
    });

  jobs
    .command("run")
    .description("run a job now, as its schedule would (it skips while another run holds the job)")
    .argument("<jobId>")
    .option("--dry-run", "print the visits it would create; create nothing, store nothing")
    .option("--refetch", "feeds: fetch and match the whole feed even if unchanged (after a directory change)")
    .addOption(json())
    .action(async (jobId: string, options, command: Command) => {
      const record = await runScheduledJob(await ctx.runtimeOf(command), jobId, {
        trigger: "operator",
        ...(options.dryRun ? { dryRun: true } : {}),
        ...(options.refetch ? { refetch: true } : {}),
      });
      if (record === undefined) return;
      print(options.json, record, () => formatJobRun(record, options.dryRun === true));
      if (record.status === "failed") ctx.setExitCode(1);
    });

  jobs
    .command("history")
    .description("a job's runs, newest first: what each created, skipped, superseded, could not match")
    .argument("<jobId>")
    .option("--limit <n>", "how many runs (default 20)")
    .option("--run <runId>", "show one run in full, with its items")
    .addOption(json())
    .action(async (jobId: string, options, command: Command) => {
      const { catalog, runner } = jobsOf(await ctx.runtimeOf(command));
      catalog.get(jobId); // an unknown id fails here, naming the jobs there are
      const limit = options.limit === undefined ? 20 : parseLimit(options.limit);
      const page = await runner.history(jobId, { limit: options.run ? 100 : limit });
      if (options.run) {
        const run = page.items.find((r) => r.runId === options.run);
        if (run === undefined)
          throw new UsageError(`--run: no run ${options.run} among the last 100 runs of ${jobId}`);
        print(options.json, run, () => formatJobRun(run, false));
        return;
      }
      print(options.json, page.items, () => formatJobHistory(page.items));
    });
}
