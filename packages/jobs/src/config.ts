// The `jobs` section: which feed, plan or connection each scheduled job works on, and when (a cron
// expression in the account's time zone). The redrive is built in and not listed. See docs/jobs.md.
import * as v from "valibot";
import { scheduleProblem } from "./schedule.ts";

const JobId = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{3,64}$/, "ids are 3–64 characters of A–Z, a–z, 0–9, _ or -"),
  v.check((id) => id !== REDRIVE_JOB_ID, `"${"redrive"}" is the built-in redrive job's id`),
);

export const REDRIVE_JOB_ID = "redrive";

const Schedule = v.pipe(
  v.string(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = scheduleProblem(dataset.value);
    if (problem !== undefined) addIssue({ message: problem });
  }),
);

const TimeZoneName = v.pipe(
  v.string(),
  v.check((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "an IANA time zone name such as Asia/Jakarta"),
);

const common = {
  id: JobId,
  description: v.optional(v.string()),
  /** Five-field cron, read in `timeZone`. */
  schedule: Schedule,
  /** The zone the schedule is read in: the feed's, plan's or connection's by default (Asia/Jakarta). */
  timeZone: v.optional(TimeZoneName),
  disabled: v.optional(v.boolean(), false),
};

export const JobConfig = v.variant("kind", [
  /** Polls a calendar feed (`feeds[].id`) into visits. */
  v.strictObject({ kind: v.literal("feed"), feed: v.pipe(v.string(), v.nonEmpty()), ...common }),
  /** Turns a journey plan (`plans[].id`) into visits for its horizon. */
  v.strictObject({ kind: v.literal("plan"), plan: v.pipe(v.string(), v.nonEmpty()), ...common }),
  /** Pages a connection's customers and products into the directory resolution reads. */
  v.strictObject({
    kind: v.literal("directory-sync"),
    connection: v.pipe(v.string(), v.nonEmpty()),
    ...common,
  }),
]);
export type JobConfig = v.InferOutput<typeof JobConfig>;
export type JobKind = JobConfig["kind"] | "redrive";

/** The feed or plan each job names, checked against the document (ids and connections are parseSection's). */
export function jobReferenceProblems(
  jobs: readonly { index: number; value: JobConfig }[],
  known: { feeds: readonly string[]; plans: readonly string[] },
): string[] {
  const problems: string[] = [];
  for (const { index, value } of jobs) {
    if (value.kind === "directory-sync") continue;
    const [field, target, list] =
      value.kind === "feed"
        ? (["feed", value.feed, known.feeds] as const)
        : (["plan", value.plan, known.plans] as const);
    if (!list.includes(target))
      problems.push(
        `jobs[${index}].${field}: no ${field} "${target}"; defined: ${list.join(", ") || "none"}`,
      );
  }
  return problems;
}
