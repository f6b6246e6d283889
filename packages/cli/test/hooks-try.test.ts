// `smx hooks try` against a local stack: the verdict, command and resolution of your payload with nothing
// written; the sender's headers checked as given; exit 1 when the hook would refuse it; `--send` posting a
// fresh, correctly signed copy each time (a new event, not the stored answer of the last one).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, stackStateFile } from "@smx/runtime/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "../../local/test/support.ts";
import { runSmx } from "./support.ts";

let stack: TestStack;
const dir = mkdtempSync(join(tmpdir(), "smx-hooks-try-"));
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

const smx = (argv: string[]) => runSmx(argv, {}, stackStateFile(stack.stateDir));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const visit = file("visit.txt", "cust_no=C-002&visit_date=14/12/2026");
const hookEvents = async (hookId: string) =>
  (await smx(["events", "list", "--hook", hookId, "--json"])).json() as { eventId: string }[];

describe("hooks try", () => {
  it("prints the verdict, command and customer of a payload, and writes nothing", async () => {
    const run = await smx(["hooks", "try", "zapier-visits", visit]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("verdict:    accepted");
    expect(run.stdout).toContain("signed by the preview");
    expect(run.stdout).toContain('"date": "2026-12-14"');
    expect(run.stdout).toContain("customer: SalesMania id 100002 (found in the");
    expect(await hookEvents("zapier-visits")).toEqual([]);
    expect(stack.sandbox!.sandbox.state().visits.filter((v) => v.date === "2026-12-14")).toEqual([]);
  });

  it("checks the headers given as the sender's, and exits 1 when the hook would refuse them", async () => {
    const wrong = await smx([
      "hooks",
      "try",
      "zapier-visits",
      visit,
      "--headers",
      file("h1.txt", "X-Api-Key: nope\n"),
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain("not authentic, on the headers given");
    expect(wrong.stdout).toContain('"extCustNo": "C-002"');
    const right = await smx([
      "hooks",
      "try",
      "zapier-visits",
      visit,
      "--json",
      "--headers",
      file("h2.json", JSON.stringify({ "x-api-key": "demo-zapier-key" })),
    ]);
    expect(right.code).toBe(0);
    expect(right.json().preview).toMatchObject({ verdict: "accept", auth: { checked: "headers", ok: true } });
  });

  it("exits 1 on an unusable payload, naming the field, and sends nothing with --send", async () => {
    const run = await smx(["hooks", "try", "zapier-visits", file("bad.txt", "cust_no=C-001"), "--send"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("HTTP 422");
    expect(run.stdout).toContain("not sent: the hook would refuse it");
    expect(await hookEvents("zapier-visits")).toEqual([]);
  });

  it("--send posts a fresh signed copy: two sends are two events", async () => {
    const payload = join(REPO_ROOT, "examples", "payloads", "typeform.json");
    const first = await smx(["hooks", "try", "typeform-visit-request", payload, "--send", "--json"]);
    const second = await smx(["hooks", "try", "typeform-visit-request", payload, "--send", "--json"]);
    expect(first.code).toBe(0);
    expect(first.json().sent.status).toBeLessThan(300);
    expect(second.json().sent.body.eventId).not.toBe(first.json().sent.body.eventId);
    expect((await hookEvents("typeform-visit-request")).map((e) => e.eventId).sort()).toEqual(
      [first.json().sent.body.eventId, second.json().sent.body.eventId].sort(),
    );
  });
});
