/**
 * Google Calendar → SalesMania hooks, within a minute of a change (docs/sources/google-calendar.md).
 *
 * Set up (script.google.com → New project, signed in as the calendar's owner or someone it is shared with):
 *   1. Paste this file as Code.gs.
 *   2. Services → + → Google Calendar API (identifier "Calendar").
 *   3. Project settings → Script properties:
 *        HOOK_URL     https://<your api>/hooks/google-calendar-visits
 *        HOOK_SECRET  the hook's signing secret (whsec_…)
 *        CALENDAR_ID  optional: the calendar's id (Calendar settings → Integrate calendar); your own by default
 *        WINDOW_DAYS  optional: how many days ahead a meeting becomes a visit (default 14)
 *   4. Run `install` once and accept the permissions.
 *
 * How it works: the calendar trigger (`onEventUpdated`) fires on every change in the calendar without saying
 * what changed, so `syncCalendar` asks Calendar.Events.list for the changes since the last run (a sync
 * token kept in the script properties; a full sync when there is none, or when Google answers 410 Gone
 * because the token expired). Each changed event whose start lies between yesterday and WINDOW_DAYS ahead is
 * posted once, cancelled ones included, signed the Standard Webhooks way. The token moves on only when every
 * post was accepted: after a network error, a 5xx, a 429 or a configuration problem (401, 403, 404), the next
 * run posts the same changes again, and the service answers a repeat as a duplicate. A 10-minute timer runs
 * the same sync (it catches up after a failure or a missed trigger), and a daily one posts every event of the
 * window again, so a meeting of a long series becomes a visit when it enters the window.
 */

const SYNC_TOKEN = "syncToken";
const DAY_MS = 24 * 60 * 60 * 1000;
/** Posts sent at once by UrlFetchApp.fetchAll. */
const BATCH = 20;
/** Statuses after which the same post may succeed later: the token is kept and the change posted again. */
const RETRYABLE = [0, 401, 403, 404, 408, 429];
/** The event fields the hook reads; the rest of Google's resource stays in the calendar. */
const FIELDS = [
  "id",
  "iCalUID",
  "status",
  "htmlLink",
  "created",
  "updated",
  "summary",
  "description",
  "location",
  "start",
  "end",
  "organizer",
  "attendees",
  "recurringEventId",
  "originalStartTime",
];

function settings_() {
  const props = PropertiesService.getScriptProperties();
  const required = (name) => {
    const value = props.getProperty(name);
    if (!value) throw new Error(`script property ${name} is not set (Project settings → Script properties)`);
    return value;
  };
  const secret = required("HOOK_SECRET");
  if (!secret.startsWith("whsec_"))
    throw new Error("script property HOOK_SECRET: expected the hook's whsec_… secret");
  return {
    url: required("HOOK_URL"),
    key: Utilities.base64Decode(secret.slice("whsec_".length)),
    calendarId: props.getProperty("CALENDAR_ID") || Session.getEffectiveUser().getEmail(),
    windowDays: Number(props.getProperty("WINDOW_DAYS") || 14),
  };
}

// biome-ignore lint/correctness/noUnusedVariables: run once from the editor.
function install() {
  const { calendarId } = settings_();
  for (const trigger of ScriptApp.getProjectTriggers()) ScriptApp.deleteTrigger(trigger);
  ScriptApp.newTrigger("onCalendarChange").forUserCalendar(calendarId).onEventUpdated().create();
  ScriptApp.newTrigger("syncCalendar").timeBased().everyMinutes(10).create();
  ScriptApp.newTrigger("postWindow").timeBased().everyDays(1).atHour(18).create();
  PropertiesService.getScriptProperties().deleteProperty(SYNC_TOKEN);
  syncCalendar();
}

// biome-ignore lint/correctness/noUnusedVariables: the calendar trigger calls it by name.
function onCalendarChange() {
  syncCalendar();
}

/** One run at a time: a second trigger waits for the first (its changes are then in the same token). */
function locked_(run) {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(60 * 1000)) return console.warn("another run is still syncing; the timer catches up");
  try {
    run();
  } finally {
    lock.releaseLock();
  }
}

function syncCalendar() {
  locked_(() => {
    const props = PropertiesService.getScriptProperties();
    const s = settings_();
    const token = props.getProperty(SYNC_TOKEN);
    let listed;
    let sync = token ? "incremental" : "full";
    try {
      listed = listAll_(s.calendarId, token ? { syncToken: token } : fullSyncOptions_());
    } catch (err) {
      if (!token || !isSyncTokenGone_(err)) throw err;
      console.warn("the sync token expired (410 Gone): a full sync");
      props.deleteProperty(SYNC_TOKEN);
      sync = "full";
      listed = listAll_(s.calendarId, fullSyncOptions_());
    }
    const failed = postEvents_(s, listed.items, sync);
    if (failed === 0) props.setProperty(SYNC_TOKEN, listed.nextSyncToken);
    else
      console.warn(
        `${failed} change(s) not accepted; the sync token is kept, so the next run posts them again`,
      );
  });
}

