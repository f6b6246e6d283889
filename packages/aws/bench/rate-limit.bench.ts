// SalesMania's rate limit held account-wide: several pipeline processes (child processes standing in for
// Lambda containers) deliver a backlog of visits through ONE sandbox that enforces the limit itself (fixed
// one-second windows per database: packages/sandbox/src/rate-limit.ts). Each process handles its own events
// inline (8 s budget, 4 at a time) and runs the redrive in a loop, as the scheduled function would; the
// limiter's schedule lives in DynamoDB Local. A last run gives each process its own schedule instead (the
// baseline: every container paces itself at the account's rate). Prints 429s, the achieved rate ÷ the limit,
// the limiter's DynamoDB requests per event, and lost / duplicated events. Numbers only (docs/performance.md
// judges them).
import { type ChildProcess, fork } from "node:child_process";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import {
  Command,
  createConnectionProvider,
  EventPipeline,
  InMemoryRateLimitStore,
  type Logger,
  mapBounded,
  type ProcessResult,
  type RateLimitStore,
} from "@smx/core";
import { startSandbox } from "@smx/sandbox";
import * as v from "valibot";
import {
  countRequests,
  createDynamoClients,
  createLogger,
  createMetrics,
  DynamoDirectory,
  DynamoLedger,
  DynamoRateLimitStore,
  LocalSecretsProvider,
} from "../src/index.ts";
import { createTestTable, startDynamoDbLocal } from "../src/testing/index.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const PROCESSES = 4;
const CONNECTION = "main";
const HOOK = "bench-rate";
const CUSTOMERS = [100001, 100002, 100003, 100004, 100005];
const INLINE = { concurrency: 4, budgetMs: 8_000 };
/** Events per process; SMX_BENCH_RATE_EVENTS lowers it for a quick run (4 × 300 at 5/s takes 4½ min). */
const PER_PROCESS = Number(process.env.SMX_BENCH_RATE_EVENTS) || 300;
/**
 * The shared schedule at two limits, then the baseline it replaces: the same limiter with a schedule per
 * process (in memory), i.e. each container pacing itself at the account's rate.
 */
const SCENARIOS = [
  { rate: 5, perProcess: PER_PROCESS, shared: true },
  { rate: 20, perProcess: PER_PROCESS, shared: true },
  { rate: 5, perProcess: Math.ceil(PER_PROCESS / 3), shared: false },
];

interface ChildConfig {
  index: number;
  perProcess: number;
  rate: number;
  shared: boolean;
  sandboxUrl: string;
  dynamoEndpoint: string;
  tableName: string;
}

interface ChildReport {
  inline: Partial<Record<ProcessResult["kind"], number>>;
  redriven: number;
  limiterRequests: number;
  ledgerRequests: number;
  /** The limiter's log: 429s that held the connection back, and store failures it paced alone after. */
  holds: number;
  fallbacks: number;
}

const HELD = "SalesMania answered 429; holding the connection's requests back";
const FELL_BACK = "rate limit store unavailable; pacing this container alone at a reduced rate";

/** A logger that only counts warnings and errors by message (the limiter's). */
function countingLogger(counts: Record<string, number>): Logger {
  const note = (message: string) => {
    counts[message] = (counts[message] ?? 0) + 1;
  };
  const logger: Logger = { debug: () => {}, info: () => {}, warn: note, error: note, child: () => logger };
  return logger;
}

/** The event `k` of the whole run: one visit per (customer, day), so a duplicate shows in the sandbox. */
function visitOf(k: number): { customerId: number; date: string } {
  const day = new Date(Date.UTC(2027, 0, 1) + Math.floor(k / CUSTOMERS.length) * 86_400_000);
  return { customerId: CUSTOMERS[k % CUSTOMERS.length] as number, date: day.toISOString().slice(0, 10) };
}

