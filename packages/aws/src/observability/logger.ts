// core's Logger on Powertools: one JSON line per call with level, timestamp, service and the given fields;
// `child` adds persistent fields (eventId, hookId, dedupKey…) to every line of that logger.
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

class PowertoolsAdapter implements Logger {
  constructor(private readonly inner: PowertoolsLogger) {}

  debug(message: string, fields: LogFields = {}): void {
    this.inner.debug(message, fields);
  }

  info(message: string, fields: LogFields = {}): void {
    this.inner.info(message, fields);
  }

  warn(message: string, fields: LogFields = {}): void {
    this.inner.warn(message, fields);
  }

  error(message: string, fields: LogFields = {}): void {
    this.inner.error(message, fields);
  }

  child(fields: LogFields): Logger {
    return new PowertoolsAdapter(this.inner.createChild({ persistentKeys: fields }));
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
