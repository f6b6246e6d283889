import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "@smx/core";
import { hookRequest, samplePayload } from "@smx/sources";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { describeStack } from "../src/banner.ts";
import type { ConfigReload } from "../src/reload.ts";
import { EXAMPLE_CONFIG, startTestStack, type TestStack } from "./support.ts";

type Config = {
  hooks: { id: string; action: string; mapping: Record<string, unknown>; [key: string]: unknown }[];
  [key: string]: unknown;
};

const exampleConfig = (): Config => JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8")) as Config;

function loggerInto(lines: { message: string; data?: unknown }[]): Logger {
  const log = (message: string, data?: unknown) => void lines.push({ message, data });
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

/** The next reload of `kind` the stack reports (the reload's own event: no clock is involved). */
function nextReload(stack: TestStack, kind: ConfigReload["kind"]): Promise<ConfigReload> {
  return new Promise((resolve) => {
    const stop = stack.onConfigReload((reload) => {
      if (reload.kind !== kind) return;
      stop();
      resolve(reload);
    });
  });
}

/** Saves the way many editors do: a temporary file renamed over the old one (a new inode). */
function saveByRename(file: string, config: unknown) {
  const temporary = join(file, "..", ".smx.config.json.tmp");
  writeFileSync(temporary, JSON.stringify(config, null, 2));
  renameSync(temporary, file);
}

async function sendZapierVisit(stack: TestStack, idempotencyKey: string) {
  const hook = stack.runtime.hooks.get("zapier-visits")!;
  const sample = samplePayload("zapier");
  const request = hookRequest(hook, {
    baseUrl: stack.urls.webhooks,
    secret: "demo-zapier-key",
    body: sample.body,
    contentType: sample.contentType,
    idempotencyKey,
  });
  const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
  expect(response.status).toBe(201);
  const { eventId } = (await response.json()) as { eventId: string };
  const record = await stack.runtime.ledger.get(eventId);
  return record?.command as { date?: string } | undefined;
}

describe("the local stack reloads smx.config.json on change", () => {
  let stack: TestStack;
  const logged: { message: string; data?: unknown }[] = [];
  beforeAll(async () => {
    stack = await startTestStack({ config: exampleConfig(), logger: loggerInto(logged) });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("uses a changed mapping on the next request, without a restart", async () => {
    expect((await sendZapierVisit(stack, "reload-before"))?.date).toBe("2026-03-25");
    const changed = exampleConfig();
    changed.hooks[0]!.mapping.date = { const: "2026-04-01" };
    const reloaded = nextReload(stack, "reloaded");
    saveByRename(stack.settings.configFile, changed);
    expect(await reloaded).toMatchObject({ kind: "reloaded", hooks: changed.hooks.length });
    expect((await sendZapierVisit(stack, "reload-after"))?.date).toBe("2026-04-01");
    expect(logged.map((line) => line.message)).toContain("configuration reloaded");
  });

  it("serves a hook added to the file, and lists its URL", async () => {
    const added = exampleConfig();
    added.hooks.push({ ...added.hooks[0]!, id: "zapier-visits-2" });
    const reloaded = nextReload(stack, "reloaded");
    writeFileSync(stack.settings.configFile, JSON.stringify(added));
    await reloaded;
    const check = await fetch(`${stack.urls.webhooks}/hooks/zapier-visits-2`);
    expect(await check.json()).toEqual({ hook: "zapier-visits-2", source: "zapier", ready: true });
    expect(stack.urls.hooks["zapier-visits-2"]).toBe(`${stack.urls.webhooks}/hooks/zapier-visits-2`);
    expect(await describeStack(stack)).toContain("zapier-visits-2");
  });

  it("keeps the running configuration when the new file is invalid, naming each key path", async () => {
    const before = stack.runtime;
    const broken = exampleConfig();
    broken.hooks[0]!.mapping["customer.nmae"] = "customer_name";
    broken.hooks[1]!.action = "CreateVisits";
    const refused = nextReload(stack, "refused");
    writeFileSync(stack.settings.configFile, JSON.stringify(broken));
    const reload = await refused;
    const problems = reload.kind === "refused" ? reload.problems : [];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^hooks\[0\]\.mapping\["customer\.nmae"\]: not a field of CreateVisit/),
        expect.stringMatching(/^hooks\[1\]\.action: .*"CreateVisits"/),
      ]),
    );
    expect(stack.runtime).toBe(before);
    expect(logged.find((line) => line.message.startsWith("configuration not reloaded"))?.data).toMatchObject({
      problems,
    });
    // The hook added before the broken save is still served: the old configuration stays in force.
    expect((await fetch(`${stack.urls.webhooks}/hooks/zapier-visits-2`)).status).toBe(200);

    const invalidJson = nextReload(stack, "refused");
    writeFileSync(stack.settings.configFile, '{"hooks": [');
    expect(await invalidJson).toMatchObject({
      problems: [expect.stringMatching(/^line 1, column \d+: invalid JSON/)],
    });
    expect(stack.runtime).toBe(before);
  });

  it("rotates the tokens of a connection the new file splits, as a start would", async () => {
    const split = exampleConfig();
    const connections = split.connections as Record<string, unknown>[];
    connections[0] = { ...connections[0], secret: "reload-demo-tokens", loginSecret: "salesmania-demo" };
    const reloaded = nextReload(stack, "reloaded");
    saveByRename(stack.settings.configFile, split);
    await reloaded;
    // The tokens secret exists only once the rotation wrote it; until then opening the connection fails.
    const connection = await vi.waitFor(() => stack.runtime.connections.get("demo"), {
      timeout: 20_000,
      interval: 100,
    });
    expect(connection.id).toBe("demo");
    expect(readFileSync(join(stack.stateDir, "secret-versions.json"), "utf8")).toContain(
      "reload-demo-tokens",
    );
  });
});
