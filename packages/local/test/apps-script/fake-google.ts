// The Google services an Apps Script project calls, faked for tests: script properties, triggers, the lock,
// the session, the console and the Calendar service (fake-calendar.ts) in memory, and UrlFetchApp as a
// real HTTP request (the payload's bytes exactly as the script made them), so the script reaches a real
// webhooks app.
import { FakeCalendar, type ListOptions } from "./fake-calendar.ts";
import type { ServiceCalls } from "./project.ts";

/** UrlFetchApp's request parameters that the fake honours; others are refused so a typo shows. */
interface FetchParams {
  url?: string;
  method?: string;
  contentType?: string;
  payload?: string | number[];
  headers?: Record<string, string>;
  muteHttpExceptions?: boolean;
}
const KNOWN_PARAMS = new Set(["url", "method", "contentType", "payload", "headers", "muteHttpExceptions"]);

/** The trigger builder chains Apps Script offers for the handlers a calendar script installs. */
const TRIGGER_CHAINS = [
  ["forUserCalendar", "onEventUpdated"],
  ["timeBased", "everyMinutes"],
  ["timeBased", "everyDays", "atHour"],
];

export interface Trigger {
  uid: string;
  handler: string;
  steps: unknown[][];
}

export interface Post {
  status: number;
  body: Record<string, unknown>;
}

export class FakeGoogle {
  readonly properties = new Map<string, string>();
  readonly triggers: Trigger[] = [];
  readonly logs: { level: string; text: string }[] = [];
  /** Every post UrlFetchApp made that got an answer, in order. */
  readonly posts: Post[] = [];
  readonly calendar: FakeCalendar;
  private locked = false;
  private triggerCount = 0;

  constructor(readonly userEmail: string) {
    this.calendar = new FakeCalendar(userEmail);
  }

  readonly calls: ServiceCalls = {
    "properties.get": (key: string) => this.properties.get(key) ?? null,
    "properties.set": (key: string, value: string) => void this.properties.set(key, value),
    "properties.delete": (key: string) => void this.properties.delete(key),
    "properties.all": () => Object.fromEntries(this.properties),
    "Calendar.Events.list": (calendarId: string, options: ListOptions) =>
      this.calendar.list(calendarId, options),
    "Calendar.Events.get": (calendarId: string, eventId: string) => this.calendar.get(calendarId, eventId),
    "UrlFetchApp.fetch": (url: string, params: FetchParams) => this.fetch({ ...params, url }),
    "UrlFetchApp.fetchAll": (requests: FetchParams[]) => this.fetchAll(requests),
    "LockService.tryLock": () => {
      if (this.locked) return false;
      this.locked = true;
      return true;
    },
    "LockService.releaseLock": () => {
      this.locked = false;
    },
    "ScriptApp.getProjectTriggers": () => this.triggers.map(({ uid }) => ({ uid })),
    "ScriptApp.deleteTrigger": ({ uid }: { uid: string }) => {
      const index = this.triggers.findIndex((trigger) => trigger.uid === uid);
      if (index < 0) throw new Error(`ScriptApp: no trigger ${uid}`);
      this.triggers.splice(index, 1);
    },
    "ScriptApp.createTrigger": (handler: string, steps: unknown[][]) => this.createTrigger(handler, steps),
    "Session.effectiveUserEmail": () => this.userEmail,
    console: (level: string, text: string) => void this.logs.push({ level, text }),
  };

  private createTrigger(handler: string, steps: unknown[][]) {
    const names = steps.map(([name]) => name).join(".");
    if (!TRIGGER_CHAINS.some((chain) => chain.join(".") === names))
      throw new Error(`ScriptApp: no trigger builder ${names}`);
    this.triggers.push({ uid: `trigger-${++this.triggerCount}`, handler, steps });
  }

  /** fetchAll throws for the whole batch when one request cannot be sent, as Apps Script does. */
  private async fetchAll(requests: FetchParams[]) {
    return Promise.all(requests.map((request) => this.fetch(request)));
  }

  private async fetch(params: FetchParams) {
    const unknown = Object.keys(params).filter((name) => !KNOWN_PARAMS.has(name));
    if (unknown.length > 0) throw new Error(`UrlFetchApp: unknown parameters ${unknown.join(", ")}`);
    if (params.muteHttpExceptions !== true)
      throw new Error("UrlFetchApp: this script must mute HTTP exceptions");
    const body =
      typeof params.payload === "string"
        ? Buffer.from(params.payload, "utf8")
        : Buffer.from((params.payload ?? []).map((byte) => byte & 0xff));
    let response: Response;
    try {
      response = await fetch(params.url ?? "", {
        method: (params.method ?? "get").toUpperCase(),
        headers: { ...params.headers, ...(params.contentType ? { "content-type": params.contentType } : {}) },
        body,
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      throw new Error(`Exception: Address unavailable: ${params.url}`, { cause: error });
    }
    const text = await response.text();
    this.posts.push({ status: response.status, body: JSON.parse(body.toString("utf8")) });
    return { code: response.status, text, headers: Object.fromEntries(response.headers) };
  }
}
