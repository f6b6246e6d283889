// How big a run is: the defaults of issue 12 (thousands of warm-up events, at least 3 rounds), a quick mode
// for trying the harness (SMX_BENCH_QUICK=1), and each number overridable by a variable.
import type { RunOptions } from "./runner.ts";

export interface BenchOptions extends RunOptions {
  /** Every SalesMania call's timeout (ours and the baseline's): how long a commit-then-hang lasts. */
  salesmaniaTimeoutMs: number;
}

const FULL: BenchOptions = {
  warmupEvents: 8000,
  rounds: 3,
  coldStarts: 5,
  salesmaniaTimeoutMs: 2000,
  soakEvents: 50_000,
  soakEvery: 5_000,
  sizes: {
    sequential: 300,
    concurrent: 500,
    concurrency: 50,
    copyGroups: 15,
    faults: 30,
    faultConcurrency: 4,
  },
};

const QUICK: BenchOptions = {
  warmupEvents: 400,
  rounds: 3,
  coldStarts: 2,
  salesmaniaTimeoutMs: 2000,
  soakEvents: 2_000,
  soakEvery: 500,
  sizes: { sequential: 40, concurrent: 100, concurrency: 50, copyGroups: 3, faults: 6, faultConcurrency: 4 },
};

function whole(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number ≥ 1, got "${raw}"`);
  return value;
}

export function benchOptions(env: Record<string, string | undefined>): BenchOptions {
  const base = env.SMX_BENCH_QUICK === "1" ? QUICK : FULL;
  return {
    ...base,
    warmupEvents: whole(env, "SMX_BENCH_WARMUP", base.warmupEvents),
    rounds: whole(env, "SMX_BENCH_ROUNDS", base.rounds),
    coldStarts: whole(env, "SMX_BENCH_COLD_STARTS", base.coldStarts),
    salesmaniaTimeoutMs: whole(env, "SMX_BENCH_SALESMANIA_TIMEOUT_MS", base.salesmaniaTimeoutMs),
    soakEvents: whole(env, "SMX_BENCH_SOAK", base.soakEvents),
    soakEvery: whole(env, "SMX_BENCH_SOAK_EVERY", base.soakEvery),
    sizes: {
      ...base.sizes,
      sequential: whole(env, "SMX_BENCH_SEQUENTIAL", base.sizes.sequential),
      concurrent: whole(env, "SMX_BENCH_CONCURRENT", base.sizes.concurrent),
      copyGroups: whole(env, "SMX_BENCH_COPY_GROUPS", base.sizes.copyGroups),
      faults: whole(env, "SMX_BENCH_FAULTS", base.sizes.faults),
    },
  };
}
