// The scheduled sections (`feeds`, `plans`, `jobs`), checked with the rest of the document: the calendar
// package validates its own sections (key paths included), the jobs package its own and what each job names.
import { CalendarConfigError, type FeedConfig, type PlanConfig, parseFeeds, parsePlans } from "@smx/calendar";
import { type JobConfig, jobReferenceProblems } from "@smx/jobs";
import type { Indexed } from "./check.ts";

interface ScheduledInput {
  feeds: unknown[];
  plans: unknown[];
}

function section<T>(parse: () => T[], problems: string[]): T[] {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof CalendarConfigError)) throw error;
    problems.push(...error.problems);
    return [];
  }
}

/**
 * Validates the feeds and plans sections and what the (already checked) jobs name, adding every problem to
 * `problems`; returns the valid entries.
 */
export function checkScheduled(
  input: ScheduledInput,
  jobs: readonly Indexed<JobConfig>[],
  connections: readonly string[],
  problems: string[],
): { feeds: FeedConfig[]; plans: PlanConfig[]; jobs: JobConfig[] } {
  const feeds = section(() => parseFeeds(input.feeds, { connections }), problems);
  const plans = section(() => parsePlans(input.plans, { connections }), problems);
  // Only entries that parsed can be named; an invalid feed's problems are reported above already.
  const names = (entries: readonly unknown[]) =>
    entries.map((e) => (e as { id?: unknown })?.id).filter((id): id is string => typeof id === "string");
  problems.push(
    ...jobReferenceProblems(jobs, { feeds: names(input.feeds), plans: names(input.plans), connections }),
  );
  return { feeds, plans, jobs: jobs.map((j) => j.value) };
}
