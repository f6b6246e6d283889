// The console's session: a signed cookie made at login, holding no secret — an id, who logged in, and
// when it ends. Signed with a key derived from the admin key, so a new admin key ends every session.
// HttpOnly, SameSite=Strict, Secure except on a loopback http:// origin (the local stack), Path=/console.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import * as v from "valibot";

export const SESSION_COOKIE = "smx_console";
/** A working day: a stolen cookie is worth little for long, and nobody logs in twice a shift. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const CONSOLE_PATH = "/console";

export interface Session {
  /** Random per login: the CSRF token is bound to it. */
  id: string;
  /** Who is acting, for the events' history: `console` or `console:<name given at login>`. */
  actor: string;
  /** Epoch ms it ends. */
  expiresAt: number;
}

const SessionPayload = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/)),
  actor: v.pipe(v.string(), v.maxLength(120)),
  expiresAt: v.number(),
});

/** The signing key: the admin key stretched under a purpose label, never the admin key itself. */
export function sessionKey(adminKey: string): Buffer {
  return createHmac("sha256", "smx-console-session-v1").update(adminKey, "utf8").digest();
}

export function sign(key: Buffer, data: string): string {
  return createHmac("sha256", key).update(data, "utf8").digest("base64url");
}

/** Constant-time equality of two strings (hashed first, so their lengths do not leak either). */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHmac("sha256", "smx-compare").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function newSession(actorName: string | undefined, now: number): Session {
  return {
    id: randomBytes(16).toString("base64url"),
    actor: actorName === undefined ? "console" : `console:${actorName}`,
    expiresAt: now + SESSION_TTL_MS,
  };
}

export function encodeSession(key: Buffer, session: Session): string {
  const payload = Buffer.from(JSON.stringify(session), "utf8").toString("base64url");
  return `${payload}.${sign(key, payload)}`;
}

/** The session a cookie value holds, if its signature is ours and it has not ended. */
export function decodeSession(key: Buffer, value: string | undefined, now: number): Session | undefined {
  if (value === undefined || value.length > 1024) return undefined;
  const [payload, signature, extra] = value.split(".");
  if (payload === undefined || signature === undefined || extra !== undefined) return undefined;
  if (!sameSecret(signature, sign(key, payload))) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  const parsed = v.safeParse(SessionPayload, json);
  if (!parsed.success || parsed.output.expiresAt <= now) return undefined;
  return parsed.output;
}

/** Secure everywhere but a loopback http:// origin, where browsers would drop a Secure cookie. */
export function secureCookie(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  const loopback = hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
  return !(protocol === "http:" && loopback);
}

export function cookieOptions(c: Context, maxAgeSeconds: number) {
  return {
    path: CONSOLE_PATH,
    httpOnly: true,
    secure: secureCookie(c.req.url),
    sameSite: "Strict" as const,
    maxAge: maxAgeSeconds,
  };
}

export function setSessionCookie(c: Context, key: Buffer, session: Session, now: number): void {
  const seconds = Math.floor((session.expiresAt - now) / 1000);
  setCookie(c, SESSION_COOKIE, encodeSession(key, session), cookieOptions(c, seconds));
}

export function readSession(c: Context, key: Buffer, now: number): Session | undefined {
  return decodeSession(key, getCookie(c, SESSION_COOKIE), now);
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: CONSOLE_PATH, secure: secureCookie(c.req.url) });
}
