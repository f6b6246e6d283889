// `smx hooks test --dry-run`: the sample request through the intake's admission (authentication, limits,
// mapping) with no stack running at all — nothing is recorded or sent. Run on every example hook with its
// bundled sample, whose ids and submission times are made fresh, so a sample never ages into a 422.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "@smx/runtime/local";
import { loadConfig } from "@smx/sources";
import { afterAll, describe, expect, it } from "vitest";
import { runSmx } from "./support.ts";

const CONFIG = join(REPO_ROOT, "examples", "smx.config.json");
const env = {
  SMX_CONFIG: CONFIG,
  SMX_SECRETS_FILE: join(REPO_ROOT, "examples", "secrets.local.example.json"),
};
const NO_STACK = "/nonexistent/stack.json";
const dir = mkdtempSync(join(tmpdir(), "smx-dry-run-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const smx = (argv: string[]) => runSmx(argv, env, NO_STACK);
const hooks = loadConfig(CONFIG, {}).hooks.filter((hook) => !hook.disabled);

describe("hooks test --dry-run", () => {
  it.each(hooks.map((hook) => hook.id))(
    "%s: its sample is admitted as an event, with no stack running",
    async (id) => {
      const run = await smx(["hooks", "test", id, "--dry-run", "--json"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.json()).toMatchObject({ hookId: id, outcome: "admitted", event: { command: {} } });
    },
  );

  it("prints the command for people, and a second run is a new event (fresh ids)", async () => {
    const first = await smx(["hooks", "test", "typeform-visit-request", "--dry-run", "--json"]);
    const second = await smx(["hooks", "test", "typeform-visit-request", "--dry-run", "--json"]);
    expect(first.json().event.dedupKey).not.toBe(second.json().event.dedupKey);
    const human = await smx(["hooks", "test", "zapier-visits", "--dry-run"]);
    expect(human.stdout).toContain("dry run of hook zapier-visits");
    expect(human.stdout).toContain('"kind": "CreateVisit"');
  });

  it("shows the answer an unusable payload would get, and exits 1", async () => {
    const payload = join(dir, "unusable.txt");
    writeFileSync(payload, "cust_no=C-001");
    const run = await smx(["hooks", "test", "zapier-visits", "--dry-run", "--payload", payload, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({ outcome: "unusable", error: { status: 422, code: "missing_field" } });
  });
});
