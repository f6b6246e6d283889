import { beforeAll, describe, expect, it } from "vitest";
import { Client, DB, startForFile, TEAM, TEAM_2 } from "./helpers.ts";

const { url, sandbox } = await startForFile();
const client = new Client(url);
beforeAll(() => client.login());

const VISITS = "/extapi/v1.1/visits";

describe("POST /extapi/v1.1/visits", () => {
  it("answers 200 {} and appends seq per date and team, team defaulting to the token's", async () => {
    for (const customer of [100001, 100002, 100003]) {
      const answer = await client.data("POST", VISITS, { date: "2026-03-10", customer_id: customer });
      expect(answer).toMatchObject({ status: 200, body: {} });
    }
    await client.data("POST", VISITS, { date: "2026-03-10", customer_id: 100004, team_id: TEAM_2 });
    await client.data("POST", VISITS, { date: "2026-03-11", customer_id: 100001 });

    const day = await client.data("GET", `${VISITS}?date=2026-03-10`);
    expect(day.body.meta).toEqual({ page: 1, limit: 50, total: 4 });
    expect(day.body.data.map((v: { team_id: number; seq: number }) => [v.team_id, v.seq])).toEqual([
      [TEAM, 1],
      [TEAM, 2],
      [TEAM, 3],
      [TEAM_2, 1],
    ]);
    expect(day.body.data[0]).toEqual({
      id: expect.any(Number),
      date: "2026-03-10",
      customer_id: 100001,
      team_id: TEAM,
      seq: 1,
    });
    const team2 = await client.data("GET", `${VISITS}?date=2026-03-10&team_id=${TEAM_2}`);
    expect(team2.body.data).toEqual([expect.objectContaining({ customer_id: 100004, seq: 1 })]);
    const nextDay = await client.data("GET", `${VISITS}?date=2026-03-11`);
    expect(nextDay.body.data).toEqual([expect.objectContaining({ seq: 1 })]);
    expect(sandbox.state().visits.every((v) => v.databaseId === DB)).toBe(true);
  });

  it.each([
    ["date missing", { customer_id: 100001 }, "date"],
    ["date not YYYY-MM-DD", { date: "10/03/2026", customer_id: 100001 }, "date"],
    ["date not a real day", { date: "2026-02-29", customer_id: 100001 }, "date"],
    ["customer_id missing", { date: "2026-03-10" }, "customer_id"],
    ["customer_id not an integer", { date: "2026-03-10", customer_id: "100001" }, "customer_id"],
    ["customer unknown", { date: "2026-03-10", customer_id: 999 }, "customer_id"],
    ["team not in the database", { date: "2026-03-10", customer_id: 100001, team_id: 1 }, "team_id"],
  ])("422 naming the field when %s, writing nothing", async (_, body, field) => {
    const before = sandbox.state().visits.length;
    const answer = await client.data("POST", VISITS, body);
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toHaveProperty(field);
    expect(sandbox.state().visits).toHaveLength(before);
  });
});

describe("GET /extapi/v1.1/visits", () => {
  it("422 without a date or with a bad one", async () => {
    expect((await client.data("GET", VISITS)).body.errors).toHaveProperty("date");
    expect((await client.data("GET", `${VISITS}?date=2026-13-01`)).status).toBe(422);
  });

  it("paginates", async () => {
    for (let i = 0; i < 3; i++)
      await client.data("POST", VISITS, { date: "2026-04-01", customer_id: 100005 });
    const page = await client.data("GET", `${VISITS}?date=2026-04-01&page=2&limit=2`);
    expect(page.body.meta).toEqual({ page: 2, limit: 2, total: 3 });
    expect(page.body.data).toEqual([expect.objectContaining({ seq: 3 })]);
  });
});
