// One burst against the account's limit: the processes start (runtime built, "ready"), all receive their
// requests at the same moment, and the run lasts until every distinct event has its visit in the sandbox
// (or three times the ideal has passed). Returns what burst.bench.ts prints: time to drain against the
// ideal, SalesMania's 429s, the answers, and lost / duplicated events counted in the sandbox's state.
import { type ChildProcess, fork } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import type { StartedSandbox } from "@smx/sandbox";
import type { BurstPlan } from "./plan.ts";
import type { BurstChildMessage, BurstParentMessage } from "./protocol.ts";

const CONTAINER = new URL("./container.ts", import.meta.url).pathname;

export interface BurstSettings {
  env: Record<string, string>;
  concurrency: number;
  rateLimitPerSecond: number;
}

export interface BurstResult {
  distinct: number;
  drainS: number;
  idealS: number;
  salesmaniaCalls: number;
  tooManyRequests: number;
  busiestSecond: number;
  answers: Record<string, number>;
  redriven: number;
  lost: number;
  duplicated: number;
}

/** A burst process failed: its events' fate is unknown, so the run's numbers would lie. */
export class BurstProcessError extends Error {
  override name = "BurstProcessError";
}

type Waiter = { resolve: (message: BurstChildMessage) => void; reject: (error: Error) => void };

class BurstProcess {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<string, Waiter>();

  constructor(index: number, settings: BurstSettings) {
    this.#child = fork(CONTAINER, [], {
      env: { ...process.env, ...settings.env, SMX_BURST_CONCURRENCY: String(settings.concurrency) },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    this.#child.on("message", (message: BurstChildMessage) => {
      this.#waiting.get(message.type)?.resolve(message);
      this.#waiting.delete(message.type);
    });
    this.#child.once("exit", (code) => {
      for (const { reject } of this.#waiting.values())
        reject(new BurstProcessError(`burst process ${index} exited with code ${code}`));
      this.#waiting.clear();
    });
  }

  next<T extends BurstChildMessage["type"]>(type: T): Promise<Extract<BurstChildMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.#waiting.set(type, {
        resolve: (message) => resolve(message as Extract<BurstChildMessage, { type: T }>),
        reject,
      });
    });
  }

  send(message: BurstParentMessage): void {
    this.#child.send(message);
  }
}

function busiestSecond(times: number[]): number {
  const perSecond = new Map<number, number>();
  for (const t of times) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
  return Math.max(0, ...perSecond.values());
}

export async function runBurst(sandbox: StartedSandbox, plan: BurstPlan, settings: BurstSettings) {
  const processes = plan.perProcess.map((_, index) => new BurstProcess(index, settings));
  await Promise.all(processes.map((p) => p.next("ready")));
  const distinct = plan.dates.length;
  const idealS = distinct / settings.rateLimitPerSecond;
  const answered = processes.map((p) => p.next("answered"));
  const startedAt = Date.now();
  processes.forEach((p, i) => {
    p.send({ type: "run", requests: plan.perProcess[i]! });
  });
  const giveUpAt = startedAt + 3 * idealS * 1000 + 60_000;
  const { state } = sandbox.sandbox;
  while (Date.now() < giveUpAt && new Set(state().visits.map((v) => v.date)).size < distinct)
    await sleep(200);
  const answers: Record<string, number> = {};
  for (const report of await Promise.all(answered))
    for (const [kind, n] of Object.entries(report.answers)) answers[kind] = (answers[kind] ?? 0) + n;
  const stopped = processes.map((p) => p.next("stopped"));
  for (const p of processes) p.send({ type: "stop" });
  const redriven = (await Promise.all(stopped)).reduce((sum, r) => sum + r.redriven, 0);

  const journal = sandbox.sandbox.journal();
  const created = journal.filter((e) => e.method === "POST" && e.path.endsWith("/visits") && e.status < 300);
  const lastCreate = Math.max(startedAt, ...created.map((e) => Date.parse(e.at)));
  const visitsPerDate = new Map<string, number>();
  for (const visit of state().visits) visitsPerDate.set(visit.date, (visitsPerDate.get(visit.date) ?? 0) + 1);
  const perEvent = plan.dates.map((date) => visitsPerDate.get(date) ?? 0);
  return {
    distinct,
    drainS: (lastCreate - startedAt) / 1000,
    idealS,
    salesmaniaCalls: journal.length,
    tooManyRequests: journal.filter((e) => e.status === 429).length,
    busiestSecond: busiestSecond(journal.map((e) => Date.parse(e.at))),
    answers,
    redriven,
    lost: perEvent.filter((n) => n === 0).length,
    duplicated: perEvent.filter((n) => n > 1).length,
  } satisfies BurstResult;
}
