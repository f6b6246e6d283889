// Ports for tests that look at what happened: a clock the test moves, a logger and metrics that keep every
// line and count.
import type { Clock, LogFields, Logger, MeasureUnit, Metrics } from "../ports.ts";

/** A clock the test moves: lease expiry and due retries without waiting. */
export class TestClock implements Clock {
  constructor(private t = Date.now()) {}
  now = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface LogLine {
  level: string;
  message: string;
  fields: LogFields;
}

/** The Logger port, keeping every line (with its child fields) for assertions. */
export class RecordingLogger implements Logger {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly base: LogFields = {},
  ) {}
  private write(level: string, message: string, fields: LogFields = {}) {
    this.lines.push({ level, message, fields: { ...this.base, ...fields } });
  }
  debug = (message: string, fields?: LogFields) => this.write("debug", message, fields);
  info = (message: string, fields?: LogFields) => this.write("info", message, fields);
  warn = (message: string, fields?: LogFields) => this.write("warn", message, fields);
  error = (message: string, fields?: LogFields) => this.write("error", message, fields);
  child(fields: LogFields): Logger {
    return new RecordingLogger(this.lines, { ...this.base, ...fields });
  }
}

export class CountingMetrics implements Metrics {
  readonly counts: Record<string, number> = {};
  /** Every measured value and count, in order, with its dimensions. */
  readonly written: { name: string; value: number; unit: string; dimensions: Record<string, string> }[] = [];
  count(name: string, value = 1, dimensions: Record<string, string> = {}): void {
    this.counts[name] = (this.counts[name] ?? 0) + value;
    this.written.push({ name, value, unit: "Count", dimensions });
  }
  measure(name: string, value: number, unit: MeasureUnit, dimensions: Record<string, string> = {}): void {
    this.written.push({ name, value, unit, dimensions });
  }
}
