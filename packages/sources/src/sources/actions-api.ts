// The actions API (`/api/v1/...`): the body holds the canonical command fields themselves (no mapping), the
// route adds what its path names (an order's `extOrderNo`), and the sender's `Idempotency-Key` header is the
// dedup key — required, so a retried Zapier task can never make a second visit or order. Not in the
// registry: no hook is configured with it; the API authenticates with its own keys and hands each request to
// the intake with this adapter (functions/webhooks/src/api/).
import { type ActionKind, Command, excerpt, issueMessage } from "@smx/core";
import * as v from "valibot";
import type { SourceAdapter } from "../adapter.ts";
import { parseBody } from "../body/index.ts";
import { UnusableEventError } from "../errors.ts";
import { knownDedupKey } from "../mapping/dedup.ts";

/** `fixed`: command fields the route takes from its path; they win over the body's. */
export function actionsApiSource(action: ActionKind, fixed: Record<string, unknown> = {}): SourceAdapter {
  return {
    auth: { schemes: ["api-key"] },
    events: "none",
    parse: (request) => parseBody(request, { accept: ["json"] }),
    normalize: (payload, request, context) => {
      const key = knownDedupKey({ context, request, source: payload });
      if (key === undefined)
        throw new UnusableEventError(
          "header Idempotency-Key is required: one stable value per action (a retry sends the same one)",
          { field: "Idempotency-Key", code: "missing_idempotency_key" },
        );
      const command = canonicalCommand({ ...(payload as object), ...fixed, kind: action });
      return {
        kind: "event",
        event: { command, dedupKey: key.dedupKey, dedupKeySource: "idempotency-key", nativeIds: {} },
      };
    },
  };
}

function canonicalCommand(draft: Record<string, unknown>): Command {
  const result = v.safeParse(Command, draft);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issue.path?.map((item) =>
    typeof item.key === "number" ? `[${item.key}]` : `.${String(item.key)}`,
  );
  const field = excerpt((path ?? []).join("").replace(/^\./, ""), 120);
  const missing = issue.input === undefined;
  throw new UnusableEventError(
    `${field || "body"}: ${missing ? `is required for ${String(draft.kind)}` : issueMessage(issue)}`,
    { field: field || undefined, code: missing ? "missing_field" : "invalid_field" },
  );
}
