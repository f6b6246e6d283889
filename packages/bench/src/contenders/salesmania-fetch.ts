// The SalesMania call as hand-written Lambda code makes it: `fetch` with ready tokens from the environment
// and a timeout, throwing on anything but 2xx. Shared by the baseline and the floor contender.
import { requiredEnv } from "./env.ts";

const BASE_URL = requiredEnv("SALESMANIA_BASE_URL");
const BEARER_TOKEN = requiredEnv("SALESMANIA_BEARER_TOKEN");
const TEAM_TOKEN = requiredEnv("SALESMANIA_TEAM_TOKEN");
const TIMEOUT_MS = Number(process.env.SALESMANIA_TIMEOUT_MS ?? "10000");

export async function salesmania(method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
  const url = new URL(path, BASE_URL);
  url.searchParams.set("team_token", TEAM_TOKEN);
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${BEARER_TOKEN}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`SalesMania ${method} ${url.pathname} answered ${response.status}`);
  return response.json();
}
