// Limits at the door: JSON depth and field length enforced while parsing (JSON, urlencoded, multipart),
// numbers a double cannot hold refused by name, impossible dates refused in every format, e-mail checked in
// linear time. Each failure is a 4xx InboundError naming the limit and, where there is one, the field.
import { describe, expect, it } from "vitest";
import { parseBody } from "../src/body/index.ts";
import { parseJsonPlain } from "../src/body/json.ts";
import { BODY_LIMITS } from "../src/body/limits.ts";
import type { Transform } from "../src/config/hooks.ts";
import { LimitExceededError, MalformedBodyError } from "../src/errors.ts";
import { isoInstant } from "../src/mapping/dates.ts";
import { applyTransform, coerce, TransformError } from "../src/mapping/transforms.ts";
import { inboundRequest, thrown } from "./signed-provider-helpers.ts";

const ALL = { accept: ["json", "form", "multipart"] } as const;
const JAKARTA = { timeZone: "Asia/Jakarta" };

function post(body: string, contentType: string) {
  const request = inboundRequest(body, {});
  request.headers.set("content-type", contentType);
  return request;
}

const nested = (depth: number) => `{"a":${"[".repeat(depth - 1)}1${"]".repeat(depth - 1)}}`;

describe("JSON nesting depth", () => {
  it(`accepts ${BODY_LIMITS.maxDepth} levels and refuses one more with 400 json_too_deep`, () => {
    expect(parseBody(post(nested(64), "application/json"), ALL)).toHaveProperty("a");
    const error = thrown(LimitExceededError, () => parseBody(post(nested(65), "application/json"), ALL));
    expect(error).toMatchObject({ status: 400, code: "json_too_deep" });
    expect(error.message).toMatch(/nested deeper than 64 levels at line 1, column 69/);
  });

  it("refuses 100,000 levels the same way, without a stack overflow", () => {
    const error = thrown(LimitExceededError, () => parseBody(post(nested(100_000), "application/json"), ALL));
    expect(error.code).toBe("json_too_deep");
  });

  it("never re-serializes a deep body for a signature check", () => {
    expect(parseJsonPlain(nested(10_000))).toBeUndefined();
    expect(parseJsonPlain('{"a":[1]}')).toEqual({ a: [1] });
  });
});

describe("length of one field", () => {
  const max = BODY_LIMITS.maxStringChars;

  it("refuses a JSON string over the limit with 422 field_too_long naming its path", () => {
    const body = JSON.stringify({ items: [{ sku: "ok" }, { sku: "x".repeat(max + 1) }] });
    const error = thrown(LimitExceededError, () => parseBody(post(body, "application/json"), ALL));
    expect(error).toMatchObject({ status: 422, code: "field_too_long", field: "items[1].sku" });
    expect(error.message).toContain(String(max));
  });

  it("counts characters after escapes are decoded", () => {
    const body = JSON.stringify({ a: "\n".repeat(max) });
    expect((parseBody(post(body, "application/json"), ALL) as { a: string }).a).toHaveLength(max);
  });

  it("refuses a urlencoded value over the limit naming the field", () => {
    const error = thrown(LimitExceededError, () =>
      parseBody(post(`ok=1&note=${"y".repeat(max + 1)}`, "application/x-www-form-urlencoded"), ALL),
    );
    expect(error).toMatchObject({ code: "field_too_long", field: "note" });
  });

  it("refuses a multipart value over the limit naming the field, except a field exempted as a container", () => {
    const body = `--b\r\nContent-Disposition: form-data; name="rawRequest"\r\n\r\n${"z".repeat(max + 1)}\r\n--b--\r\n`;
    const error = thrown(LimitExceededError, () =>
      parseBody(post(body, "multipart/form-data; boundary=b"), ALL),
    );
    expect(error).toMatchObject({ code: "field_too_long", field: "rawRequest" });
    const exempt = parseBody(post(body, "multipart/form-data; boundary=b"), {
      ...ALL,
      exempt: ["rawRequest"],
    });
    expect((exempt as { rawRequest: string }).rawRequest).toHaveLength(max + 1);
  });
});

