// Every secret the configuration refers to, resolved and checked for form: at start (the local stack, a
// Lambda cold start), by `smx config check` and in `smx hooks list`. A problem is reported with the hook or
// connection and the ref, never the value; the broken hook answers 503 alone, the others keep working.
import { setTimeout as delay } from "node:timers/promises";
import { feedUrl } from "@smx/calendar/fetch";
import { parseSalesmaniaSecret } from "@smx/core";
import { hookSecretProblem } from "@smx/sources";
import type { Runtime } from "./runtime.ts";

export interface SecretCheck {
  /** Whose secret: a hook's auth secret, a connection's SalesMania secret, or a calendar feed's address. */
  owner: "hook" | "connection" | "feed";
  id: string;
  ref: string;
  /** What is wrong; absent when the secret is readable and in the right form. */
  problem?: string;
}

export async function checkSecrets(runtime: Pick<Runtime, "config" | "secrets">): Promise<SecretCheck[]> {
  const { config, secrets } = runtime;
  const read = async (
    owner: SecretCheck["owner"],
    id: string,
    ref: string,
    problemOf: (value: string) => string | undefined,
  ): Promise<SecretCheck> => {
    let value: string;
    try {
      value = await secrets.getSecret(ref);
    } catch (error) {
      return { owner, id, ref, problem: error instanceof Error ? error.message : String(error) };
    }
    const problem = problemOf(value);
    return problem === undefined ? { owner, id, ref } : { owner, id, ref, problem };
  };
  return Promise.all([
    ...config.connections.map((connection) =>
      read("connection", connection.id, connection.secret, (value) => {
        try {
          parseSalesmaniaSecret(connection.secret, value);
          return undefined;
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      }),
    ),
    ...config.hooks.flatMap((hook) =>
      hook.auth.secrets.map((ref) =>
        read("hook", hook.id, ref, (value) => {
          const problem = hookSecretProblem(hook, value);
          return problem === undefined ? undefined : `secret "${ref}" ${problem}`;
        }),
      ),
    ),
    // The address itself is the secret: checked for form (http(s) or webcal), never printed.
    ...feedSecrets(config.feeds).map((feed) =>
      read("feed", feed.id, feed.urlSecret, (value) => {
        try {
          feedUrl(value);
          return undefined;
        } catch (error) {
          return `secret "${feed.urlSecret}": ${error instanceof Error ? error.message : String(error)}`;
        }
      }),
    ),
  ]);
}

/** The feeds' address secrets, read from the raw section (the jobs runtime validates the rest of it). */
function feedSecrets(feeds: readonly unknown[]): { id: string; urlSecret: string }[] {
  return feeds.flatMap((feed) => {
    const { id, urlSecret } = (feed ?? {}) as { id?: unknown; urlSecret?: unknown };
    return typeof id === "string" && typeof urlSecret === "string" ? [{ id, urlSecret }] : [];
  });
}

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
    runtime.logger.error(
      check.owner === "hook"
        ? `hook "${check.id}" cannot take requests: its secret is unusable (it answers 503 until fixed)`
        : `connection "${check.id}" cannot deliver: its secret is unusable (events wait as retry until fixed)`,
      {
        [check.owner === "hook" ? "hookId" : "connectionId"]: check.id,
        ref: check.ref,
        problem: check.problem,
      },
    );
  }
  runtime.logger.info("secrets checked at start", { checked: checks.length, problems: problems.length });
  return checks;
}
