import { describe, expect, it } from "vitest";
import { parseBody } from "../src/body/index.ts";
import { MalformedBodyError, UnsupportedMediaTypeError } from "../src/errors.ts";
import { receivedOverHttp } from "./http-helpers.ts";
import { inboundRequest, thrown } from "./signed-provider-helpers.ts";

const ALL = { accept: ["json", "form", "multipart"] } as const;

function request(body: string | Uint8Array, contentType?: string) {
  const req = inboundRequest(body, {});
  if (contentType === undefined) req.headers.delete("content-type");
  else req.headers.set("content-type", contentType);
  return req;
}

/** What the platform's own multipart parser makes of the same bytes, as a flat object. */
async function platformFormData(bytes: Uint8Array<ArrayBuffer>, contentType: string) {
  const form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  const out: Record<string, unknown> = {};
  for (const [name, value] of form) {
    const item =
      typeof value === "string" ? value : { filename: value.name, type: value.type, size: value.size };
    const existing = out[name];
    out[name] =
      existing === undefined ? item : Array.isArray(existing) ? [...existing, item] : [existing, item];
  }
  return out;
}

describe("JSON", () => {
  it("parses what arrives over HTTP", async () => {
    const received = await receivedOverHttp("h", {
      body: JSON.stringify({ a: 1, b: { c: ["x"] } }),
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(parseBody(received, ALL)).toEqual({ a: 1, b: { c: ["x"] } });
  });

  it("decodes the declared charset", () => {
    const latin1 = Buffer.from('{"name":"Café"}', "latin1");
    expect(parseBody(request(latin1, "application/json; charset=iso-8859-1"), ALL)).toEqual({ name: "Café" });
  });

  it("accepts +json media types", () => {
    expect(parseBody(request('{"a":1}', "application/vnd.smx+json"), ALL)).toEqual({ a: 1 });
  });

  it.each([
    ['{\n  "a": 1,\n  "b": }', "line 3, column 8 (position 19): unexpected '}'"],
    ['{"a": 1', "line 1, column 8 (position 7): expected '}' but the body ended"],
    ['{"a": 1} x', "line 1, column 10 (position 9): unexpected 'x' after the end of the JSON value"],
    ["[1,]", "line 1, column 4 (position 3): unexpected ']'"],
    ['{"a": tru}', "line 1, column 7 (position 6): unexpected 't'"],
  ])("names the position of an error in %j", (body, where) => {
    const error = thrown(MalformedBodyError, () => parseBody(request(body, "application/json"), ALL));
    expect(error.message).toBe(`body: invalid JSON at ${where}`);
  });

  it("unwraps Zapier's one-object array and refuses other non-objects", () => {
    expect(parseBody(request('[{"a":1}]', "application/json"), ALL)).toEqual({ a: 1 });
    expect(() => parseBody(request("[1,2]", "application/json"), ALL)).toThrow(
      "expected a JSON object, got a list of 2",
    );
    expect(() => parseBody(request('"x"', "application/json"), ALL)).toThrow("got string");
  });

  it("never builds an object with a polluted prototype", () => {
    const parsed = parseBody(
      request('{"__proto__": {"polluted": true}, "a": {"__proto__": {"x": 1}}}', "application/json"),
      ALL,
    );
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed, "__proto__")).toBe(false);
    expect(Object.assign({}, parsed.a)).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("form-urlencoded", () => {
  it("turns repeated keys into lists and decodes + and percent escapes", async () => {
    const received = await receivedOverHttp("h", {
      body: "name=Toko+Caf%C3%A9&tag=a&tag=b&empty=&flag&__proto__=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const parsed = parseBody(received, ALL);
    expect(parsed).toEqual({ name: "Toko Café", tag: ["a", "b"], empty: "", flag: "" });
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it("decodes percent escapes in the declared charset", () => {
    const parsed = parseBody(
      request("name=Caf%E9", "application/x-www-form-urlencoded; charset=windows-1252"),
      ALL,
    );
    expect(parsed).toEqual({ name: "Café" });
  });

  it("parses base64-decoded bytes as API Gateway delivers them", () => {
    const base64 = Buffer.from("items__sku=A%2CB&items__qty=1%2C2").toString("base64");
    const bytes = Buffer.from(base64, "base64");
    expect(parseBody(request(bytes, "application/x-www-form-urlencoded"), ALL)).toEqual({
      items__sku: "A,B",
      items__qty: "1,2",
    });
  });
  it("keeps fields named like Object.prototype members as the plain values sent", () => {
    const parsed = parseBody(
      request("constructor=Budi&toString=a&toString=b&hasOwnProperty=x", "application/x-www-form-urlencoded"),
      ALL,
    );
    expect(parsed).toEqual({ constructor: "Budi", toString: ["a", "b"], hasOwnProperty: "x" });
  });
});

describe("multipart", () => {
  async function encoded() {
    const form = new FormData();
    form.append("name", "Warung Bu Sri");
    form.append("tag", "a");
    form.append("tag", "b");
    form.append("note", "line one\r\nline two");
    form.append("kota", "Yogyakarta ✓");
    form.append("photo", new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }), "toko.png");
    const req = new Request("http://localhost/", { method: "POST", body: form });
    return { bytes: new Uint8Array(await req.arrayBuffer()), contentType: req.headers.get("content-type")! };
  }

  it("matches the platform's FormData parser, files described not kept", async () => {
    const { bytes, contentType } = await encoded();
    const received = await receivedOverHttp("h", { body: bytes, headers: { "content-type": contentType } });
    const parsed = parseBody(received, ALL);
    expect(parsed).toEqual(await platformFormData(bytes, contentType));
    expect(parsed).toEqual({
      name: "Warung Bu Sri",
      tag: ["a", "b"],
      note: "line one\r\nline two",
      kota: "Yogyakarta ✓",
      photo: { filename: "toko.png", type: "image/png", size: 3 },
    });
  });

  it("parses base64-decoded bytes", async () => {
    const { bytes, contentType } = await encoded();
    const decoded = Buffer.from(Buffer.from(bytes).toString("base64"), "base64");
    expect(parseBody(request(decoded, contentType), ALL)).toMatchObject({ name: "Warung Bu Sri" });
  });

  it("refuses a missing boundary, a foreign boundary and a cut-off body", async () => {
    const { bytes, contentType } = await encoded();
    expect(() => parseBody(request(bytes, "multipart/form-data"), ALL)).toThrow("needs a boundary parameter");
    expect(() => parseBody(request(bytes, "multipart/form-data; boundary=nope"), ALL)).toThrow(
      'the multipart boundary "nope" never appears',
    );
    const cut = bytes.subarray(0, bytes.length - 60);
    expect(() => parseBody(request(cut, contentType), ALL)).toThrow(MalformedBodyError);
  });
});

describe("content types", () => {
  it("answers 415 naming the header when it is missing or not accepted", () => {
    const missing = thrown(UnsupportedMediaTypeError, () => parseBody(request("{}"), { accept: ["json"] }));
    expect(missing.header).toBe("content-type");
    expect(missing.message).toBe("header Content-Type: expected one of application/json, got none");
    const other = thrown(UnsupportedMediaTypeError, () =>
      parseBody(request("a=1", "application/x-www-form-urlencoded"), { accept: ["json"] }),
    );
    expect(other.message).toBe(
      'header Content-Type: expected one of application/json, got "application/x-www-form-urlencoded"',
    );
    expect(() => parseBody(request("x", "text/plain"), ALL)).toThrow(UnsupportedMediaTypeError);
  });

  it("answers 415 for a charset it cannot decode and 400 for bytes not in the charset", () => {
    expect(() => parseBody(request("{}", "application/json; charset=klingon"), ALL)).toThrow(
      'charset "klingon" is not one this service can decode',
    );
    const invalid = new Uint8Array([0x7b, 0xff, 0x7d]);
    expect(() => parseBody(request(invalid, "application/json"), ALL)).toThrow(
      "the bytes are not valid utf-8",
    );
  });

  it("answers 400 for an empty body", () => {
    expect(() => parseBody(request("", "application/json"), ALL)).toThrow(
      "body: empty; expected application/json",
    );
  });
});
