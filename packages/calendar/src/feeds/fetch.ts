// Polite fetching of an iCalendar address through an injected `fetch`: conditional requests (an unchanged
// feed answers 304 and costs no download and no parse), one deadline over every hop and the body, a size
// limit enforced while streaming, redirects followed by hand up to a limit (never from https down to http),
// and a typed error for each way a feed goes wrong. The address is a secret: errors carry its origin only.
import { redactUrl, scrubUrl } from "../redact.ts";
import { calendarText, readLimited } from "./body.ts";
import {
  FeedAccessDeniedError,
  FeedError,
  FeedHttpError,
  FeedNetworkError,
  FeedNotFoundError,
  FeedRedirectError,
  FeedTimeoutError,
  FeedUrlError,
} from "./errors.ts";

/** What the last successful fetch answered with, sent back so that an unchanged feed can say 304. */
export interface FeedValidators {
  etag?: string;
  lastModified?: string;
}

export interface FetchFeedOptions {
  fetch?: typeof globalThis.fetch;
  previous?: FeedValidators;
  /** One deadline for all hops and the whole body. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  signal?: AbortSignal;
  userAgent?: string;
}

export type FeedFetchResult =
  | { status: "not_modified"; validators: FeedValidators }
  | { status: "fetched"; text: string; bytes: number; validators: FeedValidators };

export const FEED_FETCH_DEFAULTS = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: "salesmania-hooks calendar poller",
} as const;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** `webcal://` (what Apple and Outlook hand out) is plain https; anything but http(s) is refused. */
export function feedUrl(address: string): URL {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw new FeedUrlError("(invalid URL)", "expected an http(s) or webcal URL");
  }
  if (url.protocol === "webcal:" || url.protocol === "webcals:")
    url = new URL(`https:${url.href.slice(url.protocol.length)}`);
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new FeedUrlError(redactUrl(url), `expected an http(s) or webcal URL, got ${url.protocol}`);
  return url;
}

function conditionalHeaders(previous: FeedValidators | undefined, userAgent: string): Headers {
  const headers = new Headers({ accept: "text/calendar, */*;q=0.5", "user-agent": userAgent });
  if (previous?.etag) headers.set("if-none-match", previous.etag);
  if (previous?.lastModified) headers.set("if-modified-since", previous.lastModified);
  return headers;
}

function validatorsOf(response: Response): FeedValidators {
  const validators: FeedValidators = {};
  const etag = response.headers.get("etag");
  const lastModified = response.headers.get("last-modified");
  if (etag) validators.etag = etag;
  if (lastModified) validators.lastModified = lastModified;
  return validators;
}

function retryAfterSeconds(response: Response): number | undefined {
  const seconds = Number(response.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

function statusError(response: Response, origin: string): FeedError {
  const { status } = response;
  if (status === 404 || status === 410) return new FeedNotFoundError(origin, status);
  if (status === 401 || status === 403) return new FeedAccessDeniedError(origin, status);
  return new FeedHttpError(origin, status, retryAfterSeconds(response));
}

/** The next hop's URL, checked: a Location is required, and https never redirects down to http. */
function redirectTarget(response: Response, from: URL, origin: string): URL {
  const location = response.headers.get("location");
  if (!location) throw statusError(response, origin);
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new FeedRedirectError(
      origin,
      "insecure_redirect",
      `HTTP ${response.status} to an invalid Location`,
    );
  }
  if (next.protocol !== "https:" && next.protocol !== "http:")
    throw new FeedRedirectError(origin, "insecure_redirect", `redirect to ${next.protocol} refused`);
  if (from.protocol === "https:" && next.protocol === "http:")
    throw new FeedRedirectError(
      origin,
      "insecure_redirect",
      `redirect from https to ${redactUrl(next)} refused`,
    );
  return next;
}

async function request(url: URL, options: FetchFeedOptions, signal: AbortSignal): Promise<Response> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const headers = conditionalHeaders(options.previous, options.userAgent ?? FEED_FETCH_DEFAULTS.userAgent);
  try {
    return await fetchImpl(url, { headers, redirect: "manual", signal });
  } catch (error) {
    if (signal.aborted) throw error;
    const cause = error instanceof Error ? error : new Error(String(error));
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : "";
    throw new FeedNetworkError(redactUrl(url), scrubUrl(`request failed (${cause.message}${inner})`, url));
  }
}

/**
 * Fetches the calendar at `address`. Resolves `not_modified` (nothing downloaded, nothing to parse) or
 * `fetched` with the text and the validators to send next time; rejects with a FeedError subclass.
 */
export async function fetchFeed(address: string, options: FetchFeedOptions = {}): Promise<FeedFetchResult> {
  const first = feedUrl(address);
  const timeoutMs = options.timeoutMs ?? FEED_FETCH_DEFAULTS.timeoutMs;
  const maxRedirects = options.maxRedirects ?? FEED_FETCH_DEFAULTS.maxRedirects;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let url = first;
  try {
    for (let hop = 0; ; hop++) {
      const origin = redactUrl(url);
      const response = await request(url, options, signal);
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel();
        if (hop >= maxRedirects)
          throw new FeedRedirectError(origin, "too_many_redirects", `more than ${maxRedirects} redirects`);
        url = redirectTarget(response, url, origin);
        continue;
      }
      if (response.status === 304 && (options.previous?.etag || options.previous?.lastModified)) {
        await response.body?.cancel();
        return { status: "not_modified", validators: { ...options.previous, ...validatorsOf(response) } };
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw statusError(response, origin);
      }
      const bytes = await readLimited(response, options.maxBytes ?? FEED_FETCH_DEFAULTS.maxBytes, origin);
      const text = calendarText(bytes, response.headers.get("content-type") ?? "", origin);
      return { status: "fetched", text, bytes: bytes.byteLength, validators: validatorsOf(response) };
    }
  } catch (error) {
    if (deadline.aborted && !(error instanceof FeedError))
      throw new FeedTimeoutError(redactUrl(url), timeoutMs);
    if (options.signal?.aborted && !(error instanceof FeedError)) throw options.signal.reason;
    throw error;
  }
}
