// CSRF protection of every console POST. With a session: a synchronizer token bound to it (an HMAC of the
// session id, so nothing is stored), sent in each form's hidden `_csrf` field. Before login: a double-submit
// nonce, in a SameSite=Strict cookie and in the login form. Both also refuse a request whose Origin (or
// Sec-Fetch-Site) names another site.
import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { cookieOptions, type Session, sameSecret, sign } from "./session.ts";

export const CSRF_FIELD = "_csrf";
const LOGIN_COOKIE = "smx_console_login";
/** The login form is good for this long after it was shown. */
const LOGIN_NONCE_SECONDS = 30 * 60;

export function csrfToken(key: Buffer, session: Session): string {
  return sign(key, `csrf|${session.id}`);
}

export function validCsrf(key: Buffer, session: Session, sent: unknown): boolean {
  return typeof sent === "string" && sameSecret(sent, csrfToken(key, session));
}

/** A fresh login nonce, set as its cookie; the login form carries the same value. */
export function issueLoginNonce(c: Context): string {
  const nonce = randomBytes(16).toString("base64url");
  setCookie(c, LOGIN_COOKIE, nonce, cookieOptions(c, LOGIN_NONCE_SECONDS));
  return nonce;
}

export function validLoginNonce(c: Context, sent: unknown): boolean {
  const cookie = getCookie(c, LOGIN_COOKIE);
  return typeof sent === "string" && cookie !== undefined && sent !== "" && sameSecret(sent, cookie);
}

/** False when the browser says the request comes from another site (Origin, or Sec-Fetch-Site). */
export function sameOrigin(c: Context): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return false;
  const origin = c.req.header("origin");
  return origin === undefined || origin === new URL(c.req.url).origin;
}
