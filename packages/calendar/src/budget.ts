// A step budget for ical.js's recurrence iterator. Some rules never produce an occurrence (FREQ=DAILY;
// BYMONTH=2;BYMONTHDAY=30) or produce one only after millions of candidates (FREQ=SECONDLY;BYMONTH=12),
// and ical.js searches for the next one in a loop without a bound, inside one synchronous call. Every pass
// of that loop tests the candidate with `check_contracting_rules`, so counting those calls bounds the search:
// past the budget the call throws and the series is reported instead of hanging the job.
import type ICAL from "ical.js";

export class RecurrenceBudgetError extends Error {
  override name = "RecurrenceBudgetError";
  constructor(
    readonly limit: number,
    unit: "steps" | "occurrences in the window" = "steps",
  ) {
    super(`the recurrence needed more than ${limit} ${unit}`);
  }
}

export class StepBudget {
  private used = 0;
  constructor(readonly limit: number) {}

  step(): void {
    if (++this.used > this.limit) throw new RecurrenceBudgetError(this.limit);
  }

  get steps(): number {
    return this.used;
  }
}

/**
 * Makes every iterator `rule` creates from now on charge `budgets` for each candidate it tests. The hook is
 * on this Recur instance only (ical.js caches a property's parsed value, so the expansion reuses it).
 */
export function chargeRule(rule: ICAL.Recur, budgets: readonly StepBudget[]): void {
  const create = rule.iterator.bind(rule);
  rule.iterator = (start) => {
    const iterator = create(start);
    const check = iterator.check_contracting_rules.bind(iterator);
    iterator.check_contracting_rules = () => {
      for (const budget of budgets) budget.step();
      return check();
    };
    return iterator;
  };
}
