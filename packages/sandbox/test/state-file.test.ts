import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSandbox, StateFileError, startSandbox } from "../src/index.ts";
import { Client } from "./helpers.ts";

const tempDir = () => mkdtempSync(join(tmpdir(), "smx-sandbox-"));

describe("stateFile", () => {
  it("survives a restart: data, id counters, bearer and team tokens", async () => {
    const dir = tempDir();
    const stateFile = join(dir, "nested", "sandbox.json");
    const first = await startSandbox({ stateFile });
    const client = await new Client(first.url).login();
    const created = await client.data("POST", "/extapi/v1.0/customers", { name: "Toko Persisten" });
    await client.data("POST", "/extapi/v1.1/visits", { date: "2026-07-01", customer_id: created.body.id });
    await client.data("DELETE", `/extapi/v1.0/customers/${created.body.id}`);
    const before = first.sandbox.state();
    await first.close();

    const second = await startSandbox({ stateFile });
    try {
      expect(second.sandbox.state()).toEqual(before);
      client.baseUrl = second.url;
      // Tokens issued before the restart still work, and ids are never reused.
      const again = await client.data("POST", "/extapi/v1.0/customers", { name: "Toko Kedua" });
      expect(again.status).toBe(200);
      expect(again.body.id).toBeGreaterThan(created.body.id);
    } finally {
      await second.close();
    }
    expect(readdirSync(join(dir, "nested"))).toEqual(["sandbox.json"]);
    expect(
      JSON.parse(readFileSync(stateFile, "utf8")).customers.map((c: { name: string }) => c.name),
    ).toContain("Toko Kedua");
  });

  it("is rewritten at most once per interval, and at once when the server closes", async () => {
    const stateFile = join(tempDir(), "s.json");
    const names = () =>
      JSON.parse(readFileSync(stateFile, "utf8")).customers.map((c: { name: string }) => c.name);
    const started = await startSandbox({ stateFile, stateWriteIntervalMs: 3_600_000 });
    const client = await new Client(started.url).login();
    await client.data("POST", "/extapi/v1.0/customers", { name: "Toko Pertama" });
    // The first change (the login's session) was written at once; later ones wait for the interval.
    await client.data("POST", "/extapi/v1.0/customers", { name: "Toko Tertunda" });
    expect(names()).not.toContain("Toko Tertunda");
    await started.close();
    expect(names()).toEqual(expect.arrayContaining(["Toko Pertama", "Toko Tertunda"]));
  });

  it("is written at start from the seed when absent", () => {
    const stateFile = join(tempDir(), "s.json");
    createSandbox({ stateFile });
    expect(JSON.parse(readFileSync(stateFile, "utf8"))).toMatchObject({
      version: 1,
      databases: [{ id: 2981 }],
    });
  });

  it("fails with StateFileError naming the file when it is not a snapshot", () => {
    const stateFile = join(tempDir(), "bad.json");
    writeFileSync(stateFile, "{not json");
    expect(() => createSandbox({ stateFile })).toThrow(StateFileError);
    writeFileSync(stateFile, JSON.stringify({ version: 2 }));
    expect(() => createSandbox({ stateFile })).toThrow(/bad\.json.*version/);
  });
});
