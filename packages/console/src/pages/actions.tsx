/** @jsxImportSource hono/jsx */
// The operator actions: a confirmation page that says what will happen (and warns when a replay may double
// an order), then the action itself — the runtime's EventOperations, the one implementation the admin API
// and the CLI call too — recorded in the event's history as `console[:<name>]`.
import {
  EventNotFoundError,
  type EventRecord,
  EventStateError,
  InvalidCommandError,
  type OperationResult,
  ReplayNeedsCommandError,
  RerunUnavailableError,
  ResolveError,
  StillUnusableError,
  showEvent,
  UnknownOutcomeReplayError,
} from "@smx/core";
import type { Hono } from "hono";
import * as v from "valibot";
import { CSRF_FIELD } from "../csrf.ts";
import { type ConsoleContext, type ConsoleDeps, type ConsoleEnv, sendPage, userOf } from "../env.ts";
import { Notice, Page } from "../layout.tsx";
import { ACTION_NAMES, ACTIONS, type ActionName, applicable } from "./action-rules.ts";
import { EventFacts } from "./event.tsx";

/** Errors an operator can act on: shown on the confirmation page, nothing changed. */
const REFUSALS = [
  EventStateError,
  UnknownOutcomeReplayError,
  ReplayNeedsCommandError,
  InvalidCommandError,
  RerunUnavailableError,
  StillUnusableError,
  ResolveError,
];

const DismissForm = v.object({
  reason: v.pipe(v.string(), v.trim(), v.nonEmpty("a reason"), v.maxLength(500)),
});
const ResolveForm = v.union([
  v.object({
    outcome: v.literal("existing"),
    existing: v.pipe(v.string(), v.regex(/^\d{1,15}$/, "a SalesMania id"), v.transform(Number)),
  }),
  v.object({ outcome: v.literal("not-created") }),
]);

export function registerEventActions(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  for (const action of ACTION_NAMES) {
    app.get(`/events/:id/${action}`, (c) => withEvent(c, deps, (record) => confirm(c, record, action)));
    app.post(`/events/:id/${action}`, (c) =>
      withEvent(c, deps, (record) => perform(c, deps, record, action)),
    );
  }
}

async function withEvent(
  c: ConsoleContext,
  deps: ConsoleDeps,
  run: (record: EventRecord) => Promise<Response>,
) {
  try {
    return await run(await showEvent(deps.runtime.ledger, c.req.param("id") ?? ""));
  } catch (error) {
    if (!(error instanceof EventNotFoundError)) throw error;
    return sendPage(
      c,
      <Page title="Event not found" section="events" user={userOf(c)}>
        <Notice kind="warn">{error.message}</Notice>
      </Page>,
      404,
    );
  }
}

async function perform(c: ConsoleContext, deps: ConsoleDeps, record: EventRecord, action: ActionName) {
  const form = await c.req.parseBody();
  const actor = c.var.session.actor;
  const { operations } = deps.runtime;
  let run: () => Promise<OperationResult>;
  if (action === "dismiss") {
    const parsed = v.safeParse(DismissForm, form);
    if (!parsed.success) return confirm(c, record, action, "Give a reason (why it is dismissed).", 422);
    run = () => operations.dismiss(record.eventId, { actor, reason: parsed.output.reason });
  } else if (action === "resolve") {
    const parsed = v.safeParse(ResolveForm, form);
    if (!parsed.success)
      return confirm(
        c,
        record,
        action,
        "Choose: it exists (with its SalesMania id), or it was not created.",
        422,
      );
    const how = parsed.output;
    run = () =>
      operations.resolve(
        record.eventId,
        how.outcome === "existing" ? { actor, existing: how.existing } : { actor, notCreated: true },
      );
  } else if (action === "rerun") {
    run = () => operations.rerun(record.eventId, { actor });
  } else {
    const force = record.status === "unknown_outcome";
    if (force && form.confirmDuplicate !== "yes")
      return confirm(c, record, action, "Tick the box to confirm you checked SalesMania first.", 422);
    run = () => operations.replay(record.eventId, { actor, ...(force ? { force } : {}) });
  }
  try {
    const result = await run();
    const done = `${action} → ${result.outcome}`;
    return c.redirect(`/console/events/${result.record.eventId}?${new URLSearchParams({ done })}`, 303);
  } catch (error) {
    if (!REFUSALS.some((refusal) => error instanceof refusal)) throw error;
    return confirm(c, record, action, (error as Error).message, 409);
  }
}

async function confirm(
  c: ConsoleContext,
  record: EventRecord,
  action: ActionName,
  problem?: string,
  status: 200 | 409 | 422 = 200,
) {
  const allowed = applicable(record).includes(action);
  const mayDouble = action === "replay" && record.status === "unknown_outcome";
  return sendPage(
    c,
    <Page title={`${ACTIONS[action].label} event ${record.eventId}?`} section="events" user={userOf(c)}>
      {problem && <Notice kind="bad">{problem}</Notice>}
      <EventFacts record={record} />
      {allowed ? (
        <>
          <p>
            <strong>{ACTIONS[action].label}</strong> {ACTIONS[action].does} It is recorded in the event's
            history as <code>{c.var.session.actor}</code>.
          </p>
          {mayDouble && (
            <Notice kind="warn">
              This event's create may already have reached SalesMania (its answer was lost). Replaying it can
              create a duplicate order. Check SalesMania's order list first; if the order is there, use
              Resolve instead.
            </Notice>
          )}
          <form method="post" action={`/console/events/${record.eventId}/${action}`}>
            <input type="hidden" name={CSRF_FIELD} value={c.var.csrf} />
            <ActionFields action={action} mayDouble={mayDouble} />
            <div class="actions">
              <button type="submit" class={action === "dismiss" || mayDouble ? "danger" : undefined}>
                {ACTIONS[action].label}
              </button>
              <a class="button secondary" href={`/console/events/${record.eventId}`}>
                Cancel
              </a>
            </div>
          </form>
        </>
      ) : (
        <Notice kind="warn">{`${ACTIONS[action].label} does not apply to an event in status ${record.status}.`}</Notice>
      )}
    </Page>,
    status,
  );
}

function ActionFields({ action, mayDouble }: { action: ActionName; mayDouble: boolean }) {
  if (action === "dismiss")
    return (
      <div class="field">
        <label for="reason">Why is it dismissed? (kept in its history)</label>
        <textarea id="reason" name="reason" required maxlength={500} />
      </div>
    );
  if (action === "resolve")
    return (
      <fieldset>
        <legend>What did you find in SalesMania?</legend>
        <div class="field">
          <label>
            <input type="radio" name="outcome" value="existing" required /> It exists: its SalesMania id is
          </label>
          <input
            id="existing"
            name="existing"
            type="text"
            inputmode="numeric"
            aria-label="SalesMania id of the record it created"
          />
        </div>
        <div class="field">
          <label>
            <input type="radio" name="outcome" value="not-created" /> It was not created: deliver it now
          </label>
        </div>
      </fieldset>
    );
  if (mayDouble)
    return (
      <div class="field">
        <label>
          <input type="checkbox" name="confirmDuplicate" value="yes" required /> I checked SalesMania: the
          order is not there, replay it anyway
        </label>
      </div>
    );
  return null;
}
