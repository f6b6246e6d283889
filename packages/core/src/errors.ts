// The core's own error classes. Messages name the key or field at fault and what was expected; they never
// carry a secret value.
import type { ErrorInfo } from "./ledger.ts";

/** A connection id that the configuration does not define. */
export class UnknownConnectionError extends Error {
  override name = "UnknownConnectionError";
  constructor(
    readonly connectionId: string,
    known: readonly string[],
  ) {
    super(
      `connection "${connectionId}" is not configured; expected one of: ${known.length ? known.join(", ") : "(none configured)"}`,
    );
  }
}

/** The connections configuration is invalid: `key` is the path of the bad entry (`connections[1].timeZone`). */
export class ConnectionConfigError extends Error {
  override name = "ConnectionConfigError";
  constructor(
    readonly key: string,
    expected: string,
  ) {
    super(`${key}: expected ${expected}`);
  }
}

/**
 * A secret whose value is not in the form its use needs (a SalesMania secret's JSON, a Standard Webhooks
 * `whsec_` key, a Secrets Manager entry with no value). Names the secret and the key at fault, never the value.
 */
export class SecretFormatError extends Error {
  override name = "SecretFormatError";
  readonly key: string | undefined;
  constructor(
    /** The secret's ref, or its position among a hook's secrets (`#2`) where the ref is not known. */
    readonly ref: string,
    problem: { key?: string; expected: string },
  ) {
    super(`secret "${ref}": ${problem.key ? `key "${problem.key}" ` : ""}expected ${problem.expected}`);
    this.key = problem.key;
  }
}

export type ResolutionCode =
  | "customer_not_found"
  | "customer_pending"
  | "product_not_found"
  | "unit_not_found"
  | "order_not_found";

/**
 * A reference in a command that does not resolve to a SalesMania record. `retryable` is true for an order
 * that may simply not have been delivered yet (events can arrive out of order) and for a customer another
 * event is creating right now (`customer_pending`).
 */
export class ResolutionError extends Error {
  override name = "ResolutionError";
  readonly retryable: boolean;
  constructor(
    readonly code: ResolutionCode,
    /** The command field at fault, e.g. `customer` or `lines[2].product`. */
    readonly field: string,
    message: string,
    options: { retryable?: boolean } = {},
  ) {
    super(`${field}: ${message}`);
    this.retryable = options.retryable ?? false;
  }

  toErrorInfo(): ErrorInfo {
    return { code: this.code, message: this.message, field: this.field };
  }
}

/** A command (e.g. an operator's edited command on replay) that fails the Command schema. */
export class InvalidCommandError extends Error {
  override name = "InvalidCommandError";
  constructor(
    readonly field: string,
    expected: string,
  ) {
    super(`command${field ? `.${field}` : ""}: ${expected}`);
  }
}

/** A replay of an event that never became a command (a rejected one) without an edited command. */
export class ReplayNeedsCommandError extends Error {
  override name = "ReplayNeedsCommandError";
  constructor(readonly eventId: string) {
    super(`event ${eventId} has no command (it was rejected before one was built); pass an edited command`);
  }
}

/** Invalid pipeline settings; `key` names the setting. */
export class SettingsError extends Error {
  override name = "SettingsError";
  constructor(
    readonly key: string,
    expected: string,
  ) {
    super(`settings.${key}: expected ${expected}`);
  }
}

/**
 * A plain replay of an `unknown_outcome` event: its create may already exist in SalesMania, so replaying it
 * blindly is how duplicates happen. A person checks first, then resolves it (or replays with force).
 */
export class UnknownOutcomeReplayError extends Error {
  override name = "UnknownOutcomeReplayError";
  constructor(readonly eventId: string) {
    super(
      `event ${eventId} is unknown_outcome: its create may already exist in SalesMania. Check there, then resolve it (events resolve ${eventId} --existing <salesmania id>, or --not-created); replay it only with force`,
    );
  }
}

/** `rerun` of a rejected event that cannot be run again: no request was kept, or its hook is gone. */
export class RerunUnavailableError extends Error {
  override name = "RerunUnavailableError";
  constructor(
    readonly eventId: string,
    why: string,
  ) {
    super(`event ${eventId} cannot be re-run: ${why}; replay it with an edited command instead`);
  }
}

/** `rerun` of a rejected event that the hook's current configuration still cannot use. */
export class StillUnusableError extends Error {
  override name = "StillUnusableError";
  constructor(
    readonly eventId: string,
    readonly code: string,
    detail: string,
    /** The field at fault, when one is. */
    readonly field?: string,
  ) {
    super(`event ${eventId} is still unusable with the hook's current configuration: ${detail}`);
  }
}

/**
 * `resolve --existing` could not confirm the record: SalesMania has no such record (`not_found`), it is not
 * this event's (`mismatch`), SalesMania could not be asked (`unavailable`), or the event's kind has no
 * record to read (`unsupported`). Nothing was changed.
 */
export class ResolveError extends Error {
  override name = "ResolveError";
  constructor(
    readonly eventId: string,
    readonly reason: "not_found" | "mismatch" | "unavailable" | "unsupported",
    detail: string,
  ) {
    super(`event ${eventId} was not resolved: ${detail}`);
  }
}

/** No request slot under the connection's rate limit comes up while the caller still has time to use one. */
export class NoRequestSlotError extends Error {
  override name = "NoRequestSlotError";
  constructor(
    readonly connectionId: string,
    reason: string,
  ) {
    super(`connection "${connectionId}": no request slot under its rate limit ${reason}`);
  }
}
