// Source kind → its adapter. Every kind in SOURCE_KINDS has one (the Record type makes that a compile error).
import type { SourceAdapter } from "./adapter.ts";
import type { SourceKind } from "./config/hooks.ts";
import { calComSource } from "./sources/cal-com.ts";
import { calendlySource } from "./sources/calendly.ts";
import { googleFormsSource } from "./sources/google-forms.ts";
import { htmlFormSource } from "./sources/html-form.ts";
import { jotformSource } from "./sources/jotform.ts";
import { makeSource } from "./sources/make.ts";
import { standardWebhooksSource } from "./sources/standard-webhooks.ts";
import { tallySource } from "./sources/tally.ts";
import { typeformSource } from "./sources/typeform.ts";
import { zapierSource } from "./sources/zapier.ts";

const ADAPTERS: Record<SourceKind, SourceAdapter> = {
  zapier: zapierSource,
  make: makeSource,
  "html-form": htmlFormSource,
  jotform: jotformSource,
  "google-forms": googleFormsSource,
  typeform: typeformSource,
  tally: tallySource,
  calendly: calendlySource,
  "cal-com": calComSource,
  "standard-webhooks": standardWebhooksSource,
};

export function sourceAdapter(kind: SourceKind): SourceAdapter {
  return ADAPTERS[kind];
}
