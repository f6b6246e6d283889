import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { AuthenticationError } from "../src/errors.ts";
import { SigningSecretFormatError, verifyStandardWebhook } from "../src/signatures/standard-webhooks.ts";

const SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const NEXT_SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const NOW = Date.UTC(2026, 10, 28, 3, 0, 0);
const BODY = Buffer.from(
  JSON.stringify({ type: "order.status", data: { orderNo: "SO-1", note: "café ☕" } }),
);

/** Signed by the reference library, an independent reading of the spec. */
function signed(secret: string, at = NOW, id = "msg_2Kf9") {
  const timestamp = new Date(at);
  return {
    id,
    timestamp: String(Math.floor(at / 1000)),
    signature: new Webhook(secret).sign(id, timestamp, BODY),
  };
}

function verify(
  headers: { id: string | null; timestamp: string | null; signature: string | null },
  secrets = [SECRET],
) {
  verifyStandardWebhook({ body: BODY, ...headers, secrets, now: NOW, toleranceSeconds: 300 });
}

function authError(run: () => void): AuthenticationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthenticationError);
    return error as AuthenticationError;
  }
  throw new Error("expected an AuthenticationError, nothing was thrown");
}

describe("Standard Webhooks signature", () => {
  it("accepts a signature made by the reference library over the raw bytes", () => {
    expect(() => verify(signed(SECRET))).not.toThrow();
  });

  it("accepts any of several secrets and any entry of the signature list (rotation)", () => {
    const old = signed(SECRET);
    const next = signed(NEXT_SECRET);
    expect(() => verify(next, [SECRET, NEXT_SECRET])).not.toThrow();
    expect(() =>
      verify({ ...old, signature: `v1a,AAAA ${next.signature} ${old.signature}` }, [NEXT_SECRET]),
    ).not.toThrow();
  });

  it("rejects a wrong signature, naming the header", () => {
    const error = authError(() => verify(signed(NEXT_SECRET)));
    expect(error.header).toBe("webhook-signature");
    expect(error.message).toMatch(/^webhook-signature: no v1 signature matches/);
    expect(error.status).toBe(401);
  });

  it("rejects a body changed after signing", () => {
    const headers = signed(SECRET);
    const tampered = Buffer.from(BODY.toString().replace("SO-1", "SO-2"));
    const error = authError(() =>
      verifyStandardWebhook({
        body: tampered,
        ...headers,
        secrets: [SECRET],
        now: NOW,
        toleranceSeconds: 300,
      }),
    );
    expect(error.header).toBe("webhook-signature");
  });

  it("rejects a correctly signed but stale or future timestamp, in both directions", () => {
    const old = authError(() => verify(signed(SECRET, NOW - 301_000)));
    expect(old.header).toBe("webhook-timestamp");
    expect(old.message).toContain("301 s old");
    const future = authError(() => verify(signed(SECRET, NOW + 400_000)));
    expect(future.message).toContain("400 s in the future");
    expect(() => verify(signed(SECRET, NOW - 299_000))).not.toThrow();
  });

  it("honours the hook's tolerance", () => {
    const headers = signed(SECRET, NOW - 30_000);
    expect(() =>
      verifyStandardWebhook({ body: BODY, ...headers, secrets: [SECRET], now: NOW, toleranceSeconds: 10 }),
    ).toThrow(AuthenticationError);
  });

  it("names each missing header", () => {
    const headers = signed(SECRET);
    expect(authError(() => verify({ ...headers, id: null })).header).toBe("webhook-id");
    expect(authError(() => verify({ ...headers, timestamp: "" })).header).toBe("webhook-timestamp");
    expect(authError(() => verify({ ...headers, signature: null })).header).toBe("webhook-signature");
  });

  it("rejects a list with only unsupported versions and a non-numeric timestamp", () => {
    const headers = signed(SECRET);
    expect(authError(() => verify({ ...headers, signature: "v1a,AAAA v2,BBBB" })).message).toContain(
      "[v1a, v2]",
    );
    expect(authError(() => verify({ ...headers, timestamp: "2026-11-28" })).header).toBe("webhook-timestamp");
  });

  it("reports a malformed configured secret by position, without its value", () => {
    const error = (() => {
      try {
        verify(signed(SECRET), [SECRET, "not base64!"]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SigningSecretFormatError);
    expect((error as Error).message).toContain("#2");
    expect((error as Error).message).not.toContain("not base64!");
  });
});
