// Human-readable output. `--json` bypasses all of this and prints the data itself.
import type { EventRecord, HistoryEntry, OperationResult } from "@smx/core";
import type { SecretCheck } from "@smx/runtime";
import type { ConnectionCheck } from "./connection.ts";
import type { BulkReplaySummary } from "./events.ts";
import type { HookSummary, HookTestResult } from "./hooks.ts";

export function table(rows: string[][]): string {
  if (rows.length === 0) return "";
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return `${rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

export function formatEventList(records: EventRecord[]): string {
  if (records.length === 0) return "no events match\n";
  return table([
    ["EVENT", "STATUS", "HOOK", "RECEIVED", "ATTEMPTS", "LAST ERROR"],
    ...records.map((record) => [
      record.eventId,
      record.status,
      record.hookId,
      record.receivedAt,
      String(record.attemptCount),
      record.lastError === undefined
        ? ""
        : `${record.lastError.code}: ${record.lastError.message}`.slice(0, 80),
    ]),
  ]);
}

export function formatEvent(record: EventRecord): string {
  const lines = [
    `event      ${record.eventId}`,
    `status     ${record.status}${record.nextAttemptAt ? ` (next attempt ${record.nextAttemptAt})` : ""}`,
    `hook       ${record.hookId} (source ${record.source}, connection ${record.connectionId})`,
    `dedup key  ${record.dedupKey}${record.dedupKeySource ? ` (from ${record.dedupKeySource})` : ""}`,
    `received   ${record.receivedAt}   updated ${record.updatedAt}`,
  ];
  if (record.occurredAt !== undefined) lines.push(`occurred   ${record.occurredAt} (as the source says)`);
  for (const note of record.notes ?? []) lines.push(`note       ${note}`);
  if (record.lastError !== undefined) {
    const { code, message, field, httpStatus } = record.lastError;
    lines.push(
      `last error ${code}: ${message}${field ? ` (field ${field})` : ""}${httpStatus ? ` [HTTP ${httpStatus}]` : ""}`,
    );
  }
  if (record.result !== undefined) lines.push(`salesmania ${JSON.stringify(record.result)}`);
  if (record.closure !== undefined) {
    const { kind, actor, at, reason, supersededBy } = record.closure;
    const why = reason ? `: ${reason}` : supersededBy ? `: delivered as ${supersededBy}` : "";
    lines.push(`closed     ${kind} by ${actor} at ${at}${why}`);
  }
  if (record.raw !== undefined)
    lines.push(
      `request    ${record.raw.bytes} bytes kept${record.raw.body === undefined ? " (body too large to keep)" : ""}`,
    );
  lines.push(`attempts   ${record.attemptCount}`);
  for (const entry of record.attempts) lines.push(`  ${entry.at}  ${historyLine(entry)}`);
  lines.push(
    "command",
    indent(
      record.command === undefined
        ? "(none: the request never became a command)"
        : JSON.stringify(record.command, null, 2),
    ),
  );
  return `${lines.join("\n")}\n`;
}

/** What one history entry says: `redrive → retry in 812 ms — http_503: …`, `dismiss by cli:ana (dup) → closed`. */
function historyLine(entry: HistoryEntry): string {
  const error = "error" in entry && entry.error ? ` — ${entry.error.code}: ${entry.error.message}` : "";
  switch (entry.kind) {
    case "attempt":
      return `${entry.trigger}  → ${entry.outcome} in ${entry.durationMs} ms${error}`;
    case "action":
      return `${entry.action} by ${entry.actor}${entry.note ? ` (${entry.note})` : ""}  → ${entry.outcome}`;
    case "rejection":
      return `inbound  → rejected${error}`;
  }
}

/** One action's result: `evt_…: replayed → delivered {"visitId":…}` or why it did not settle. */
export function formatAction(verb: string, result: OperationResult): string {
  const record = result.record;
  const why =
    record.lastError && record.status !== "delivered" && record.status !== "closed"
      ? ` — ${record.lastError.code}: ${record.lastError.message}`
      : "";
  const ids = record.status === "delivered" && record.result ? ` ${JSON.stringify(record.result.ids)}` : "";
  return `${record.eventId}: ${verb} → ${record.status}${ids}${why}\n`;
}

export function formatBulkReplay(summary: BulkReplaySummary): string {
  if (summary.total === 0) return "nothing to replay: no event matches\n";
  const lines = summary.items.map(
    (item) =>
      `${item.eventId}  ${item.hookId}  ${item.from} → ${item.outcome}${item.error ? ` (${item.error})` : ""}`,
  );
  const counts = Object.entries(summary.outcomes)
    .map(([outcome, n]) => `${n} ${outcome}`)
    .join(", ");
  lines.push(`replayed ${summary.total} event(s): ${counts}`);
  return `${lines.join("\n")}\n`;
}

export function formatHooks(hooks: HookSummary[]): string {
  const list = table([
    ["HOOK", "SOURCE", "ACTION", "CONNECTION", "AUTH", "SECRETS", "URL"],
    ...hooks.map((hook) => [
      hook.id + (hook.disabled ? " (disabled)" : ""),
      hook.source,
      hook.action,
      hook.connection,
      hook.auth,
      hook.problems.length === 0 ? "ok" : "PROBLEM",
      hook.url ?? "",
    ]),
  ]);
  const problems = hooks.flatMap((hook) => hook.problems.map((problem) => `  ${hook.id}: ${problem}`));
  return problems.length === 0
    ? list
    : `${list}\nsecret problems (the hook answers 503 until fixed):\n${problems.join("\n")}\n`;
}

export function formatSecretChecks(checks: SecretCheck[]): string {
  if (checks.length === 0) return "the configuration refers to no secrets\n";
  const rows = checks.map((check) => [
    `${check.owner} ${check.id}`,
    check.ref,
    check.problem !== undefined
      ? `FAIL ${check.problem}`
      : check.warning === undefined
        ? "ok"
        : `ok, but ${check.warning}`,
  ]);
  const failed = checks.filter((check) => check.problem !== undefined).length;
  const verdict =
    failed === 0 ? "all secrets resolve and have the right form" : `${failed} secret problem(s)`;
  return `${table([["OWNER", "REF", "CHECK"], ...rows])}${verdict}\n`;
}

export function formatHookTest(result: HookTestResult): string {
  return `POST ${result.url}  (payload ${result.payloadFile})\n→ HTTP ${result.status}\n${typeof result.body === "string" ? result.body : JSON.stringify(result.body, null, 2)}\n`;
}

export function formatConnectionCheck(check: ConnectionCheck): string {
  const lines = [`connection ${check.connection} at ${check.baseUrl}`];
  for (const step of check.steps)
    lines.push(`  ${step.ok ? "ok  " : "FAIL"}  ${step.step.padEnd(10)} ${step.detail}`);
  for (const database of check.databases ?? []) lines.push(`  database ${database.id}  ${database.name}`);
  for (const team of check.teams ?? []) lines.push(`  team     ${team.id}  ${team.name}`);
  lines.push(check.ok ? "connection works" : "connection check failed");
  return `${lines.join("\n")}\n`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
