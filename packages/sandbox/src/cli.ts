#!/usr/bin/env -S npx tsx
// salesmania-sandbox: serves the simulator over HTTP until Ctrl-C.
//   tsx packages/sandbox/src/cli.ts --port 4010 --seed seeds/demo.json --state-file .local/sandbox.json
//       [--rate-limit 5] [--bearer-ttl 86400] [--host 127.0.0.1]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { demoSeed } from "./demo-seed.ts";
import { parseSeed } from "./seed.ts";
import { startSandbox } from "./server.ts";

class CliUsageError extends Error {
  override name = "CliUsageError";
}

function intFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new CliUsageError(`--${flag}: expected a non-negative integer, got "${value}"`);
  return Number(value);
}

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string" },
    "state-file": { type: "string" },
    "rate-limit": { type: "string" },
    "bearer-ttl": { type: "string" },
  },
});

const seed = values.seed ? parseSeed(JSON.parse(readFileSync(values.seed, "utf8")), values.seed) : undefined;
const started = await startSandbox({
  port: intFlag("port", values.port),
  host: values.host,
  seed,
  stateFile: values["state-file"],
  rateLimitPerSecond: intFlag("rate-limit", values["rate-limit"]),
  bearerTtlSeconds: intFlag("bearer-ttl", values["bearer-ttl"]),
});

// One write, so whoever reads the banner gets it whole. Sandbox credentials are seed data, not secrets:
// showing them is what makes the sandbox usable.
console.log(
  [
    `SalesMania sandbox listening on ${started.url}`,
    `  admin API: ${started.url}/_sandbox/state`,
    ...(seed ?? demoSeed).users.map((user) => `  user: ${user.username} / ${user.password}`),
    `  try: curl -u <user>:<password> ${started.url}/extapi/v1.0/token`,
  ].join("\n"),
);

let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await started.close();
  console.log("sandbox closed");
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
