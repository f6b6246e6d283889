// SalesMania's bearer token expires in the middle of a burst spread over several containers, each caching
// the tokens secret. Events refused meanwhile wait as `retry` (never `dead`); the rotation logs in again,
// every container picks the new tokens up on its next refusal, the redrive delivers the rest: nothing lost,
// nothing twice, and the only token calls SalesMania sees are the rotation's.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDynamoClients, createLogger, LocalSecretsProvider, LocalVersionedSecrets } from "@smx/aws";
import { createTestTable } from "@smx/aws/testing";
import { mapBounded, type TokenRotation } from "@smx/core";
import { createTokenRotation } from "@smx/runtime";
import { type StartedSandbox, startSandbox } from "@smx/sandbox";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { coldContainer, connectionConfig, LOGIN, visit } from "./support/containers.ts";

const CONTAINERS = 4;
const EVENTS = 120;
/** Requests in flight at once across the containers. */
const IN_FLIGHT = 24;
const DAY = 24 * 3_600_000;

let sandbox: StartedSandbox;
let dir: string;
/** SalesMania's clock: moved a day on to expire every bearer it issued. */
let sandboxSkew = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => Date.now() + sandboxSkew });
  dir = mkdtempSync(join(tmpdir(), "smx-burst-"));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a bearer token expiring mid-burst", () => {
  let rotation: TokenRotation;
  beforeAll(() => {
    const logger = createLogger({ level: "SILENT" });
    const secrets = new LocalSecretsProvider({ env: { SMX_SECRET_DEMO_LOGIN: LOGIN }, file: "/nonexistent" });
    rotation = createTokenRotation(
      { config: connectionConfig(sandbox.url, true), secrets, logger },
      new LocalVersionedSecrets(join(dir, "versions.json")),
    );
  });

  it("loses nothing, delivers nothing twice, and leaves every token call to the rotation", async () => {
    const { tableName, client: creator } = await createTestTable(inject("dynamoEndpoint"), "smx-burst");
    creator.destroy();
    // DynamoDB Local shared by every test file on a 2-core machine can take seconds to answer a burst.
    const deadlines = { timeoutMs: 30_000, maxAttempts: 3 };
    const table = { ...createDynamoClients({ endpoint: inject("dynamoEndpoint"), deadlines }), tableName };
    let skew = 0;
    const clock = { now: () => Date.now() + skew };
    await rotation.rotate("demo-tokens");
    const versionsFile = join(dir, "versions.json");
    const pipelines = Array.from({ length: CONTAINERS }, () =>
      coldContainer({ table, sandboxUrl: sandbox.url, split: true, versionsFile, clock }),
    );
    sandbox.sandbox.clearJournal();

    // Every event is sent twice, to two containers, as a sender's retry would be.
    let midway: Promise<void> | undefined;
    const results = await mapBounded(
      Array.from({ length: EVENTS * 2 }, (_, n) => n),
      IN_FLIGHT,
      async (n) => {
        const index = n % EVENTS;
        // A sixth of the way in, SalesMania's clock passes the bearer's expiry; the rotation runs at half way,
        // so every container meets refusals with no newer tokens to read in between.
        if (n === Math.floor(EVENTS / 3)) sandboxSkew = DAY + 60_000;
        if (n === EVENTS) midway = rotation.rotate("demo-tokens");
        return pipelines[n % CONTAINERS]!.process(visit(index));
      },
    );
    const kinds = results.map((result) => result.kind);
    expect(kinds).not.toContain("dead");
    expect(kinds.filter((kind) => kind === "retry").length, "the expiry did refuse some").toBeGreaterThan(0);

    // The mid-burst rotation has finished by now or finishes here; the next one waits for it (one at a time).
    const after = rotation.rotate("demo-tokens");
    await midway;
    await after;
    // Each round two hours on: backoffs are due, and a container refused before the rotation finished may read
    // the secret again (at most once a minute, by the same clock).
    for (let round = 0; round < 20; round++) {
      skew += 2 * 3_600_000;
      const summary = await pipelines[round % CONTAINERS]!.redrive();
      expect(summary.dead).toBe(0);
      if (summary.examined === 0) break;
    }

    const visits = sandbox.sandbox.state().visits.filter((visit) => visit.date >= "2027-01-01");
    expect(visits).toHaveLength(EVENTS);
    expect(new Set(visits.map((visit) => `${visit.customer_id} ${visit.date}`)).size).toBe(EVENTS);
    const journal = sandbox.sandbox.journal();
    const tokenCalls = journal.filter((entry) => entry.path.endsWith("/token"));
    // Two rotations in this test after the journal was cleared (mid-burst and after it), one login each.
    expect(tokenCalls).toHaveLength(2);
    expect(journal.filter((entry) => entry.path.endsWith("/team_token"))).toHaveLength(2);
    table.client.destroy();
  });
});