async function child(config: ChildConfig): Promise<void> {
  // One DynamoDB client for the ledger and the limiter, as the runtime builds it.
  const { client, doc } = createDynamoClients({ endpoint: config.dynamoEndpoint });
  const requests = countRequests(client);
  const rateLimits = new CountingStore(
    config.shared
      ? new DynamoRateLimitStore({ doc, tableName: config.tableName })
      : new InMemoryRateLimitStore(),
  );
  const secret = JSON.stringify({ username: "demo", password: "demo-password", databaseId: 2981 });
  const logger = createLogger({ level: "SILENT" });
  const noted: Record<string, number> = {};
  const pipeline = new EventPipeline({
    ledger: new DynamoLedger({ doc, tableName: config.tableName }),
    directory: new DynamoDirectory({ doc, tableName: config.tableName }),
    connections: createConnectionProvider({
      connections: [
        { id: CONNECTION, secret: "smx/main", baseUrl: config.sandboxUrl, rateLimitPerSecond: config.rate },
      ],
      secrets: new LocalSecretsProvider({ env: { SMX_SECRET_SMX_MAIN: secret }, file: "/nonexistent" }),
      rateLimits,
      logger: countingLogger(noted),
    }),
    logger,
    metrics: createMetrics({ write: () => {} }),
    // Retries come due within a second, so the run measures the limiter rather than the backoff.
    settings: { backoffBaseMs: 250, backoffCapMs: 1_000 },
  });

  let stopping = false;
  process.on("message", (message) => {
    if (message === "stop") stopping = true;
  });
  const redrive = (async () => {
    let redriven = 0;
    while (!stopping) {
      const summary = await pipeline.redrive();
      redriven += summary.delivered;
      if (summary.examined === 0) await sleep(250);
    }
    return redriven;
  })();
  const inline: ChildReport["inline"] = {};
  const first = config.index * config.perProcess;
  await mapBounded(
    Array.from({ length: config.perProcess }, (_, i) => first + i),
    INLINE.concurrency,
    async (k) => {
      const { customerId, date } = visitOf(k);
      const result = await pipeline.process({
        hookId: HOOK,
        connectionId: CONNECTION,
        source: "generic",
        event: {
          command: v.parse(Command, { kind: "CreateVisit", customer: { id: customerId }, date }),
          dedupKey: `visit-${k}`,
          dedupKeySource: "idempotency-key",
          nativeIds: {},
        },
        budgetMs: INLINE.budgetMs,
      });
      inline[result.kind] = (inline[result.kind] ?? 0) + 1;
    },
  );
  const report: ChildReport = {
    inline,
    redriven: await redrive,
    limiterRequests: rateLimits.writes,
    ledgerRequests: requests.count() - rateLimits.writes,
    holds: noted[HELD] ?? 0,
    fallbacks: noted[FELL_BACK] ?? 0,
  };
  process.send?.(report, () => process.exit(0));
}

/** Each call of the port is one UpdateItem: counted here, because the ledger shares the client. */
class CountingStore implements RateLimitStore {
  writes = 0;
  constructor(private readonly store: RateLimitStore) {}
  extend(...args: Parameters<RateLimitStore["extend"]>) {
    this.writes++;
    return this.store.extend(...args);
  }
  raise(...args: Parameters<RateLimitStore["raise"]>) {
    this.writes++;
    return this.store.raise(...args);
  }
  shorten(...args: Parameters<RateLimitStore["shorten"]>) {
    this.writes++;
    return this.store.shorten(...args);
  }
}

function startChild(config: ChildConfig): { proc: ChildProcess; report: Promise<ChildReport> } {
  const proc = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, SMX_BENCH_CHILD: JSON.stringify(config) },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const report = new Promise<ChildReport>((resolve, reject) => {
    proc.once("message", (message) => resolve(message as ChildReport));
    proc.once("exit", (code) => reject(new Error(`bench process ${config.index} exited with ${code}`)));
  });
  return { proc, report };
}

/** The most requests (token calls and 429s included) that arrived in any one of the sandbox's one-second windows. */
function busiestSecond(times: number[]): number {
  const perSecond = new Map<number, number>();
  for (const t of times) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
  return Math.max(0, ...perSecond.values());
}

