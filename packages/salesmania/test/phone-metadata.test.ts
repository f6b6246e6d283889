// The committed phone-metadata slice is what the installed libphonenumber-js gives today: after an upgrade
// of that package this fails until `tsx packages/salesmania/scripts/phone-metadata.ts` is run again.
import max from "libphonenumber-js/metadata.max.json";
import { describe, expect, it } from "vitest";
import committed from "../src/phone-metadata.json" with { type: "json" };
import { phoneMetadataSlice } from "../src/phone-metadata-slice.ts";

describe("phone metadata slice", () => {
  it("matches the installed libphonenumber-js max metadata", () => {
    expect(committed).toEqual(phoneMetadataSlice(max));
  });

  it("holds Indonesia alone, and every calling code", () => {
    expect(Object.keys(committed.metadata.countries)).toEqual(["ID"]);
    expect(committed.callingCodes).toEqual(expect.arrayContaining(["1", "62", "65", "7", "880"]));
  });
});
