// Throughput of the sandbox over real HTTP: how many API calls per second a test suite can afford.
import { startSandbox } from "../src/index.ts";

const { url, sandbox, close } = await startSandbox();
const headers = {
  authorization: `Bearer ${sandbox.issueBearerToken("demo")}`,
  "content-type": "application/json",
};
const teamToken = encodeURIComponent(sandbox.issueTeamToken(2981, 24728));

async function measure(label: string, count: number, call: (i: number) => Promise<Response>) {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const response = await call(i);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${label}: expected 2xx, got ${response.status}`);
  }
  const ms = performance.now() - started;
  console.log(
    `${label}: ${count} sequential calls, ${(ms / count).toFixed(3)} ms/call, ${Math.round((count / ms) * 1000)} calls/s`,
  );
}

await measure("POST /extapi/v1.1/visits", 2000, (i) =>
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
