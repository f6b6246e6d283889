import { beforeAll, expect, it } from "vitest";
import { Client, startForFile } from "./helpers.ts";

let clock = Date.parse("2026-03-02T08:00:00.000Z");
const { url, sandbox } = await startForFile({ rateLimitPerSecond: 2, now: () => clock });
sandbox.seed({
  users: [{ username: "other", password: "other-password", databaseIds: [3100] }],
  databases: [{ id: 3100, name: "PT Lain", teams: [{ id: 31001, name: "Surabaya" }] }],
});
const demo = new Client(url);
const other = new Client(url);
beforeAll(async () => {
  await demo.login();
  await other.login("other", "other-password", 3100);
});

it("429 {message} + Retry-After: 1 over the per-database budget, per second, per database", async () => {
  clock += 1000;
  expect((await demo.data("GET", "/extapi/v1.0/teams")).status).toBe(200);
  expect((await demo.data("GET", "/extapi/v1.0/customers")).status).toBe(200);
  const limited = await demo.data("GET", "/extapi/v1.0/teams");
  expect(limited.status).toBe(429);
  expect(limited.headers.get("retry-after")).toBe("1");
  expect(limited.body).toEqual({ message: expect.stringContaining("2981") });
  // Another database has its own budget; token calls are not data calls and are not counted.
  expect((await other.data("GET", "/extapi/v1.0/teams")).status).toBe(200);
  expect((await demo.send("GET", "/extapi/v1.0/databases")).status).toBe(200);
  clock += 1000;
  expect((await demo.data("GET", "/extapi/v1.0/teams")).status).toBe(200);
  expect(sandbox.journal().filter((e) => e.status === 429)).toHaveLength(1);
});
