// The scheduled sections of smx.config.json (`feeds`, `plans`, `jobs`), validated with their key paths. Kept
// out of the main loader's import graph on purpose: the calendar's dependencies (ical.js, date-holidays with
// its data) would multiply the webhooks function's bundle and cold start, and it needs none of them. The
// loader calls `scheduledSectionProblems` when given it (the deploy, the CLI, the scheduled functions).
import {
  CalendarConfigError,
  type FeedConfig,
  type PlanConfig,
  parseFeeds,
  parsePlans,
  parseSection,
} from "@smx/calendar";
import * as v from "valibot";
import { JobConfig, jobReferenceProblems } from "./config.ts";

export interface ScheduledSections {
  feeds: FeedConfig[];
  plans: PlanConfig[];
  jobs: JobConfig[];
}

export interface RawScheduledSections {
  connections: readonly { id: string }[];
  feeds: readonly unknown[];
  plans: readonly unknown[];
  jobs: readonly unknown[];
}

/** The configuration's scheduled sections are unusable; every problem starts with its key path. */
export class ScheduledConfigError extends Error {
  override name = "ScheduledConfigError";
  constructor(readonly problems: readonly string[]) {
    super(
      `the feeds, plans or jobs configuration has problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
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

function check(raw: RawScheduledSections): { sections: ScheduledSections; problems: string[] } {
  const problems: string[] = [];
  const connections = raw.connections.map((c) => c.id);
  const feeds = section(() => parseFeeds(raw.feeds, { connections }), problems);
  const plans = section(() => parsePlans(raw.plans, { connections }), problems);
  const jobs = section(() => parseSection("jobs", JobConfig, raw.jobs, { connections }), problems);
  // Only ids that are strings can be named; an invalid feed's own problems are reported above already.
  const names = (entries: readonly unknown[]) =>
    entries.map((e) => (e as { id?: unknown })?.id).filter((id): id is string => typeof id === "string");
  // Each job that parses on its own is checked for what it names, even when another entry has problems.
  const indexed = raw.jobs.flatMap((entry, index) => {
    const parsed = v.safeParse(JobConfig, entry);
    return parsed.success ? [{ index, value: parsed.output }] : [];
  });
  problems.push(...jobReferenceProblems(indexed, { feeds: names(raw.feeds), plans: names(raw.plans) }));
  return { sections: { feeds, plans, jobs }, problems };
}

/** Every problem of the three sections, each with its key path (none: usable). */
export function scheduledSectionProblems(raw: RawScheduledSections): string[] {
  return check(raw).problems;
}

/** The three sections, validated; throws ScheduledConfigError listing every problem. */
export function parseScheduledSections(raw: RawScheduledSections): ScheduledSections {
  const { sections, problems } = check(raw);
  if (problems.length > 0) throw new ScheduledConfigError(problems);
  return sections;
}
