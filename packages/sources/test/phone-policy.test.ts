import { describe, expect, it } from "vitest";
import { coerce, PhoneTransformError } from "../src/mapping/transforms.ts";
import { isPhoneQuestion } from "../src/sources/booking-phone.ts";

const jakarta = (phonePolicy?: { foreign?: "reject" | "drop" | "keep" }) => ({
  timeZone: "Asia/Jakarta",
  phonePolicy,
});

describe("phones: one reading through libphonenumber, E.164 out", () => {
  it.each([
    ["0812-3456-7890", "+6281234567890"],
    ["62 812 3456 7890", "+6281234567890"],
    ["+6281234567890", "+6281234567890"],
    ["0062 812 3456 7890", "+6281234567890"],
  ])("reads the Indonesian %j as %j", (input, expected) => {
    expect(coerce(input, "phone", jakarta())).toBe(expected);
  });

  it("refuses a foreign number however written, E.164-shaped or not, unless the policy keeps it", () => {
    for (const input of ["+1 202 555 0143", "+12025550143", "001 202 555 0143"]) {
      const error = (() => {
        try {
          coerce(input, "phone", jakarta());
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(PhoneTransformError);
      expect(error).toMatchObject({ kind: "foreign", message: expect.stringContaining("got +1") });
      expect(coerce(input, "phone", jakarta({ foreign: "keep" }))).toBe("+12025550143");
    }
  });

  it("calls a number valid nowhere malformed, also when it is E.164-shaped", () => {
    for (const input of ["12", "+6200000000", "0812"])
      expect(() => coerce(input, "phone", jakarta({ foreign: "keep" }))).toThrow(
        expect.objectContaining({ kind: "malformed" }),
      );
  });
});

describe("booking questions that ask for a phone", () => {
  it.each([
    ["Nomor HP", true],
    ["No. WhatsApp / WA", true],
    ["Phone number", true],
    ["telepon_toko", true],
    ["attendeePhoneNumber", false],
    ["Kode pelanggan", false],
    ["Wawancara", false],
    ["Alamat", false],
  ])("%j → %s", (label, expected) => {
    expect(isPhoneQuestion(label)).toBe(expected);
  });
});
