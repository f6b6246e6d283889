// The events every contender receives: a Zapier-style visit hook call (form body, API key, Idempotency-Key),
// the same request the webhooks tests send to the `zapier-visits` hook. Each event gets its own key and its
// own visit date, so the visits one event produced in SalesMania can be counted (and a reconciliation never
// mistakes another event's visit for its own).
import type { HttpRequestSpec } from "@smx/webhooks/testing/apigw.ts";

export interface VisitEvent {
  key: string;
  custNo: string;
  date: string;
}

export const HOOK_PATH = "/hooks/zapier-visits";

export function visitRequest(event: VisitEvent, apiKey: string): HttpRequestSpec {
  return {
    method: "POST",
    url: HOOK_PATH,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-api-key": apiKey,
      "idempotency-key": event.key,
    },
    body: new URLSearchParams({
      cust_no: event.custNo,
      visit_date: event.date,
      catatan: "Dari Zapier",
    }).toString(),
  };
}

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2030, 0, 1);

/** Hands out events with run-unique keys and dates (one day per event, from 2030-01-01). */
export class EventSource {
  #next = 0;
  readonly #prefix: string;

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  take(count: number, custNo = "C-001"): VisitEvent[] {
    return Array.from({ length: count }, () => {
      const n = this.#next++;
      const date = new Date(FIRST_DAY + n * DAY_MS).toISOString().slice(0, 10);
      return { key: `${this.#prefix}-${n}`, custNo, date };
    });
  }
}
