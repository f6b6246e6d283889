// Field names whose values are secrets: masked wherever they appear in a log line, at any depth, so a
// careless `logger.info("…", { config })` cannot print a password or token.
const SECRET_FIELD = /pass(word)?|secret|token|authorization|api[-_]?key|signature|cookie|credential/i;

export const REDACTED = "[redacted]";

/** A JSON.stringify replacer that masks secret-named fields. */
export function redactSecrets(key: string, value: unknown): unknown {
  return key !== "" && SECRET_FIELD.test(key) && value !== undefined ? REDACTED : value;
}
