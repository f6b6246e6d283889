// The console through the Lambda handler with real API Gateway v2 events (https, as deployed): the login
// round trip sets Secure, HttpOnly, SameSite=Strict cookies (API Gateway's `cookies` list), pages carry the
// CSP, the stylesheet is cached for good, and a POST without the CSRF token is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGatewayV2Event, type HttpRequestSpec } from "./support/apigw.ts";
import { SECRETS, TYPEFORM_VISITS_HOOK } from "./support/cases.ts";
import { lambdaContext } from "./support/lambda-context.ts";
import { ADMIN_KEY, type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ hooks: [TYPEFORM_VISITS_HOOK], secrets: SECRETS });
});
afterAll(async () => {
  await stack?.close();
});

interface RawResult {
  statusCode: number;
  body: string;
  headers?: Record<string, string>;
  cookies?: string[];
}
const call = async (spec: HttpRequestSpec) =>
  (await stack.lambda.handler(apiGatewayV2Event(spec), lambdaContext())) as unknown as RawResult;
const FORM = { "content-type": "application/x-www-form-urlencoded" };
const cookieValue = (cookies: string[] | undefined, name: string) =>
  cookies?.find((c) => c.startsWith(`${name}=`))?.split(";")[0];

describe("the console on Lambda", () => {
  let session: string;

  it("sends to the login form, whose nonce cookie is Secure, HttpOnly and SameSite=Strict", async () => {
    const home = await call({ method: "GET", url: "/console" });
    expect(home.statusCode).toBe(303);
    expect(home.headers?.location).toBe("/console/login");
    const login = await call({ method: "GET", url: "/console/login" });
    expect(login.statusCode).toBe(200);
    expect(login.headers?.["content-security-policy"]).toContain("default-src 'none'");
    const nonce = (login.cookies ?? []).find((c) => c.startsWith("smx_console_login=")) ?? "";
    expect(nonce).toMatch(/; HttpOnly/);
    expect(nonce).toMatch(/; Secure/);
    expect(nonce).toMatch(/; SameSite=Strict/);
    expect(nonce).toMatch(/; Path=\/console/);

    const value = nonce.split(";")[0]!.split("=")[1]!;
    const wrong = await call({
      method: "POST",
      url: "/console/login",
      headers: { ...FORM, cookie: `smx_console_login=${value}` },
      body: new URLSearchParams({ key: "wrong", _login: value }).toString(),
    });
    expect(wrong.statusCode).toBe(401);
    const right = await call({
      method: "POST",
      url: "/console/login",
      headers: { ...FORM, cookie: `smx_console_login=${value}` },
      body: new URLSearchParams({ key: ADMIN_KEY, _login: value }).toString(),
    });
    expect(right.statusCode).toBe(303);
    const set = (right.cookies ?? []).find((c) => c.startsWith("smx_console=")) ?? "";
    expect(set).toMatch(/; Max-Age=28800/);
    expect(set).toMatch(/; Secure/);
    session = cookieValue(right.cookies, "smx_console")!;
  });

  it("refuses a login whose form nonce does not match its cookie", async () => {
    const answer = await call({
      method: "POST",
      url: "/console/login",
      headers: { ...FORM, cookie: "smx_console_login=aaa" },
      body: new URLSearchParams({ key: ADMIN_KEY, _login: "bbb" }).toString(),
    });
    expect(answer.statusCode).toBe(403);
    expect(cookieValue(answer.cookies, "smx_console")).toBeUndefined();
  });

  it("serves pages to the session, and refuses a POST without its CSRF token", async () => {
    const events = await call({
      method: "GET",
      url: "/console/events?status=dead",
      headers: { cookie: session },
    });
    expect(events.statusCode).toBe(200);
    expect(events.headers?.["cache-control"]).toBe("no-store");
    const forged = await call({
      method: "POST",
      url: "/console/events/evt_x/dismiss",
      headers: { ...FORM, cookie: session },
      body: "reason=x",
    });
    expect(forged.statusCode).toBe(403);
    const crossSite = await call({
      method: "POST",
      url: "/console/logout",
      headers: { ...FORM, cookie: session, origin: "https://evil.example" },
      body: "_csrf=x",
    });
    expect(crossSite.statusCode).toBe(403);
  });

  it("answers bad filters and unknown events with the field or id at fault, never a 500", async () => {
    const get = (url: string) => call({ method: "GET", url, headers: { cookie: session } });
    const status = await get("/console/events?status=bogus");
    expect(status.statusCode).toBe(400);
    expect(status.body).toContain("status: expected one of");
    const since = await get("/console/events?status=dead&since=2026-13-45T99:99");
    expect(since.statusCode).toBe(400);
    expect(since.body).toContain("since");
    const cursor = await get("/console/events?status=dead&cursor=forged");
    expect(cursor.statusCode).toBe(400);
    const missing = await get("/console/events/evt_nothing");
    expect(missing.statusCode).toBe(404);
    const action = await get("/console/events/evt_nothing/replay");
    expect(action.statusCode).toBe(404);
  });

  it("serves the stylesheet under its hash, cached for a year", async () => {
    const page = await call({ method: "GET", url: "/console/login" });
    const href = /href="(\/console\/assets\/console\.[0-9a-f]{12}\.css)"/.exec(page.body)?.[1];
    expect(href).toBeDefined();
    const css = await call({ method: "GET", url: href! });
    expect(css.statusCode).toBe(200);
    expect(css.headers?.["content-type"]).toContain("text/css");
    expect(css.headers?.["cache-control"]).toContain("immutable");
  });
});