async function scenario(dynamoEndpoint: string, { rate, perProcess, shared }: (typeof SCENARIOS)[number]) {
  const total = PROCESSES * perProcess;
  const sandbox = await startSandbox({ rateLimitPerSecond: rate });
  const table = await createTestTable(dynamoEndpoint, `bench-rate-${rate}`);
  try {
    const started = performance.now();
    const children = Array.from({ length: PROCESSES }, (_, index) =>
      startChild({
        index,
        perProcess,
        shared,
        rate,
        sandboxUrl: sandbox.url,
        dynamoEndpoint,
        tableName: table.tableName,
      }),
    );
    // Done when every event has its visit, or when three times the ideal duration has passed.
    const giveUpAt = started + (3 * total * 1000) / rate + 60_000;
    while (sandbox.sandbox.state().visits.length < total && performance.now() < giveUpAt) await sleep(1_000);
    const wallS = (performance.now() - started) / 1000;
    for (const { proc } of children) proc.send("stop");
    const reports = await Promise.all(children.map((c) => c.report));

    const journal = sandbox.sandbox.journal();
    const served = journal.filter((e) => e.status !== 429).map((e) => Date.parse(e.at));
    // The rate while the backlog lasted: from the first visit create to the last (process start-up and
    // login before it are the bench's, not the limiter's).
    const creates = journal.filter((e) => e.method === "POST").map((e) => Date.parse(e.at));
    const [from, to] = [Math.min(...creates), Math.max(...creates)];
    const inWindow = served.filter((t) => t >= from && t <= to).length;
    const perPair = new Map<string, number>();
    for (const visit of sandbox.sandbox.state().visits) {
      const key = `${visit.customer_id} ${visit.date}`;
      perPair.set(key, (perPair.get(key) ?? 0) + 1);
    }
    const pairs = Array.from({ length: total }, (_, k) => visitOf(k)).map(
      (p) => perPair.get(`${p.customerId} ${p.date}`) ?? 0,
    );
    const ledger = new DynamoLedger({ doc: table.doc, tableName: table.tableName });
    const left = async (status: "retry" | "dead" | "unknown_outcome" | "in_progress") =>
      (await ledger.listByStatus(status, { limit: 1000 })).items.length;
    const sum = (pick: (r: ChildReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
    const inlineDelivered = sum((r) => r.inline.delivered ?? 0);
    return {
      "limit req/s": rate,
      schedule: shared ? "shared" : "per process",
      events: `${PROCESSES} × ${perProcess}`,
      "wall s": wallS.toFixed(1),
      "SalesMania calls": journal.length,
      "429s": journal.length - served.length,
      "busiest second": busiestSecond(journal.map((e) => Date.parse(e.at))),
      "achieved ÷ limit": ((inWindow - 1) / ((to - from) / 1000) / rate).toFixed(3),
      "inline delivered": inlineDelivered,
      "via redrive": sum((r) => r.redriven),
      "limiter DDB req/event": shared ? (sum((r) => r.limiterRequests) / total).toFixed(3) : "–",
      "429 holds / store fallbacks": `${sum((r) => r.holds)} / ${sum((r) => r.fallbacks)}`,
      "ledger DDB req/event (with redrive polls)": (sum((r) => r.ledgerRequests) / total).toFixed(2),
      lost: pairs.filter((n) => n === 0).length,
      duplicated: pairs.filter((n) => n > 1).length,
      "dead/unknown/retry left": `${await left("dead")}/${await left("unknown_outcome")}/${await left("retry")}`,
    };
  } finally {
    await sandbox.close();
    table.client.destroy();
  }
}

if (process.env.SMX_BENCH_CHILD) {
  await child(JSON.parse(process.env.SMX_BENCH_CHILD) as ChildConfig);
} else {
  const local = await startDynamoDbLocal();
  try {
    const rows = [];
    for (const setting of SCENARIOS) rows.push(await scenario(local.endpoint, setting));
    console.log(
      `${PROCESSES} pipeline processes, one sandbox enforcing the limit (fixed 1-s windows), schedule in DynamoDB Local`,
    );
    console.table(rows);
    console.log(
      "targets: 429s ≈ 0, achieved ÷ limit ≥ 0.9, limiter DDB req/event < 0.1, lost 0, duplicated 0",
    );
  } finally {
    await local.stop();
  }
}
