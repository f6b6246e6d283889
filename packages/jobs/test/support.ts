// Shared by the job tests: calendars served over real HTTP (with ETag / If-None-Match, as Google and Outlook
// answer), the pipeline harness on the SalesMania sandbox with the calendar fixtures' customers seeded in
// both the sandbox and the directory, and a runner on the memory job store.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { FeedConfig } from "@smx/calendar";
import { parseFeeds } from "@smx/calendar";
import { JobRunner, SecretNotFoundError, type SecretsProvider } from "@smx/core";
import { CONNECTION, createPipelineHarness, MemoryJobStore, type PipelineHarness } from "@smx/core/testing";
import { VISIT_DEFAULTS } from "../src/index.ts";

export function calendarFixture(name: string): string {
  return readFileSync(new URL(`../../calendar/test/fixtures/${name}`, import.meta.url), "utf8");
}

export interface IcsServer {
  url(path: string): string;
  /** Serves `body` at `path` from now on (its ETag is its hash). */
  serve(path: string, body: string): void;
  /** Requests received, and how many of them were answered 200 (a body sent). */
  requests: { total: number; full: number };
  close(): Promise<void>;
}

export async function startIcsServer(): Promise<IcsServer> {
  const bodies = new Map<string, { body: string; etag: string }>();
  const requests = { total: 0, full: 0 };
  const server = createServer((request, response) => {
    requests.total++;
    const served = bodies.get(request.url ?? "");
    if (served === undefined) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    if (request.headers["if-none-match"] === served.etag) {
      response.writeHead(304, { etag: served.etag }).end();
      return;
    }
    requests.full++;
    response
      .writeHead(200, { "content-type": "text/calendar; charset=utf-8", etag: served.etag })
      .end(served.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    serve: (path, body) =>
      void bodies.set(path, {
        body,
        etag: `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`,
      }),
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Customers C-1001 … C-1012 of the calendar fixtures: sandbox ids 100101 … 100112. */
export const FIXTURE_CUSTOMERS = Array.from({ length: 12 }, (_, i) => ({
  id: 100101 + i,
  extCustNo: `C-${1001 + i}`,
}));
export const customerIdOf = (code: string) => FIXTURE_CUSTOMERS.find((c) => c.extCustNo === code)!.id;

/** The fixture customers in the sandbox and in the harness's directory. */
export async function seedFixtureCustomers(
  harness: Pick<PipelineHarness, "sandbox" | "directory">,
): Promise<void> {
  harness.sandbox.seed({
    users: [],
    databases: [],
    products: [],
    customers: FIXTURE_CUSTOMERS.map((c) => ({
      databaseId: 2981,
      id: c.id,
      name: `Toko ${c.extCustNo}`,
      ext_cust_no: c.extCustNo,
    })),
  });
  for (const customer of FIXTURE_CUSTOMERS) await harness.directory.putCustomer(CONNECTION, customer);
}

export interface JobHarness {
  harness: PipelineHarness;
  ics: IcsServer;
  store: MemoryJobStore;
  runner: JobRunner;
  secrets: SecretsProvider;
  sink: { pipeline: PipelineHarness["pipeline"] } & typeof VISIT_DEFAULTS;
  /** A feed on the harness's connection whose address is `/<id>.ics` on the ICS server. */
  feed(id: string, overrides?: Record<string, unknown>): FeedConfig;
  /** `customerId date` of every visit in the sandbox, sorted. */
  visits(): string[];
  /** Sets the job clock to `iso`. */
  at(iso: string): void;
  close(): Promise<void>;
}

export async function createJobHarness(): Promise<JobHarness> {
  const harness = await createPipelineHarness();
  const ics = await startIcsServer();
  await seedFixtureCustomers(harness);
  const store = new MemoryJobStore();
  const runner = new JobRunner({
    store,
    logger: harness.logger,
    metrics: harness.metrics,
    clock: harness.clock,
  });
  const secrets: SecretsProvider = {
    async getSecret(ref) {
      if (!ref.startsWith("feeds/")) throw new SecretNotFoundError(ref);
      return ics.url(`/${ref.slice("feeds/".length)}.ics`);
    },
  };
  return {
    harness,
    ics,
    store,
    runner,
    secrets,
    sink: { pipeline: harness.pipeline, ...VISIT_DEFAULTS },
    feed: (id, overrides = {}) =>
      parseFeeds([
        {
          id,
          connection: CONNECTION,
          urlSecret: `feeds/${id}`,
          windowDays: 31,
          match: [{ by: "code", pattern: "[{code}]" }],
          ...overrides,
        },
      ])[0]!,
    visits: () =>
      harness.sandbox
        .state()
        .visits.map((v) => `${v.customer_id} ${v.date}`)
        .sort(),
    at: (iso) => harness.clock.advance(Date.parse(iso) - harness.clock.now()),
    close: async () => {
      await ics.close();
      await harness.close();
    },
  };
}
