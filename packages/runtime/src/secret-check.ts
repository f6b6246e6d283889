// Every secret the configuration refers to, resolved and checked for form: at start (the local stack, a
// Lambda cold start), by `smx config check` and in `smx hooks list`. A problem is reported with the hook or
// connection and the ref, never the value; the broken hook answers 503 alone, the others keep working.
// A connection's secret is checked in the form its configuration implies: tokens when it has a loginSecret
// (the login itself only when asked: the functions may not read it), else either form, a login there being
// the single-secret form from before the split (a warning, not a problem).
import { setTimeout as delay } from "node:timers/promises";
import { feedUrl } from "@smx/calendar/fetch";
import { type ConnectionConfig, parseLoginSecret, parseSalesmaniaSecret, parseTokensSecret } from "@smx/core";
import { hookSecretProblem } from "@smx/sources";
import type { Runtime } from "./runtime.ts";

export interface SecretCheck {
  /** Whose secret: a hook's auth secret, a connection's SalesMania secret, or a calendar feed's address. */
  owner: "hook" | "connection" | "feed";
  id: string;
  ref: string;
  /** What is wrong; absent when the secret is readable and in the right form. */
  problem?: string;
  /** What works but should change (a connection's login still in its one secret). */
  warning?: string;
}

type Verdict = { problem?: string; warning?: string };

export interface SecretCheckOptions {
  /** Read the connections' login secrets too (`smx config check`); the functions may not, so not at start. */
  logins?: boolean;
}

export async function checkSecrets(
  runtime: Pick<Runtime, "config" | "secrets">,
  options: SecretCheckOptions = {},
): Promise<SecretCheck[]> {
  const { config, secrets } = runtime;
  const read = async (
    owner: SecretCheck["owner"],
    id: string,
    ref: string,
    judge: (value: string) => Verdict,
  ): Promise<SecretCheck> => {
    let value: string;
    try {
      value = await secrets.getSecret(ref);
    } catch (error) {
      return { owner, id, ref, problem: messageOf(error) };
    }
    return { owner, id, ref, ...judge(value) };
  };
  return Promise.all([
    ...config.connections.flatMap((connection) => [
      read("connection", connection.id, connection.secret, (value) => connectionVerdict(connection, value)),
      ...(options.logins && connection.loginSecret !== undefined
        ? [
            read(
              "connection",
              connection.id,
              connection.loginSecret,
              verdictOf(parseLoginSecret, connection.loginSecret),
            ),
          ]
        : []),
    ]),
    ...config.hooks.flatMap((hook) =>
      hook.auth.secrets.map((ref) =>
        read("hook", hook.id, ref, (value) => {
          const problem = hookSecretProblem(hook, value);
          return problem === undefined ? {} : { problem: `secret "${ref}" ${problem}` };
        }),
      ),
    ),
    // The address itself is the secret: checked for form (http(s) or webcal), never printed.
    ...feedSecrets(config.feeds).map((feed) =>
      read("feed", feed.id, feed.urlSecret, (value) => {
        const { problem } = verdictOf((_ref, url) => feedUrl(url), feed.urlSecret)(value);
        return problem === undefined ? {} : { problem: `secret "${feed.urlSecret}": ${problem}` };
      }),
    ),
  ]);
}

function connectionVerdict(connection: ConnectionConfig, value: string): Verdict {
  if (connection.loginSecret !== undefined) return verdictOf(parseTokensSecret, connection.secret)(value);
  let secret: ReturnType<typeof parseSalesmaniaSecret>;
  try {
    secret = parseSalesmaniaSecret(connection.secret, value);
  } catch (error) {
    return { problem: messageOf(error) };
  }
  if ("bearerToken" in secret) return {};
  return {
    warning: `connection "${connection.id}" keeps its SalesMania login in its one secret, readable by every function: split it into a tokens secret and a loginSecret (docs/upgrade.md)`,
  };
}

/** A problem when `parse` refuses the value. */
function verdictOf(parse: (ref: string, value: string) => unknown, ref: string) {
  return (value: string): Verdict => {
    try {
      parse(ref, value);
      return {};
    } catch (error) {
      return { problem: messageOf(error) };
    }
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The feeds' address secrets, read from the raw section (the jobs runtime validates the rest of it). */
function feedSecrets(feeds: readonly unknown[]): { id: string; urlSecret: string }[] {
  return feeds.flatMap((feed) => {
    const { id, urlSecret } = (feed ?? {}) as { id?: unknown; urlSecret?: unknown };
    return typeof id === "string" && typeof urlSecret === "string" ? [{ id, urlSecret }] : [];
  });
}

const PROBLEM_MESSAGES: Record<SecretCheck["owner"], (id: string) => string> = {
  hook: (id) => `hook "${id}" cannot take requests: its secret is unusable (it answers 503 until fixed)`,
  connection: (id) =>
    `connection "${id}" cannot deliver: its secret is unusable (events wait as retry until fixed)`,
  feed: (id) => `feed "${id}" cannot be fetched: its address secret is unusable (its job fails until fixed)`,
};

/**
 * The start-up check: logs one clear error per problem (and a summary line). Bounded by `timeoutMs`, so a
 * slow secret store delays a cold start by that much at most; the reads go on and fill the cache.
 */
export async function reportSecretProblems(
  runtime: Pick<Runtime, "config" | "secrets" | "logger">,
  timeoutMs = 3_000,
): Promise<SecretCheck[] | undefined> {
  const done = new AbortController();
  const late = delay(timeoutMs, undefined, { signal: done.signal }).catch(() => undefined);
  const checks = await Promise.race([checkSecrets(runtime), late]);
  done.abort();
  if (checks === undefined) {
    runtime.logger.warn("secret check at start did not finish in time; hooks whose secrets fail answer 503", {
      timeoutMs,
    });
    return undefined;
  }
  const problems = checks.filter((check) => check.problem !== undefined);
  for (const check of problems) {
    runtime.logger.error(PROBLEM_MESSAGES[check.owner](check.id), {
      [`${check.owner}Id`]: check.id,
      ref: check.ref,
      problem: check.problem,
    });
  }
  for (const check of checks)
    if (check.warning !== undefined) runtime.logger.warn(check.warning, { ref: check.ref });
  runtime.logger.info("secrets checked at start", { checked: checks.length, problems: problems.length });
  return checks;
}
