// The slice of libphonenumber-js's "max" metadata phone.ts needs: Indonesia's numbering plan in full (its
// exact validation patterns) and, for every other country, only its calling code, so "+65…" is still
// refused as "got +65". The whole set is a quarter of the webhooks bundle (issue 12); this slice is 5 KB.
// `phone-metadata.json` is this function's output (scripts/phone-metadata.ts writes it; a test compares it
// with the installed package's metadata, so an upgrade of libphonenumber-js cannot leave it stale).
import type { MetadataJson } from "libphonenumber-js/core";

export interface PhoneMetadataSlice {
  /** libphonenumber-js metadata with one country: Indonesia. */
  metadata: MetadataJson;
  /** Every country calling code there is (E.164 codes are prefix-free), to name a foreign number's. */
  callingCodes: string[];
}

export function phoneMetadataSlice(max: MetadataJson): PhoneMetadataSlice {
  const indonesia = max.countries.ID;
  if (indonesia === undefined) throw new Error("libphonenumber-js metadata has no ID (Indonesia) entry");
  return {
    metadata: {
      ...max,
      country_calling_codes: { "62": ["ID"] },
      countries: { ID: indonesia },
      nonGeographic: {},
    },
    callingCodes: Object.keys(max.country_calling_codes),
  };
}