/** Every event of the window again (the daily timer): duplicates are answered as such, nothing doubles. */
// biome-ignore lint/correctness/noUnusedVariables: the daily trigger calls it by name.
function postWindow() {
  locked_(() => {
    const s = settings_();
    const now = Date.now();
    const { items } = listAll_(s.calendarId, {
      timeMin: new Date(now - DAY_MS).toISOString(),
      timeMax: new Date(now + s.windowDays * DAY_MS).toISOString(),
    });
    postEvents_(s, items, "window");
  });
}

/** A full sync starts yesterday: older meetings are past visits. */
function fullSyncOptions_() {
  return { timeMin: new Date(Date.now() - DAY_MS).toISOString() };
}

/** Apps Script reports the 410 as an exception whose message carries Google's reason. */
function isSyncTokenGone_(err) {
  const message = String(err?.message || err);
  return /full sync is required|\b410\b/.test(message);
}

/** All pages of one listing: recurring events expanded to their occurrences, 250 a page. */
function listAll_(calendarId, options) {
  const items = [];
  let pageToken;
  let page;
  do {
    const request = Object.assign({ singleEvents: true, maxResults: 250 }, options);
    if (pageToken) request.pageToken = pageToken;
    page = Calendar.Events.list(calendarId, request);
    for (const item of page.items || []) items.push(item);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return { items, nextSyncToken: page.nextSyncToken };
}

function startOf_(event) {
  const start = event.start && (event.start.dateTime || event.start.date);
  return start ? Date.parse(start) : undefined;
}

/**
 * A cancelled event may come with its id and status only (Google guarantees no more for a deleted event);
 * Calendar.Events.get still returns its last content, which says which visit it concerned.
 */
function withContent_(calendarId, event) {
  if (event.status !== "cancelled" || event.start) return event;
  try {
    return Object.assign({}, Calendar.Events.get(calendarId, event.id), { status: "cancelled" });
  } catch (err) {
    console.warn(`cancelled event ${event.id}: its content cannot be read (${err}); posted as it is`);
    return event;
  }
}

/** Posts each event of the window; returns how many may succeed later (network, 5xx, 429, configuration). */
function postEvents_(s, events, sync) {
  const now = Date.now();
  const due = events
    .map((event) => withContent_(s.calendarId, event))
    .filter((event) => {
      const start = startOf_(event);
      // No start at all: posted, so the service records why it cannot use it.
      return start === undefined || (start >= now - DAY_MS && start < now + s.windowDays * DAY_MS);
    });
  let failed = 0;
  for (let i = 0; i < due.length; i += BATCH) {
    const batch = due.slice(i, i + BATCH);
    const answers = fetchAllOrNothing_(batch.map((event) => signedRequest_(s, event, sync)));
    answers.forEach((answer, n) => {
      const status = answer ? answer.getResponseCode() : 0;
      if (status >= 200 && status < 300) return;
      const retry = status >= 500 || RETRYABLE.includes(status);
      if (retry) failed++;
      const text = answer ? answer.getContentText().slice(0, 500) : "no answer";
      console.warn(
        `event ${batch[n].id}: hook answered ${status}${retry ? " (posted again next run)" : ""}: ${text}`,
      );
    });
  }
  return failed;
}

/** fetchAll throws when any host is unreachable; then every post of the batch counts as unanswered. */
function fetchAllOrNothing_(requests) {
  try {
    return UrlFetchApp.fetchAll(requests);
  } catch (err) {
    console.warn(`hook unreachable: ${err}`);
    return requests.map(() => undefined);
  }
}

/** Standard Webhooks: HMAC-SHA256 over "id.timestamp.body" with the secret's key, base64. */
function signedRequest_(s, event, sync) {
  const fields = {};
  for (const name of FIELDS) if (event[name] !== undefined) fields[name] = event[name];
  const body = Utilities.newBlob(
    JSON.stringify({ calendarId: s.calendarId, sync, event: fields }),
  ).getBytes();
  const id = `msg_${Utilities.getUuid()}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signed = Utilities.newBlob(`${id}.${timestamp}.`).getBytes().concat(body);
  const signature = Utilities.base64Encode(Utilities.computeHmacSha256Signature(signed, s.key));
  return {
    url: s.url,
    method: "post",
    contentType: "application/json",
    payload: body,
    headers: { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` },
    muteHttpExceptions: true,
  };
}
