// The operator API's actions on one event: replay, rerun, dismiss, resolve. Each calls the runtime's
// EventOperations (the same implementation the CLI uses) and answers `200 {outcome, event}`.
import type { OperationResult } from "@smx/core";
import type { Runtime } from "@smx/runtime";
import { type Context, Hono } from "hono";
import * as v from "valibot";
import { actionErrorAnswer } from "./admin-errors.ts";
import type { AppEnv } from "./env.ts";
import { readJsonBody } from "./json-body.ts";
import { sendAnswer } from "./respond.ts";

/** Who acts: the admin key's holder, optionally naming themselves (recorded as `admin-api:<name>`). */
const Actor = v.optional(
  v.pipe(v.string(), v.trim(), v.nonEmpty("a name"), v.maxLength(100, "at most 100 characters")),
);
const actorOf = (name: string | undefined) => (name === undefined ? "admin-api" : `admin-api:${name}`);

const ReplayBody = v.object({
  command: v.optional(v.unknown()),
  force: v.exactOptional(v.boolean()),
  actor: Actor,
});
const RerunBody = v.object({ actor: Actor });
const DismissBody = v.object({
  reason: v.pipe(
    v.string(),
    v.trim(),
    v.nonEmpty("why it is dismissed"),
    v.maxLength(500, "at most 500 characters"),
  ),
  actor: Actor,
});
const ResolveBody = v.pipe(
  v.object({
    existing: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, "a SalesMania id"))),
    notCreated: v.optional(v.literal(true)),
    actor: Actor,
  }),
  v.check(
    (body) => (body.existing === undefined) !== (body.notCreated === undefined),
    'give exactly one of "existing" (the SalesMania id it created) or "notCreated": true',
  ),
);

export function adminActions(runtime: Runtime): Hono<AppEnv> {
  const actions = new Hono<AppEnv>();
  const { operations } = runtime;

  actions.post("/:id/replay", (c) =>
    act(c, ReplayBody, '{"command"?, "force"?, "actor"?}', (id, { actor, ...body }) =>
      operations.replay(id, { actor: actorOf(actor), ...body }),
    ),
  );
  actions.post("/:id/rerun", (c) =>
    act(c, RerunBody, '{"actor"?}', (id, { actor }) => operations.rerun(id, { actor: actorOf(actor) })),
  );
  actions.post("/:id/dismiss", (c) =>
    act(c, DismissBody, '{"reason", "actor"?}', (id, { actor, reason }) =>
      operations.dismiss(id, { actor: actorOf(actor), reason }),
    ),
  );
  actions.post("/:id/resolve", (c) =>
    act(c, ResolveBody, '{"existing": <id>} or {"notCreated": true}', (id, { actor, existing }) =>
      operations.resolve(
        id,
        existing === undefined
          ? { actor: actorOf(actor), notCreated: true }
          : { actor: actorOf(actor), existing },
      ),
    ),
  );
  return actions;
}

/** Parses the body, runs the action, and answers with its result or the error's answer. */
async function act<S extends v.GenericSchema<unknown, object>>(
  c: Context<AppEnv>,
  schema: S,
  shape: string,
  run: (eventId: string, body: v.InferOutput<S>) => Promise<OperationResult>,
): Promise<Response> {
  const eventId = c.req.param("id") ?? "";
  const read = await readJsonBody(c, schema, shape);
  if ("refused" in read) return sendAnswer(c, read.refused);
  try {
    const result = await run(eventId, read.body);
    return c.json({ outcome: result.outcome, event: result.record });
  } catch (error) {
    const answer = actionErrorAnswer(eventId, error);
    if (answer === undefined) throw error;
    return sendAnswer(c, answer);
  }
}
