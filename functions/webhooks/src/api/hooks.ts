// The hook an actions-API request is received as: one per connection and action, made here rather than
// configured, so a key's requests always deliver to its own connection (the key's, never one the request
// names) and an Idempotency-Key is unique per connection and action, as Stripe scopes it per account.
import type { ActionKind, ApiKeyRecord } from "@smx/core";
import type { HookConfig } from "@smx/sources";

/** What the ledger records as these events' source (`events list` shows it). */
export const API_SOURCE = "api";

/** `api-<action>@<connection>`: what `smx events list --hook` takes to list one endpoint's events. */
export function apiHookId(connectionId: string, action: ActionKind): string {
  return `api-${action}@${connectionId}`;
}

export function apiHook(key: ApiKeyRecord, action: ActionKind): HookConfig {
  return {
    id: apiHookId(key.connectionId, action),
    // Never read for these requests (the API's adapter and source are passed to the intake): the generic
    // sender kind whose auth and dedup rules these requests follow.
    source: "zapier",
    connection: key.connectionId,
    action,
    // The API key is checked before the intake; this only keeps the header out of a rejected record.
    auth: { scheme: "api-key", header: "authorization", secrets: ["api-keys"] },
    mapping: {},
    customerPolicy: "match-only",
    maxBodyBytes: 256 * 1024,
    disabled: false,
  };
}
