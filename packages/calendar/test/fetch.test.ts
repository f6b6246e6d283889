// Fetching against a real HTTP server on a free loopback port: conditional requests, redirects, limits and
// each way a feed answers wrongly. The feed's path holds a secret token that no error message may show.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FeedAccessDeniedError,
  FeedError,
  FeedHttpError,
  FeedLoginPageError,
  FeedNetworkError,
  FeedNotCalendarError,
  FeedNotFoundError,
  FeedRedirectError,
  FeedTimeoutError,
  FeedTooLargeError,
  FeedUrlError,
  feedUrl,
  fetchFeed,
} from "../src/index.ts";
import { fixture } from "./helpers.ts";

const SECRET = "private-5f3a9c0e7b2d4e61a8f0";
const ICS = fixture("weekly-exdate.ics");
const ETAG = '"v1"';
const LAST_MODIFIED = "Wed, 04 Mar 2026 10:00:00 GMT";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const routes: Record<string, Handler> = {
  "/etag": (req, res) => {
    if (req.headers["if-none-match"] === ETAG) return void res.writeHead(304, { etag: ETAG }).end();
    res.writeHead(200, { "content-type": "text/calendar; charset=utf-8", etag: ETAG }).end(ICS);
  },
  "/last-modified": (req, res) => {
    if (req.headers["if-modified-since"] === LAST_MODIFIED) return void res.writeHead(304).end();
    res.writeHead(200, { "content-type": "text/calendar", "last-modified": LAST_MODIFIED }).end(ICS);
  },
  "/redirect": (_req, res) => void res.writeHead(302, { location: `/etag?${SECRET}` }).end(),
  "/loop": (_req, res) => void res.writeHead(301, { location: `/loop?${SECRET}` }).end(),
  "/login": (_req, res) =>
    void res
      .writeHead(200, { "content-type": "text/html" })
      .end("<!DOCTYPE html><html><body>Sign in</body></html>"),
  "/html-as-calendar": (_req, res) =>
    void res.writeHead(200, { "content-type": "text/calendar" }).end("\n  <html><form>login</form></html>"),
  "/json": (_req, res) =>
    void res.writeHead(200, { "content-type": "application/json" }).end('{"error":"nope"}'),
  "/forbidden": (_req, res) => void res.writeHead(403).end("no"),
  "/unauthorized": (_req, res) => void res.writeHead(401).end("no"),
  "/gone": (_req, res) => void res.writeHead(404).end("not here"),
  "/busy": (_req, res) => void res.writeHead(503, { "retry-after": "120" }).end(),
  "/big-announced": (_req, res) =>
    void res.writeHead(200, { "content-length": String(2 * 1024 * 1024) }).end(),
  "/big-streamed": (_req, res) => {
    res.writeHead(200, { "content-type": "text/calendar" });
    const chunk = `BEGIN:VCALENDAR\r\n${"X-FILL:".padEnd(64 * 1024, "x")}\r\n`;
    let sent = 0;
    const push = () => {
      while (sent < 64 && res.write(chunk)) sent++;
      if (sent < 64) res.once("drain", push);
      else res.end();
    };
    push();
  },
  "/stall-headers": () => {},
  "/stall-body": (_req, res) =>
    void res.writeHead(200, { "content-type": "text/calendar" }).write("BEGIN:VCALENDAR\r\n"),
};

let server: Server;
let base: string;
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    const route = routes[new URL(req.url ?? "/", "http://x").pathname];
    if (route) route(req, res);
    else res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const url = (path: string) => `${base}${path}?${SECRET}`;

async function failure(promise: Promise<unknown>): Promise<FeedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedError);
  const feedError = error as FeedError;
  expect(feedError.message).not.toContain(SECRET);
  expect(String(feedError.cause ?? "")).not.toContain(SECRET);
  expect(feedError.origin).toBe(base);
  return feedError;
}

