// Source kind → its adapter: the one list of sources. The configuration's source kinds (SOURCE_KINDS) and
// the configuration check's traits (config/sources.ts) are derived from it, so adding a source is one
// adapter file in ./sources and one line here. The order is the order the JSON Schema lists them in.
import type { SourceAdapter } from "./adapter.ts";
import { calComSource } from "./sources/cal-com.ts";
import { calendlySource } from "./sources/calendly.ts";
import { googleCalendarSource } from "./sources/google-calendar.ts";
import { googleFormsSource } from "./sources/google-forms.ts";
import { htmlFormSource } from "./sources/html-form.ts";
import { jotformSource } from "./sources/jotform.ts";
import { makeSource } from "./sources/make.ts";
import { standardWebhooksSource } from "./sources/standard-webhooks.ts";
import { tallySource } from "./sources/tally.ts";
import { typeformSource } from "./sources/typeform.ts";
import { zapierSource } from "./sources/zapier.ts";

const ADAPTERS = {
  zapier: zapierSource,
  make: makeSource,
  "standard-webhooks": standardWebhooksSource,
  typeform: typeformSource,
  tally: tallySource,
  jotform: jotformSource,
  "google-forms": googleFormsSource,
  "html-form": htmlFormSource,
  calendly: calendlySource,
  "cal-com": calComSource,
  "google-calendar": googleCalendarSource,
} satisfies Record<string, SourceAdapter>;

export const SOURCE_KINDS = Object.keys(ADAPTERS) as (keyof typeof ADAPTERS)[];

export function sourceAdapter(kind: keyof typeof ADAPTERS): SourceAdapter {
  return ADAPTERS[kind];
}
