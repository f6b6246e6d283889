// A hook's secret values, one RotatingSecret per hook. A sender whose signature fails may be using a secret
// rotated since the cache was filled, so one forced re-read is allowed per hook per interval — bounded, so a
// stream of forged requests cannot turn into a stream of Secrets Manager calls.
import { type Clock, RotatingSecret, SECRET_REFRESH_INTERVAL_MS, type SecretsProvider } from "@smx/core";
import type { HookConfig } from "@smx/sources";

export class HookSecrets {
  readonly #byHook = new Map<string, RotatingSecret<string[]>>();

  constructor(
    private readonly provider: SecretsProvider,
    private readonly clock?: Clock,
  ) {}

  /** The hook's rotating secret values (all its refs, in order). */
  of(hook: HookConfig): RotatingSecret<string[]> {
    let secret = this.#byHook.get(hook.id);
    if (secret === undefined) {
      const refs = hook.auth.secrets;
      secret = new RotatingSecret({
        read: ({ forceRefresh }) =>
          Promise.all(refs.map((ref) => this.provider.getSecret(ref, { forceRefresh }))),
        // Asked on every request: the provider's own cache decides how often the store is read.
        maxAgeMs: 0,
        minRefreshIntervalMs: SECRET_REFRESH_INTERVAL_MS,
        ...(this.clock === undefined ? {} : { clock: this.clock }),
      });
      this.#byHook.set(hook.id, secret);
    }
    return secret;
  }
}
