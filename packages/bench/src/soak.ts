// Item 3 of issue 12: does a warm container grow? After the rounds, one container takes `events` more new
// events (chunks of 500, alternately one at a time and 50 at once, the sandbox reset between chunks as in
// the warm-up) and its memory is sampled every `every` events: RSS as the OS sees it, and the heap still
// live after a full GC. Growth is the last sample minus the first.
import type { Container } from "./container-process.ts";
import type { EventSource } from "./events.ts";
import type { MemoryResult } from "./protocol.ts";
import { freshSandbox } from "./scenarios.ts";
import type { BenchStack } from "./stack.ts";

export interface SoakSample extends MemoryResult {
  /** Events handled in the soak before this sample. */
  events: number;
}

const CHUNK = 500;

export async function soak(
  container: Container,
  context: { stack: BenchStack; source: EventSource },
  options: { events: number; every: number },
): Promise<SoakSample[]> {
  const samples: SoakSample[] = [{ events: 0, ...(await container.memory()) }];
  for (let done = 0, i = 0; done < options.events; i++) {
    freshSandbox(context.stack.sandbox);
    const size = Math.min(CHUNK, options.events - done);
    await container.batch(context.source.take(size), { concurrency: i % 2 === 0 ? 1 : 50 });
    done += size;
    if (done % options.every === 0 || done === options.events)
      samples.push({ events: done, ...(await container.memory()) });
  }
  return samples;
}
