// One side-by-side run: cold starts first (nothing else running), then one warm container per contender,
// the same warm-up for each, then interleaved rounds in which every contender runs every path in turn
// (the order rotates each round, so no contender always goes first after a quiet moment).
import type { Bundles, ContenderName } from "./bundles.ts";
import { Container } from "./container-process.ts";
import type { EventSource } from "./events.ts";
import type { MemoryResult } from "./protocol.ts";
import {
  COPIES,
  DUPLICATE_AND_FAULT_PATHS,
  freshSandbox,
  HAPPY_PATHS,
  type Measurement,
  type Scenario,
  type ScenarioContext,
  type ScenarioSizes,
} from "./scenarios.ts";
import { type SoakSample, soak } from "./soak.ts";
import type { BenchStack } from "./stack.ts";

export interface RunOptions {
  warmupEvents: number;
  rounds: number;
  coldStarts: number;
  sizes: ScenarioSizes;
  /** New events through our container after the rounds, memory sampled every `soakEvery` (soak.ts). */
  soakEvents: number;
  soakEvery: number;
}

export type Measured = "ours" | "baseline" | "floor";
const COLD: ContenderName[] = ["ours", "baseline", "bare-hono"];

export interface RunResults {
  coldStartMs: Record<string, number[]>;
  memory: Partial<Record<Measured, MemoryResult>>;
  /** scenario → contender → one measurement per round. */
  rounds: Map<string, Map<Measured, Measurement[]>>;
  /** Our container's memory across the soak. */
  soak: SoakSample[];
}

function rotate<T>(list: readonly T[], by: number): T[] {
  return list.map((_, i) => list[(i + by) % list.length]!);
}

export class SideBySide {
  readonly #stack: BenchStack;
  readonly #bundles: Bundles;
  readonly #source: EventSource;

  constructor(stack: BenchStack, bundles: Bundles, source: EventSource) {
    this.#stack = stack;
    this.#bundles = bundles;
    this.#source = source;
  }

  /** A fresh container for `name`, cold-started with `first` (a new event by default). */
  start(name: ContenderName, first = this.#source.take(1)[0]!): Promise<Container> {
    return Container.start(
      {
        name,
        driver: this.#bundles.files.container,
        handler: this.#bundles.files[name],
        env: this.#stack.envs[name],
        apiKey: this.#stack.apiKey,
      },
      first,
    );
  }

  async coldStarts(count: number): Promise<Record<string, number[]>> {
    const times: Record<string, number[]> = Object.fromEntries(COLD.map((name) => [name, []]));
    for (let i = 0; i < count; i++) {
      for (const name of rotate(COLD, i)) {
        const container = await this.start(name);
        times[name]!.push(container.coldStartMs);
        await container.stop();
      }
    }
    return times;
  }

  /** New events in chunks alternating concurrency 1 and 50; duplicates and copies too where handled. */
  async warmUp(container: Container, events: number, duplicates: boolean): Promise<void> {
    const chunk = 500;
    for (let done = 0, i = 0; done < events; done += chunk, i++) {
      freshSandbox(this.#stack.sandbox);
      const batch = this.#source.take(Math.min(chunk, events - done));
      await container.batch(batch, { concurrency: i % 2 === 0 ? 1 : 50 });
      if (!duplicates) continue;
      await container.batch(batch.slice(0, 100));
      await container.batch(this.#source.take(2), { copies: COPIES });
    }
  }

  async run(options: RunOptions, progress: (line: string) => void): Promise<RunResults> {
    const coldStartMs = await this.coldStarts(options.coldStarts);
    progress(`cold starts done (${options.coldStarts} per contender)`);
    const containers = {
      ours: await this.start("ours"),
      baseline: await this.start("baseline"),
      floor: await this.start("floor"),
    };
    try {
      await Promise.all(
        Object.entries(containers).map(([name, c]) => this.warmUp(c, options.warmupEvents, name !== "floor")),
      );
      const memory: RunResults["memory"] = {};
      for (const [name, c] of Object.entries(containers)) memory[name as Measured] = await c.memory();
      progress(`warm-up done (${options.warmupEvents} new events per contender)`);

      const context: ScenarioContext = {
        sandbox: this.#stack.sandbox,
        source: this.#source,
        sizes: options.sizes,
        delivered: new Map(),
      };
      const rounds: RunResults["rounds"] = new Map();
      const plan: [Scenario, Measured[]][] = [
        ...HAPPY_PATHS.map((s): [Scenario, Measured[]] => [s, ["ours", "baseline", "floor"]]),
        ...DUPLICATE_AND_FAULT_PATHS.map((s): [Scenario, Measured[]] => [s, ["ours", "baseline"]]),
      ];
      for (let round = 0; round < options.rounds; round++) {
        for (const [scenario, names] of plan) {
          for (const name of rotate(names, round)) {
            const measurement = await scenario.run(containers[name], context);
            const byContender = rounds.get(scenario.name) ?? new Map<Measured, Measurement[]>();
            rounds.set(scenario.name, byContender);
            byContender.set(name, [...(byContender.get(name) ?? []), measurement]);
          }
        }
        progress(`round ${round + 1} of ${options.rounds} done`);
      }
      // The others stop first: the soak measures our container alone.
      await Promise.all([containers.baseline.stop(), containers.floor.stop()]);
      const soaked = await soak(
        containers.ours,
        { stack: this.#stack, source: this.#source },
        { events: options.soakEvents, every: options.soakEvery },
      );
      progress(`soak done (${options.soakEvents} events)`);
      return { coldStartMs, memory, rounds, soak: soaked };
    } finally {
      await Promise.all(Object.values(containers).map((c) => c.stop()));
    }
  }
}