describe("fetchFeed", () => {
  it("fetches a calendar with its ETag, then gets 304 and downloads nothing", async () => {
    const first = await fetchFeed(url("/etag"));
    expect(first).toMatchObject({ status: "fetched", text: ICS, validators: { etag: ETAG } });
    const second = await fetchFeed(url("/etag"), { previous: { etag: ETAG } });
    expect(second).toEqual({ status: "not_modified", validators: { etag: ETAG } });
    expect(seen.at(-1)?.headers["if-none-match"]).toBe(ETAG);
  });

  it("uses Last-Modified / If-Modified-Since when there is no ETag", async () => {
    const first = await fetchFeed(url("/last-modified"));
    expect(first.validators).toEqual({ lastModified: LAST_MODIFIED });
    const second = await fetchFeed(url("/last-modified"), { previous: first.validators });
    expect(second.status).toBe("not_modified");
  });

  it("follows redirects up to the limit", async () => {
    expect((await fetchFeed(url("/redirect"))).status).toBe("fetched");
    const error = await failure(fetchFeed(url("/loop"), { maxRedirects: 3 }));
    expect(error).toBeInstanceOf(FeedRedirectError);
    expect(error.code).toBe("too_many_redirects");
    await failure(fetchFeed(url("/redirect"), { maxRedirects: 0 }));
  });

  it("refuses a redirect from https down to http", async () => {
    const fakeFetch = async () =>
      new Response(null, { status: 302, headers: { location: `http://evil.example/${SECRET}` } });
    const error = await fetchFeed(`https://calendar.example/${SECRET}`, { fetch: fakeFetch }).catch(
      (e: FeedError) => e,
    );
    expect(error).toBeInstanceOf(FeedRedirectError);
    expect(error).toMatchObject({ code: "insecure_redirect", origin: "https://calendar.example" });
    expect((error as Error).message).not.toContain(SECRET);
  });

  it("names an HTML page a login page, whatever its content type says", async () => {
    expect(await failure(fetchFeed(url("/login")))).toBeInstanceOf(FeedLoginPageError);
    expect(await failure(fetchFeed(url("/html-as-calendar")))).toBeInstanceOf(FeedLoginPageError);
  });

  it("refuses a body that is not a calendar", async () => {
    const error = await failure(fetchFeed(url("/json")));
    expect(error).toBeInstanceOf(FeedNotCalendarError);
    expect(error.message).toContain("application/json");
  });

  it("types 404, 401/403 and 5xx answers", async () => {
    expect(await failure(fetchFeed(url("/gone")))).toBeInstanceOf(FeedNotFoundError);
    expect(await failure(fetchFeed(url("/gone")))).toMatchObject({
      name: "FeedNotFoundError",
      status: 404,
      retryable: false,
    });
    expect(await failure(fetchFeed(url("/forbidden")))).toBeInstanceOf(FeedAccessDeniedError);
    expect(await failure(fetchFeed(url("/unauthorized")))).toMatchObject({
      status: 401,
      code: "access_denied",
    });
    const busy = await failure(fetchFeed(url("/busy")));
    expect(busy).toBeInstanceOf(FeedHttpError);
    expect(busy).toMatchObject({ status: 503, retryable: true, retryAfterSeconds: 120 });
  });

  it("enforces the size limit on the announced length and while streaming", async () => {
    expect(await failure(fetchFeed(url("/big-announced"), { maxBytes: 1024 * 1024 }))).toBeInstanceOf(
      FeedTooLargeError,
    );
    const streamed = await failure(fetchFeed(url("/big-streamed"), { maxBytes: 1024 * 1024 }));
    expect(streamed).toMatchObject({ code: "too_large", maxBytes: 1024 * 1024 });
  });

  it("times out a server that never answers, or stops half-way through the body", async () => {
    expect(await failure(fetchFeed(url("/stall-headers"), { timeoutMs: 300 }))).toBeInstanceOf(
      FeedTimeoutError,
    );
    expect(await failure(fetchFeed(url("/stall-body"), { timeoutMs: 300 }))).toBeInstanceOf(FeedTimeoutError);
  });

  it("reports an unreachable host as a network error without the address", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await fetchFeed(`http://127.0.0.1:${port}/${SECRET}`).catch((e: FeedError) => e);
    expect(error).toBeInstanceOf(FeedNetworkError);
    expect((error as Error).message).not.toContain(SECRET);
  });

  it("accepts webcal:// as https and refuses other schemes without echoing the address", () => {
    expect(feedUrl(`webcal://p01-calendars.icloud.com/published/2/${SECRET}`).href).toBe(
      `https://p01-calendars.icloud.com/published/2/${SECRET}`,
    );
    expect(() => feedUrl(`ftp://files.example/${SECRET}`)).toThrow(FeedUrlError);
    expect(() => feedUrl(`not a url ${SECRET}`)).toThrowError(expect.not.stringContaining(SECRET));
  });
});
