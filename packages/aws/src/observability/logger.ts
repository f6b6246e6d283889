// core's Logger on Powertools: one JSON line per call with level, timestamp, service and the given fields;
// `child` adds persistent fields (eventId, hookId, dedupKey…) to every line of that logger. One Powertools
// Logger per container: a child only carries its fields and merges them into each line it writes, because a
// Powertools child costs a new Console and its option parsing per request (issue 12's profile).
import { Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import type { LogFields, Logger } from "@smx/core";
import { redactSecrets } from "./redact.ts";

export type LogLevelName = "DEBUG" | "INFO" | "WARN" | "ERROR" | "SILENT";

export interface LoggerOptions {
  /** Default: POWERTOOLS_SERVICE_NAME, else "smx". */
  serviceName?: string;
  /** Default: POWERTOOLS_LOG_LEVEL / AWS_LAMBDA_LOG_LEVEL, else INFO (resolved by Powertools). */
  level?: LogLevelName;
  /** Fields on every line. */
  fields?: LogFields;
}

// Powertools' numeric thresholds (LogLevelThreshold), so a line below the level costs no merge at all.
const DEBUG_LEVEL = 8;

class PowertoolsAdapter implements Logger {
  constructor(
    private readonly inner: PowertoolsLogger,
    /** The child's persistent fields, under the line's own. */
    private readonly fields: LogFields = {},
  ) {}

  debug(message: string, fields: LogFields = {}): void {
    if (this.inner.level > DEBUG_LEVEL) return;
    this.inner.debug(message, this.#with(fields));
  }

  info(message: string, fields: LogFields = {}): void {
    this.inner.info(message, this.#with(fields));
  }

  warn(message: string, fields: LogFields = {}): void {
    this.inner.warn(message, this.#with(fields));
  }

  error(message: string, fields: LogFields = {}): void {
    this.inner.error(message, this.#with(fields));
  }

  child(fields: LogFields): Logger {
    return new PowertoolsAdapter(this.inner, { ...this.fields, ...fields });
  }

  #with(fields: LogFields): LogFields {
    return { ...this.fields, ...fields };
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return new PowertoolsAdapter(
    new PowertoolsLogger({
      serviceName: options.serviceName ?? process.env.POWERTOOLS_SERVICE_NAME ?? "smx",
      ...(options.level ? { logLevel: options.level } : {}),
      persistentKeys: options.fields ?? {},
      jsonReplacerFn: redactSecrets,
    }),
  );
}
