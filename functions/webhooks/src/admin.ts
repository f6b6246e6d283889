// The operator API: list and show ledger events, and act on one (admin-actions.ts). Behind
// `Authorization: Bearer <admin key>`.
import {
  EVENT_STATUSES,
  type EventRecord,
  excerpt,
  InvalidCursorError,
  InvalidTimestampError,
} from "@smx/core";
import type { Runtime } from "@smx/runtime";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as v from "valibot";
import { adminActions } from "./admin-actions.ts";
import { notFound } from "./admin-errors.ts";
import { checkAdminKey } from "./admin-key.ts";
import { type Answer, errorAnswer } from "./answers.ts";
import type { AppEnv } from "./env.ts";
import { sendAnswer } from "./respond.ts";

const ListQuery = v.object({
  status: v.optional(v.picklist(EVENT_STATUSES, `one of ${EVENT_STATUSES.join(", ")}`)),
  hook: v.optional(v.pipe(v.string(), v.nonEmpty("a hook id"))),
  since: v.optional(v.pipe(v.string(), v.isoTimestamp("an ISO-8601 date-time such as 2026-01-31T08:00:00Z"))),
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

  admin.get("/events", async (c) => {
    const parsed = v.safeParse(ListQuery, c.req.query());
    if (!parsed.success) return sendAnswer(c, badQuery(parsed.issues[0]));
    const { status, hook, since, limit, cursor } = parsed.output;
    if (status === undefined && hook === undefined) {
      return sendAnswer(
        c,
        errorAnswer(400, {
          code: "invalid_query",
          message: "give status=<status> or hook=<hook id> (or both) to list events",
          field: "status",
        }),
      );
    }
    const page = { limit, ...(cursor === undefined ? {} : { cursor }) };
    try {
      const listed =
        hook !== undefined
          ? await runtime.ledger.listByHook(hook, { ...page, ...(since === undefined ? {} : { since }) })
          : await runtime.ledger.listByStatus(status as EventRecord["status"], page);
      // One index serves each query; the other filters apply to the page (a page may come back shorter).
      const items = listed.items.filter(
        (record) =>
          (status === undefined || record.status === status) &&
          (since === undefined || hook !== undefined || record.receivedAt >= since),
      );
      return c.json({
        items,
        ...(listed.cursor === undefined ? {} : { cursor: listed.cursor }),
      });
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        return sendAnswer(
          c,
          errorAnswer(400, { code: "invalid_query", message: error.message, field: "cursor" }),
        );
      }
      if (error instanceof InvalidTimestampError) {
        return sendAnswer(
          c,
          errorAnswer(400, { code: "invalid_query", message: error.message, field: "since" }),
        );
      }
      throw error;
    }
  });

  admin.get("/events/:id", async (c) => {
    const eventId = c.req.param("id");
    const record = await runtime.ledger.get(eventId);
    if (record === undefined) return sendAnswer(c, notFound(eventId));
    return c.json(record);
  });

  admin.route("/events", adminActions(runtime));

  return admin;
}

function badQuery(issue: v.BaseIssue<unknown>): Answer {
  const field = v.getDotPath(issue) ?? "query";
  return errorAnswer(400, {
    code: "invalid_query",
    message: `query parameter ${field}: expected ${issue.message}, got "${excerpt(String(issue.input))}"`,
    field,
  });
}
