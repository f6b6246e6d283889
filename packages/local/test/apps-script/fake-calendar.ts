// A fake of the Calendar Advanced Service's Events.list and Events.get, as the Calendar API v3 documents
// them: pages (`maxResults`, `nextPageToken`), a `nextSyncToken` on the last page only, incremental sync by
// `syncToken` (changed events since, deleted ones included with only the fields Google guarantees), 410 Gone
// once a token has expired, and a 400 for parameters Google refuses beside a sync token. Recurring events
// are stored as their expanded instances (ids `<series>_<UTC start>`), which is what `singleEvents: true`
// returns; the fake serves nothing else.

export interface EventTime {
  dateTime?: string;
  date?: string;
  timeZone?: string;
}

export interface CalendarEvent {
  id: string;
  status: "confirmed" | "tentative" | "cancelled";
  summary?: string;
  description?: string;
  location?: string;
  start: EventTime;
  end: EventTime;
  recurringEventId?: string;
  originalStartTime?: EventTime;
  attendees?: { email: string; displayName?: string; self?: boolean; organizer?: boolean }[];
  organizer?: { email: string; self?: boolean };
  iCalUID?: string;
  updated?: string;
}

export interface ListOptions {
  syncToken?: string;
  pageToken?: string;
  maxResults?: number;
  singleEvents?: boolean;
  showDeleted?: boolean;
  timeMin?: string;
  timeMax?: string;
  [name: string]: unknown;
}

/** Parameters Google refuses together with a sync token (Events: list, `syncToken`). */
const NOT_WITH_SYNC_TOKEN = [
  "iCalUID",
  "orderBy",
  "privateExtendedProperty",
  "q",
  "sharedExtendedProperty",
  "timeMin",
  "timeMax",
  "updatedMin",
];

/** How Apps Script reports a Calendar API error: the call, then Google's message. */
function apiError(message: string): Error {
  return new Error(`API call to calendar.events.list failed with error: ${message}`);
}

interface Stored {
  event: CalendarEvent;
  /** The change number that last touched it. */
  changed: number;
}

export class FakeCalendar {
  /** Every list call as made, for assertions on full vs incremental syncs. */
  readonly listCalls: ListOptions[] = [];
  private readonly events = new Map<string, Stored>();
  private changes = 0;
  /** Sync tokens are `sync-<change number>-<serial>`; those of a serial below this answer 410 Gone. */
  private tokensIssued = 0;
  private validFrom = 0;

  constructor(
    readonly calendarId: string,
    /** Largest page served, whatever `maxResults` asks (small, so the script's paging is exercised). */
    private readonly pageSize = 2,
  ) {}

  /** Adds or replaces an event, as a booking or an edit in the Calendar UI does. */
  put(event: CalendarEvent): void {
    const updated = new Date().toISOString();
    this.events.set(event.id, {
      event: { iCalUID: `${event.id}@google.com`, ...event, updated },
      changed: ++this.changes,
    });
  }

  update(id: string, changes: Partial<CalendarEvent>): void {
    this.put({ ...this.stored(id).event, ...changes });
  }

  /** Deletes an event: it stays readable by Events.get with status `cancelled`, as Google keeps it. */
  cancel(id: string): void {
    this.update(id, { status: "cancelled" });
  }

  /** Every sync token issued so far expires (Google does this after some time or on its own schedule). */
  expireSyncTokens(): void {
    this.validFrom = this.tokensIssued + 1;
  }

  list(calendarId: string, options: ListOptions) {
    this.checkCalendar(calendarId);
    this.listCalls.push(options);
    if (options.singleEvents !== true)
      throw apiError("this fake serves expanded instances only: ask with singleEvents: true");
    const matching = options.syncToken === undefined ? this.window(options) : this.changedSince(options);
    const offset = options.pageToken === undefined ? 0 : Number(options.pageToken);
    const size = Math.min(options.maxResults ?? 250, this.pageSize);
    const items = matching.slice(offset, offset + size);
    const last = offset + size >= matching.length;
    return {
      kind: "calendar#events",
      items,
      ...(last
        ? { nextSyncToken: `sync-${this.changes}-${++this.tokensIssued}` }
        : { nextPageToken: String(offset + size) }),
    };
  }

  get(calendarId: string, eventId: string): CalendarEvent {
    this.checkCalendar(calendarId);
    const stored = this.events.get(eventId);
    if (stored === undefined) throw new Error("API call to calendar.events.get failed with error: Not Found");
    return stored.event;
  }

  private stored(id: string): Stored {
    const stored = this.events.get(id);
    if (stored === undefined) throw new Error(`the fake calendar has no event ${id}`);
    return stored;
  }

  private checkCalendar(calendarId: string) {
    if (calendarId !== this.calendarId) throw apiError("Not Found");
  }

  private sorted(): Stored[] {
    return [...this.events.values()].sort((a, b) => a.changed - b.changed);
  }

  /** A full listing: live events that end after timeMin and start before timeMax. */
  private window(options: ListOptions): CalendarEvent[] {
    const startOf = (time: EventTime) => Date.parse(time.dateTime ?? time.date ?? "");
    return this.sorted()
      .map((stored) => stored.event)
      .filter((event) => options.showDeleted === true || event.status !== "cancelled")
      .filter((event) => options.timeMin === undefined || startOf(event.end) > Date.parse(options.timeMin))
      .filter((event) => options.timeMax === undefined || startOf(event.start) < Date.parse(options.timeMax));
  }

  /** An incremental listing: everything changed since the token, a deleted event as its id and status only. */
  private changedSince(options: ListOptions): CalendarEvent[] {
    const refused = NOT_WITH_SYNC_TOKEN.filter((name) => options[name] !== undefined);
    if (refused.length > 0)
      throw apiError(`Bad Request: ${refused.join(", ")} cannot be used with syncToken`);
    const since = /^sync-(\d+)-(\d+)$/.exec(options.syncToken ?? "");
    if (since === null) throw apiError("Invalid sync token value.");
    if (Number(since[2]) < this.validFrom)
      throw apiError("Sync token is no longer valid, a full sync is required.");
    return this.sorted()
      .filter((stored) => stored.changed > Number(since[1]))
      .map(({ event }) =>
        event.status === "cancelled" ? (minimal(event) as unknown as CalendarEvent) : event,
      );
  }
}

/** What Google guarantees of a deleted event: its id and status (and which occurrence, for an instance). */
function minimal(event: CalendarEvent) {
  return {
    kind: "calendar#event",
    id: event.id,
    status: "cancelled",
    ...(event.recurringEventId === undefined
      ? {}
      : { recurringEventId: event.recurringEventId, originalStartTime: event.originalStartTime }),
  };
}
