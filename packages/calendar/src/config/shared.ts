// Pieces both calendar sections use.
import { isTimeZone } from "@smx/core";
import * as v from "valibot";
import { isPlainDate } from "../dates.ts";

/** Feed and plan ids: they name jobs, snapshots and ledger keys. */
export const EntryId = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{3,64}$/, "ids are 3–64 characters of A–Z, a–z, 0–9, _ or -"),
);

export const ConnectionId = v.pipe(v.string(), v.nonEmpty());

export const TimeZone = v.pipe(
  v.string(),
  v.check(isTimeZone, "an IANA time zone name such as Asia/Jakarta"),
);

export const PlainDateString = v.pipe(v.string(), v.check(isPlainDate, "a date YYYY-MM-DD"));

/** A string that `compile` accepts; its error message becomes the configuration problem. */
export function compiledString(compile: (text: string) => unknown) {
  return v.pipe(
    v.string(),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      try {
        compile(dataset.value);
      } catch (error) {
        addIssue({ message: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
}
