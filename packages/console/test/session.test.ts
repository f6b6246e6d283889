// The console's session cookie and CSRF tokens, without a browser: what a tampered, expired, foreign or
// oversized cookie gets (nothing), that a new admin key ends every session, and where Secure is left off.
import { describe, expect, it } from "vitest";
import { csrfToken, validCsrf } from "../src/csrf.ts";
import {
  decodeSession,
  encodeSession,
  newSession,
  SESSION_TTL_MS,
  secureCookie,
  sessionKey,
} from "../src/session.ts";

const NOW = Date.parse("2026-11-30T08:00:00Z");
const key = sessionKey("admin-key-1");

describe("session cookie", () => {
  it("round-trips a session until it ends", () => {
    const session = newSession("ana", NOW);
    expect(session.actor).toBe("console:ana");
    const cookie = encodeSession(key, session);
    expect(cookie).not.toContain("admin-key-1");
    expect(decodeSession(key, cookie, NOW + 1000)).toEqual(session);
    expect(decodeSession(key, cookie, NOW + SESSION_TTL_MS)).toBeUndefined();
  });

  it("refuses a changed payload, another key's signature, and garbage", () => {
    const cookie = encodeSession(key, newSession(undefined, NOW));
    const [payload, signature] = cookie.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), expiresAt: NOW * 2 }),
    ).toString("base64url");
    expect(decodeSession(key, `${forged}.${signature}`, NOW)).toBeUndefined();
    expect(decodeSession(sessionKey("admin-key-2"), cookie, NOW)).toBeUndefined();
    for (const junk of ["", ".", "a.b.c", "x".repeat(5000), `${payload}.`])
      expect(decodeSession(key, junk, NOW)).toBeUndefined();
    const notJson = Buffer.from("{").toString("base64url");
    expect(
      decodeSession(key, `${notJson}.${encodeSession(key, newSession(undefined, NOW)).split(".")[1]}`, NOW),
    ).toBeUndefined();
  });

  it("is Secure everywhere except a loopback http:// origin", () => {
    expect(secureCookie("http://127.0.0.1:3000/console")).toBe(false);
    expect(secureCookie("http://localhost:3000/console")).toBe(false);
    expect(secureCookie("https://hooks.example.co.id/console")).toBe(true);
    expect(secureCookie("http://hooks.example.co.id/console")).toBe(true);
  });
});

describe("CSRF token", () => {
  it("is bound to its session and to the admin key", () => {
    const session = newSession(undefined, NOW);
    const token = csrfToken(key, session);
    expect(validCsrf(key, session, token)).toBe(true);
    expect(validCsrf(key, newSession(undefined, NOW), token)).toBe(false);
    expect(validCsrf(sessionKey("admin-key-2"), session, token)).toBe(false);
    expect(validCsrf(key, session, undefined)).toBe(false);
    expect(validCsrf(key, session, "")).toBe(false);
  });
});
