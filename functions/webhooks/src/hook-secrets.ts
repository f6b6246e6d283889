// Resolves a hook's secret references to values. A sender whose signature fails may be using a secret
// rotated since the cache was filled, so one forced re-read is allowed per hook per interval — bounded,
// so a stream of forged requests cannot turn into a stream of Secrets Manager calls.
import type { SecretsProvider } from "@smx/core";

export class HookSecrets {
  private readonly lastForced = new Map<string, number>();

  constructor(
    private readonly provider: SecretsProvider,
    private readonly forceIntervalMs = 60_000,
  ) {}

  values(refs: readonly string[]): Promise<string[]> {
    return Promise.all(refs.map((ref) => this.provider.getSecret(ref)));
  }

  /** Fresh values, or undefined when this hook was refreshed too recently to try again. */
  async refreshed(hookId: string, refs: readonly string[], now: number): Promise<string[] | undefined> {
    const last = this.lastForced.get(hookId);
    if (last !== undefined && now - last < this.forceIntervalMs) return undefined;
    this.lastForced.set(hookId, now);
    return Promise.all(refs.map((ref) => this.provider.getSecret(ref, { forceRefresh: true })));
  }
}
