// A calendar's secret address grants read access to it, so no message, log line or error cause may carry
// it. Everything that names a feed names only its scheme and host.

/** `https://calendar.google.com/calendar/ical/…/private-…/basic.ics` → `https://calendar.google.com`. */
export function redactUrl(url: string | URL): string {
  try {
    const parsed = typeof url === "string" ? new URL(url) : url;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return "(invalid URL)";
  }
}

/**
 * `text` with every part of `url` that could be secret (the whole address, its path, query and fragment)
 * replaced, for messages that come from a lower layer (fetch's own errors quote the address they failed on).
 */
export function scrubUrl(text: string, url: URL): string {
  const secrets = [url.href, `${url.pathname}${url.search}`, url.search, url.hash, url.username, url.password]
    .filter((part) => part.length > 1)
    .sort((a, b) => b.length - a.length);
  let scrubbed = text;
  for (const secret of secrets) scrubbed = scrubbed.split(secret).join("[redacted]");
  return scrubbed;
}
