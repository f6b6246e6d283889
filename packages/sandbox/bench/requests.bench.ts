// Throughput of the sandbox over real HTTP: how many API calls per second a test suite can afford, without
// and with a state file (the local stack keeps one, written at most once per `stateWriteIntervalMs`).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "../src/index.ts";

async function run(label: string, options: Parameters<typeof startSandbox>[0]): Promise<number> {
  const { url, sandbox, close } = await startSandbox(options);
  const headers = {
    authorization: `Bearer ${sandbox.issueBearerToken("demo")}`,
    "content-type": "application/json",
  };
  const teamToken = encodeURIComponent(sandbox.issueTeamToken(2981, 24728));

  async function measure(what: string, count: number, call: (i: number) => Promise<Response>) {
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const response = await call(i);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${what}: expected 2xx, got ${response.status}`);
    }
    const ms = performance.now() - started;
    const perSecond = Math.round((count / ms) * 1000);
    console.log(
      `${label} ${what}: ${count} sequential calls, ${(ms / count).toFixed(3)} ms/call, ${perSecond} calls/s`,
    );
    return perSecond;
  }

  const creates = await measure("POST /extapi/v1.1/visits", 2000, (i) =>
    fetch(`${url}/extapi/v1.1/visits?team_token=${teamToken}`, {
      method: "POST",
      headers,
      body: JSON.stringify({ date: `2026-01-${String((i % 28) + 1).padStart(2, "0")}`, customer_id: 100001 }),
    }),
  );
  await measure("GET /extapi/v1.1/visits?date= (≈70 visits that day)", 1000, () =>
    fetch(`${url}/extapi/v1.1/visits?date=2026-01-05&team_token=${teamToken}`, { headers }),
  );
  await close();
  return creates;
}

const inMemory = await run("[no state file]", {});
const dir = mkdtempSync(join(tmpdir(), "smx-sandbox-bench-"));
const withFile = await run("[state file]", { stateFile: join(dir, "sandbox.json") });
rmSync(dir, { recursive: true, force: true });
console.log(
  `visit creates with a state file: ${withFile}/s vs ${inMemory}/s in memory (ratio ${(withFile / inMemory).toFixed(2)}; target ≥ 0.5)`,
);
