// A connection's credentials from its tokens secret as the rotation keeps it: read once, re-read after a
// refusal (once, shared by every caller refused at the same time), AWSPREVIOUS while a rotation is half-done,
// and nothing newer when no valid token exists (the refusal stands; the pipeline retries the event).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  AWSCURRENT,
  AWSPREVIOUS,
  SecretCredentials,
  type SecretsProvider,
  SecretVersions,
} from "../src/index.ts";

const REF = "salesmania-demo-tokens";
const NOW = Date.parse("2026-11-30T06:00:00Z");
const HOUR = 3_600_000;

function tokens(name: string, expiresAt = NOW + 24 * HOUR) {
  return {
    bearerToken: `bearer-${name}`,
    teamToken: `team-${name}`,
    expiresAt: new Date(expiresAt).toISOString(),
  };
}

/** A secrets store with versions, counting reads; the clock is the test's. */
function setUp() {
  const versions = new SecretVersions();
  const clock = { time: NOW, now: () => clock.time };
  const reads: string[] = [];
  const secrets: SecretsProvider = {
    async getSecret(ref, options = {}) {
      const stage = options.versionStage ?? AWSCURRENT;
      reads.push(stage);
      const value = versions.find(ref, { stage })?.value;
      if (value === undefined) throw new Error(`no ${stage}`);
      return value;
    },
  };
  const rotate = (value: unknown) => versions.put(REF, randomUUID(), JSON.stringify(value), [AWSCURRENT]);
  const credentials = new SecretCredentials(REF, secrets, clock);
  return { rotate, reads, credentials, clock };
}

describe("SecretCredentials on a rotated tokens secret", () => {
  it("re-reads once for every caller a rotation refused at once, and hands all of them the new tokens", async () => {
    const { rotate, reads, credentials } = setUp();
    rotate(tokens("a"));
    const first = await credentials.current();
    expect(first).toEqual({ kind: "tokens", bearerToken: "bearer-a", teamToken: "team-a" });
    rotate(tokens("b"));
    const answers = await Promise.all(Array.from({ length: 20 }, () => credentials.refused(first)));
    expect(new Set(answers.map((auth) => auth && "bearerToken" in auth && auth.bearerToken))).toEqual(
      new Set(["bearer-b"]),
    );
    expect(reads).toEqual([AWSCURRENT, AWSCURRENT]);
    expect(await credentials.current()).toEqual(answers[0]);
  });

  it("falls back to AWSPREVIOUS when AWSCURRENT is refused and nothing newer is there", async () => {
    const { rotate, credentials } = setUp();
    rotate(tokens("old"));
    rotate(tokens("new"));
    const refused = await credentials.current();
    expect(refused).toMatchObject({ bearerToken: "bearer-new" });
    expect(await credentials.refused(refused)).toMatchObject({ bearerToken: "bearer-old" });
    expect(await credentials.current()).toMatchObject({ bearerToken: "bearer-old" });
  });

  it("lets the refusal stand when no valid token exists (expired AWSPREVIOUS, or none)", async () => {
    const { rotate, credentials, clock } = setUp();
    rotate(tokens("only"));
    const only = await credentials.current();
    expect(await credentials.refused(only)).toBeUndefined();

    const second = setUp();
    second.rotate(tokens("expired", NOW - HOUR));
    second.rotate(tokens("refused"));
    expect(await second.credentials.refused(await second.credentials.current())).toBeUndefined();
    // And the refusals do not turn into a read per request: the next forced read waits for the interval.
    clock.time += 1_000;
    expect(await credentials.refused(only)).toBeUndefined();
  });

  it("reads the secret again once its tokens have expired, before any request is refused", async () => {
    const { rotate, reads, credentials, clock } = setUp();
    rotate(tokens("a", NOW + HOUR));
    await credentials.current();
    rotate(tokens("b"));
    expect(await credentials.current()).toMatchObject({ bearerToken: "bearer-a" });
    clock.time = NOW + HOUR;
    expect(await credentials.current()).toMatchObject({ bearerToken: "bearer-b" });
    expect(reads.filter((stage) => stage === AWSPREVIOUS)).toEqual([]);
  });
});

describe("SecretVersions (the staging rules of the memory, local and fake stores)", () => {
  it("moves AWSPREVIOUS along with AWSCURRENT, and refuses to move a stage from the wrong version", async () => {
    const versions = new SecretVersions();
    versions.put(REF, "v1", "one", [AWSCURRENT]);
    await versions.putPending(REF, "v2", "two");
    await versions.moveStage(REF, AWSCURRENT, { to: "v2", from: "v1" });
    expect(await versions.versions(REF)).toEqual([
      { versionId: "v1", stages: [AWSPREVIOUS] },
      { versionId: "v2", stages: ["AWSPENDING", AWSCURRENT] },
    ]);
    await expect(versions.moveStage(REF, AWSCURRENT, { to: "v1", from: "v9" })).rejects.toThrow(
      /is on version v2/,
    );
    // The same value again is a no-op; another value under an existing id is refused.
    versions.put(REF, "v2", "two", []);
    expect(() => versions.put(REF, "v2", "other", [])).toThrow(/another value/);
  });
});
