// Reads an admin request's JSON body against a valibot schema: the one place admin bodies are parsed, so a
// limit or a new rule applies to every route at once. An empty body is `{}`.
import { issueMessage } from "@smx/core";
import { InboundError, parseJsonText } from "@smx/sources";
import type { Context } from "hono";
import * as v from "valibot";
import { type Answer, errorAnswer } from "./answers.ts";
import type { AppEnv } from "./env.ts";

export async function readJsonBody<S extends v.GenericSchema<unknown, object>>(
  c: Context<AppEnv>,
  schema: S,
  shape: string,
): Promise<{ body: v.InferOutput<S> } | { refused: Answer }> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim() !== "") {
    try {
      // The limits of a hook's body (depth, field length), and a position instead of V8's quote of the input.
      json = parseJsonText(text);
    } catch (error) {
      if (!(error instanceof InboundError)) throw error;
      return {
        refused: errorAnswer(error.status, {
          code: error.code,
          message: `the body must be JSON ${shape} or empty: ${error.message}`,
          ...(error.field === undefined ? {} : { field: error.field }),
        }),
      };
    }
  }
  const parsed = v.safeParse(schema, json);
  if (parsed.success) return { body: parsed.output };
  const issue = parsed.issues[0];
  const field = v.getDotPath(issue);
  return {
    refused: errorAnswer(400, {
      code: "malformed_body",
      message: `the body must be a JSON object ${shape}${field ? `; ${field}: ${issueMessage(issue)}` : ""}`,
      ...(field ? { field } : {}),
    }),
  };
}
