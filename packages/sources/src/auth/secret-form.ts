// Whether a hook's secret value has the form its scheme needs, without ever showing the value. Checked at
// start (a broken hook is reported before its first request) and on each request (a broken hook answers
// 503 alone: the sender retries later, the other hooks are not affected).
import type { HookConfig } from "../config/hooks.ts";
import { sourceAdapter } from "../registry.ts";

/** What is wrong with `value` as a secret of `hook`, or undefined when its form is right. */
export function hookSecretProblem(hook: HookConfig, value: string): string | undefined {
  if (value.trim() === "") return "is empty";
  if (hook.auth.scheme === "signature") {
    const auth = sourceAdapter(hook.source).auth;
    const problem = "signature" in auth ? auth.signature.secretProblem?.(value) : undefined;
    if (problem !== undefined) return problem;
  }
  if (hook.auth.scheme === "basic" && !value.includes(":")) return 'is not "user:password" (Basic auth)';
  return undefined;
}
