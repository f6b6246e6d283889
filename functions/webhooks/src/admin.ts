// The operator API: list and show ledger events, and act on one (admin-actions.ts). Behind
// `Authorization: Bearer <admin key>`.
import {
  EVENT_STATUSES,
  EventNotFoundError,
  EventQueryError,
  excerpt,
  InvalidCursorError,
  InvalidTimestampError,
  listEvents,
  showEvent,
} from "@smx/core";
import type { Runtime } from "@smx/runtime";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as v from "valibot";
import { adminActions } from "./admin-actions.ts";
import { notFound } from "./admin-errors.ts";
import { checkAdminKey } from "./admin-key.ts";
import { adminPreview } from "./admin-preview.ts";
import { type Answer, errorAnswer } from "./answers.ts";
import type { AppEnv } from "./env.ts";
import { sendAnswer } from "./respond.ts";

const ListQuery = v.object({
  status: v.optional(v.picklist(EVENT_STATUSES, `one of ${EVENT_STATUSES.join(", ")}`)),
  hook: v.optional(v.pipe(v.string(), v.nonEmpty("a hook id"))),
  since: v.optional(v.pipe(v.string(), v.isoTimestamp("an ISO-8601 date-time such as 2026-01-31T08:00:00Z"))),
  until: v.optional(v.pipe(v.string(), v.isoTimestamp("an ISO-8601 date-time such as 2026-01-31T08:00:00Z"))),
  source: v.optional(v.pipe(v.string(), v.nonEmpty("a source kind"), v.maxLength(50, "a source kind"))),
  q: v.optional(v.pipe(v.string(), v.nonEmpty("a term"), v.maxLength(300, "at most 300 characters"))),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "a whole number from 1 to 100"),
      v.transform(Number),
      v.minValue(1, "a whole number from 1 to 100"),
      v.maxValue(100, "a whole number from 1 to 100"),
    ),
    "50",
  ),
  cursor: v.optional(v.pipe(v.string(), v.nonEmpty("the cursor of a previous page"))),
});

/** An edited command is a few KB; a larger body is refused before it is read (413). */
export const ADMIN_MAX_BODY_BYTES = 64 * 1024;

export function adminRoutes(runtime: Runtime, adminApiKey: string | undefined): Hono<AppEnv> {
  const admin = new Hono<AppEnv>();

  admin.use("*", async (c, next) => {
    if (adminApiKey === undefined) {
      return sendAnswer(
        c,
        errorAnswer(503, {
          code: "admin_api_disabled",
          message: "admin API disabled: no admin key is configured (SMX_ADMIN_API_KEY)",
        }),
      );
    }
    const check = checkAdminKey(c.req.header("authorization"), adminApiKey);
    if (check !== "ok") {
      runtime.metrics.count("admin_auth_failures", 1);
      c.header("www-authenticate", 'Bearer realm="smx-admin"');
      return sendAnswer(
        c,
        errorAnswer(401, {
          code: "unauthenticated",
          message:
            check === "missing"
              ? "expected Authorization: Bearer <admin key>; none was sent"
              : "the admin key in Authorization is not valid",
          header: "authorization",
        }),
      );
    }
    await next();
  });

  // After the key check, so an unauthenticated request is refused without reading its body.
  admin.use(
    "*",
    bodyLimit({
      maxSize: ADMIN_MAX_BODY_BYTES,
      onError: (c) =>
        sendAnswer(
          c,
          errorAnswer(413, {
            code: "payload_too_large",
            message: `admin request bodies are at most ${ADMIN_MAX_BODY_BYTES} bytes`,
          }),
        ),
    }),
  );

  // Lists and shows as the CLI does (core's event queries); errors naming a query field answer 400.
  admin.get("/events", async (c) => {
    const parsed = v.safeParse(ListQuery, c.req.query());
    if (!parsed.success) return sendAnswer(c, badQuery(parsed.issues[0]));
    const { limit, cursor, q, ...query } = parsed.output;
    try {
      const page = await listEvents(
        runtime.ledger,
        { ...query, ...(q === undefined ? {} : { matching: q }) },
        {
          limit,
          ...(cursor === undefined ? {} : { cursor }),
        },
      );
      return c.json(page);
    } catch (error) {
      const field = queryFieldOf(error);
      if (field === undefined) throw error;
      return sendAnswer(
        c,
        errorAnswer(400, { code: "invalid_query", message: field.message, field: field.name }),
      );
    }
  });

  admin.get("/events/:id", async (c) => {
    const eventId = c.req.param("id");
    try {
      return c.json(await showEvent(runtime.ledger, eventId));
    } catch (error) {
      if (error instanceof EventNotFoundError) return sendAnswer(c, notFound(eventId));
      throw error;
    }
  });

  admin.route("/events", adminActions(runtime));
  admin.route("/hooks", adminPreview(runtime));

  return admin;
}

/** The query parameter a list error is about, if it is about one. */
function queryFieldOf(error: unknown): { name: string; message: string } | undefined {
  if (error instanceof EventQueryError) return { name: error.field, message: error.message };
  if (error instanceof InvalidCursorError) return { name: "cursor", message: error.message };
  if (error instanceof InvalidTimestampError) return { name: error.field, message: error.message };
  return undefined;
}

function badQuery(issue: v.BaseIssue<unknown>): Answer {
  const field = v.getDotPath(issue) ?? "query";
  return errorAnswer(400, {
    code: "invalid_query",
    message: `query parameter ${field}: expected ${issue.message}, got "${excerpt(String(issue.input))}"`,
    field,
  });
}
