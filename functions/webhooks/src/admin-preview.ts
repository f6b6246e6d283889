// The operator API's hook preview: `POST /admin/hooks/{id}/preview` with a payload (and optionally the
// sender's headers) answers what the hook would make of it — the intake's own preview, the same one the
// console and `smx hooks try` show. Nothing is written; SalesMania is only read.
import { Intake, PreviewInputError } from "@smx/intake";
import type { Runtime } from "@smx/runtime";
import { Hono } from "hono";
import * as v from "valibot";
import { errorAnswer } from "./answers.ts";
import type { AppEnv } from "./env.ts";
import { readJsonBody } from "./json-body.ts";
import { sendAnswer } from "./respond.ts";

const PreviewBody = v.object({
  /** The payload as text (JSON, a form post), or base64 with `"encoding": "base64"` (multipart, binary). */
  payload: v.string("the payload as a string"),
  encoding: v.optional(v.picklist(["utf8", "base64"], 'one of "utf8", "base64"'), "utf8"),
  contentType: v.optional(v.pipe(v.string(), v.nonEmpty("a content type"))),
  headers: v.optional(v.record(v.string(), v.string("a header value as a string"))),
});

export function adminPreview(runtime: Runtime): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const intake = new Intake(runtime);
  routes.post("/:id/preview", async (c) => {
    const read = await readJsonBody(c, PreviewBody, '{"payload", "encoding"?, "contentType"?, "headers"?}');
    if ("refused" in read) return sendAnswer(c, read.refused);
    const { payload, encoding, contentType, headers } = read.body;
    const body = new Uint8Array(Buffer.from(payload, encoding === "base64" ? "base64" : "utf8"));
    try {
      const preview = await intake.preview(
        c.req.param("id"),
        {
          body,
          ...(contentType === undefined ? {} : { contentType }),
          ...(headers === undefined ? {} : { headers }),
        },
        runtime,
      );
      return c.json(preview);
    } catch (error) {
      if (!(error instanceof PreviewInputError)) throw error;
      return sendAnswer(
        c,
        errorAnswer(400, { code: "malformed_body", message: error.message, field: error.field }),
      );
    }
  });
  return routes;
}