describe("numbers a double cannot hold exactly", () => {
  it("reach the mapping as their digits, so nothing is rounded silently", () => {
    const body = '{"id": 9007199254740993, "price": 0.12345678901234567, "ok": 9007199254740991, "e": 1e400}';
    expect(parseBody(post(body, "application/json"), ALL)).toEqual({
      id: "9007199254740993",
      price: "0.12345678901234567",
      ok: 9007199254740991,
      e: Number.POSITIVE_INFINITY,
    });
  });

  it.each([
    ["integer", "9007199254740993", /larger ones lose precision/],
    ["integer", 2 ** 60, /larger ones lose precision/],
    ["number", "1234567890.1234567890", /at most 15 significant digits/],
    ["number", "12345678901234567890", /larger ones lose precision/],
    ["number", Number.POSITIVE_INFINITY, /finite number/],
  ] as const)("a %s field refuses %j", (type, input, message) => {
    expect(() => coerce(input, type, JAKARTA)).toThrow(message);
  });

  it("keeps ordinary amounts and ids", () => {
    expect(coerce("1.250.000,50", "number", JAKARTA)).toBe(1250000.5);
    expect(coerce("9007199254740991", "integer", JAKARTA)).toBe(9007199254740991);
  });
});

describe("dates that do not exist", () => {
  it.each([
    "2031-02-30T10:00:00+07:00",
    "2026-13-45T99:99:99Z",
    "2026-01-01T24:00:00Z",
    "2026-01-01T10:60:00Z",
    "2026-01-01T10:00:61Z",
    "2026-01-01T10:00:00+15:00",
    "2026-01-01T10:00:00+07:60",
    "2031-02-29",
  ])("refuses %s", (text) => {
    expect(() => applyTransform(text, { date: {} }, JAKARTA)).toThrow(TransformError);
  });

  it.each([
    [{ formats: ["DD/MM/YYYY HH:mm"] }, "30/02/2031 10:00"],
    [{ formats: ["DD/MM/YYYY HH:mm"] }, "28/02/2031 25:00"],
    [{ formats: ["D-M-YYYY H:mm:ss"] }, "1-1-2031 9:00:75"],
  ])("refuses an impossible value in the format %j: %s", (date, text) => {
    expect(() => applyTransform(text, { date } as Transform, JAKARTA)).toThrow(TransformError);
  });

  it("turns a real instant into the local date, milliseconds and offsets included", () => {
    expect(applyTransform("2031-02-28T23:30:00.123-01:00", { date: {} }, JAKARTA)).toBe("2031-03-01");
    expect(isoInstant("2026-12-01T02:00:00.5+07:00")).toBe(Date.UTC(2026, 11, 0, 19, 0, 0, 500));
    expect(isoInstant("2026-12-01")).toBeUndefined();
    expect(isoInstant("2026-02-30T02:00:00Z")).toBeUndefined();
  });
});

describe("e-mail addresses", () => {
  it.each([
    ["a@b.co", "a@b.co"],
    [" Budi.S+promo@Toko.co.id ", "budi.s+promo@toko.co.id"],
  ])("accepts %j", (input, expected) => {
    expect(applyTransform(input, "email", JAKARTA)).toBe(expected);
  });

  it.each(["a@b", "@b.co", "a@.co", "a@b.", "a@b@c.co", "a b@c.co", `${"a".repeat(250)}@b.co`])(
    "refuses %j",
    (input) => {
      expect(() => applyTransform(input, "email", JAKARTA)).toThrow(TransformError);
    },
  );

  it("refuses a long hostile address by its length, quoting none of it", () => {
    const error = thrown(TransformError, () => applyTransform(`a@${".".repeat(100_000)}@`, "email", JAKARTA));
    expect(error.message).toBe("expected an e-mail address of at most 254 characters, got 100003 characters");
  });
});

describe("broken JSON still names where", () => {
  it("reports the position of a control character inside a string", () => {
    const error = thrown(MalformedBodyError, () =>
      parseBody(post('{"a":"x\u0001"}', "application/json"), ALL),
    );
    expect(error.message).toBe(
      "body: invalid JSON at line 1, column 8 (position 7): control character in a string",
    );
  });

  it("drops a __proto__ key however it is escaped", () => {
    const parsed = parseBody(
      post('{"\\u005f_proto__": {"polluted": true}, "b": 1}', "application/json"),
      ALL,
    );
    expect(parsed).toEqual({ b: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
