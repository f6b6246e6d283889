// A job's schedule: a five-field cron expression read in the account's time zone. croner checks it and
// finds the next run (the local stack's timers); `awsCronExpression` writes it for EventBridge Scheduler,
// which takes six fields, a `?` in one of the two day fields, and weekday names (its numbers start at
// Sunday = 1, the classic ones at Sunday = 0: names avoid the off-by-one).
import { Cron } from "croner";

const WEEKDAY_FIELD = /^(\*|[A-Za-z]{3}(-[A-Za-z]{3})?(,[A-Za-z]{3}(-[A-Za-z]{3})?)*)$/;

/** The problem with `expression` as a job schedule, or undefined when it is a usable one. */
export function scheduleProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    return `a cron expression of five fields (minute hour day-of-month month day-of-week), e.g. "0 18 * * *"; got ${fields.length}`;
  const [, , dayOfMonth, , dayOfWeek] = fields as [string, string, string, string, string];
  if (!WEEKDAY_FIELD.test(dayOfWeek))
    return `day-of-week: "*" or names such as MON-FRI or MON,THU, not "${dayOfWeek}"`;
  if (dayOfMonth !== "*" && dayOfWeek !== "*")
    return "give a day of the month or a day of the week, not both";
  try {
    new Cron(expression, { paused: true });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return undefined;
}

/** The next time `expression` fires after `after`, read in `timeZone`. */
export function nextRunAfter(expression: string, timeZone: string, after: Date): Date | undefined {
  return new Cron(expression, { paused: true, timezone: timeZone }).nextRun(after) ?? undefined;
}

/** `*` + `/n` steps start at a field's first value in EventBridge's dialect. */
function step(field: string, first: string): string {
  return field.startsWith("*/") ? `${first}/${field.slice(2)}` : field;
}

/** `cron(m h dom mon dow *)` for EventBridge Scheduler (with the zone given beside it). */
export function awsCronExpression(expression: string): `cron(${string})` {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = expression.trim().split(/\s+/) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const days = dayOfWeek === "*" ? [step(dayOfMonth, "1"), "?"] : ["?", dayOfWeek.toUpperCase()];
  return `cron(${step(minute, "0")} ${step(hour, "0")} ${days[0]} ${step(month, "1")} ${days[1]} *)`;
}
