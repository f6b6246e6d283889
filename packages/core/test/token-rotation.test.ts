// TokenRotation.rotate: rotations of one secret asked at once run one after the other (Secrets Manager allows
// one at a time), so the second is not refused on finding the first one's AWSPENDING; each ends current.
import { describe, expect, it } from "vitest";
import { AWSCURRENT, AWSPREVIOUS, SecretVersions, TokenRotation } from "../src/index.ts";

const quiet = () => {};
const logger = { debug: quiet, info: quiet, warn: quiet, error: quiet, child: () => logger };

describe("TokenRotation.rotate", () => {
  it("runs two rotations of one secret asked at once one after the other; the second ends current", async () => {
    const store = new SecretVersions({ tokens: { versions: {} } });
    let issued = 0;
    const rotation = new TokenRotation({
      store,
      logger,
      issuerFor: () => ({
        issue: async () => {
          issued += 1;
          // A login that takes a while, so both rotations are mid-way at once.
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { bearerToken: `bearer-${issued}`, teamToken: `team-${issued}` };
        },
        // A check that takes a while too: without one at a time, the second rotation's AWSPENDING lands while
        // the first is being tested, and the first's finishSecret is refused.
        check: () => new Promise((resolve) => setTimeout(resolve, 30)),
      }),
    });
    await Promise.all([rotation.rotate("tokens", "v1"), rotation.rotate("tokens", "v2")]);
    expect(issued).toBe(2);
    const stages = Object.fromEntries((await store.versions("tokens")).map((v) => [v.versionId, v.stages]));
    expect(stages).toEqual({ v1: [AWSPREVIOUS], v2: [AWSCURRENT] });
  });

  it("a failed rotation does not stop the next one asked after it", async () => {
    const store = new SecretVersions({ tokens: { versions: {} } });
    let calls = 0;
    const rotation = new TokenRotation({
      store,
      logger,
      issuerFor: () => ({
        issue: async () => {
          calls += 1;
          if (calls === 1) throw new Error("login refused");
          return { bearerToken: "bearer", teamToken: "team" };
        },
        check: async () => {},
      }),
    });
    const [first, second] = await Promise.allSettled([
      rotation.rotate("tokens", "v1"),
      rotation.rotate("tokens", "v2"),
    ]);
    expect(first.status).toBe("rejected");
    expect(second.status).toBe("fulfilled");
    expect(await store.value("tokens", { stage: AWSCURRENT })).toContain("bearer");
  });
});
