// Why a feed could not be read or used. Every message names the feed by scheme and host only (its address
// is a secret), says what arrived and what was expected, and `retryable` tells a job whether the next run
// may succeed without anyone changing anything.

export type FeedErrorCode =
  | "invalid_url"
  | "network"
  | "timeout"
  | "http_status"
  | "not_found"
  | "access_denied"
  | "login_page"
  | "not_calendar"
  | "too_large"
  | "too_many_redirects"
  | "insecure_redirect"
  | "line_too_long"
  | "unparseable";

export abstract class FeedError extends Error {
  abstract readonly code: FeedErrorCode;
  abstract readonly retryable: boolean;

  constructor(
    /** Scheme and host of the feed, e.g. `https://calendar.google.com`; never the path. */
    readonly origin: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`feed ${origin}: ${message}`, options);
  }
}

/** The configured address is not an http(s) (or webcal) URL. */
export class FeedUrlError extends FeedError {
  override name = "FeedUrlError";
  readonly code = "invalid_url";
  readonly retryable = false;
}

/** DNS, connection or TLS failure; the cause is kept with the address scrubbed out of its message. */
export class FeedNetworkError extends FeedError {
  override name = "FeedNetworkError";
  readonly code = "network";
  readonly retryable = true;
}

export class FeedTimeoutError extends FeedError {
  override name = "FeedTimeoutError";
  readonly code = "timeout";
  readonly retryable = true;
  constructor(origin: string, timeoutMs: number) {
    super(origin, `no complete answer within ${timeoutMs} ms`);
  }
}

/** A status the feed should not answer with (5xx, 429, an unexpected 3xx or 2xx). */
export class FeedHttpError extends FeedError {
  override name = "FeedHttpError";
  readonly code = "http_status";
  readonly retryable: boolean;
  constructor(
    origin: string,
    readonly status: number,
    /** Seconds from `Retry-After`, when the server sent one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(origin, `HTTP ${status}; expected 200 with a calendar (or 304 when unchanged)`);
    this.retryable = status === 408 || status === 429 || status >= 500;
  }
}

/** The server refused outright: retrying the same address will not help until someone changes something. */
abstract class FeedRefusedError extends FeedError {
  readonly retryable = false;
  constructor(
    origin: string,
    readonly status: number,
    hint: string,
  ) {
    super(origin, `HTTP ${status}: ${hint}`);
  }
}

/** 404/410: the address is wrong or was reset (Google invalidates the old secret address on a reset). */
export class FeedNotFoundError extends FeedRefusedError {
  override name = "FeedNotFoundError";
  readonly code = "not_found";
  constructor(origin: string, status: number) {
    super(origin, status, "no calendar at this address; was the secret address reset or mistyped?");
  }
}

/** 401/403: the calendar is not shared with this address (publishing switched off, private calendar). */
export class FeedAccessDeniedError extends FeedRefusedError {
  override name = "FeedAccessDeniedError";
  readonly code = "access_denied";
  constructor(origin: string, status: number) {
    super(origin, status, "access denied; is the calendar still published or shared by this address?");
  }
}

/** An HTML page where a calendar was expected: typically a sign-in page for a non-public address. */
export class FeedLoginPageError extends FeedError {
  override name = "FeedLoginPageError";
  readonly code = "login_page";
  readonly retryable = false;
  constructor(origin: string) {
    super(
      origin,
      "answered with an HTML page (a sign-in page?) instead of a calendar; use the calendar's secret or published iCal address",
    );
  }
}

/** A body that is neither HTML nor iCalendar (JSON, an image, an empty body…). */
export class FeedNotCalendarError extends FeedError {
  override name = "FeedNotCalendarError";
  readonly code = "not_calendar";
  readonly retryable = false;
  constructor(origin: string, contentType: string) {
    super(origin, `expected an iCalendar body (BEGIN:VCALENDAR), got ${contentType || "no content type"}`);
  }
}

export class FeedTooLargeError extends FeedError {
  override name = "FeedTooLargeError";
  readonly code = "too_large";
  readonly retryable = false;
  constructor(
    origin: string,
    readonly maxBytes: number,
  ) {
    super(origin, `the calendar is larger than the limit of ${maxBytes} bytes`);
  }
}

export class FeedRedirectError extends FeedError {
  override name = "FeedRedirectError";
  readonly code: "too_many_redirects" | "insecure_redirect";
  readonly retryable = false;
  constructor(origin: string, code: "too_many_redirects" | "insecure_redirect", detail: string) {
    super(origin, detail);
    this.code = code;
  }
}

/** The text is not iCalendar that the parser accepts, or one of its lines exceeds the line limit. */
export class FeedParseError extends FeedError {
  override name = "FeedParseError";
  readonly code: "unparseable" | "line_too_long";
  readonly retryable = false;
  constructor(
    origin: string,
    code: "unparseable" | "line_too_long",
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(origin, detail, options);
    this.code = code;
  }
}
