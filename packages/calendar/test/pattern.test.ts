// The pattern language: what each placeholder captures, what compiles, and that hostile text is scanned in
// one pass (a count of characters read, not a duration).
import { describe, expect, it } from "vitest";
import { compilePattern, findAll, PatternError } from "../src/index.ts";

const find = (pattern: string, text: string) => findAll(compilePattern(pattern), text);

describe("compilePattern", () => {
  it("accepts literal text around one placeholder, with bounds", () => {
    expect(compilePattern("Kode: {code:3-12}")).toMatchObject({ kind: "code", min: 3, max: 12 });
    expect(compilePattern("{digits:6}")).toMatchObject({ kind: "digits", min: 6, max: 6 });
    expect(compilePattern("{{{alnum}}}")).toMatchObject({ prefix: ["{"], suffix: ["}"] });
  });

  it.each([
    ["", "1 to 100 characters"],
    ["[CUST]", "needs one placeholder"],
    ["{code} {phone}", "only one placeholder"],
    ["{name}", "unknown placeholder {name}"],
    ["{code:0-5}", "bounds"],
    ["{code:9-3}", "bounds"],
    ["{digits:1-500}", "bounds"],
    ["[{code]", "without"],
    ["code}", "without"],
    ["(a+)+{code}", undefined],
  ])("%j", (pattern, message) => {
    if (message === undefined) expect(compilePattern(pattern).prefix.join("")).toBe("(a+)+");
    else expect(() => compilePattern(pattern)).toThrowError(new RegExp(message.replace(/[{}]/g, "\\$&")));
    if (message !== undefined) expect(() => compilePattern(pattern)).toThrow(PatternError);
  });
});

describe("findAll", () => {
  it("captures codes between literals, in either case, across extra spaces", () => {
    expect(find("[{code}]", "Kunjungan [C-1001] Toko Maju")).toEqual(["C-1001"]);
    expect(find("kode: {code}", "KODE:   AB/77. Besok")).toEqual(["AB/77"]);
    expect(find("[{code}]", "[C-1] and [C-2] and [C-1]")).toEqual(["C-1", "C-2"]);
  });

  it("captures whole runs only: a bounded placeholder does not match inside a longer run", () => {
    expect(find("{digits:4}", "PO 123456, ref 7788")).toEqual(["7788"]);
    expect(find("{code}", "C-1001.")).toEqual(["C-1001"]);
    expect(find("#{alnum:2-4}", "#AB12345 #XY9")).toEqual(["XY9"]);
  });

  it("captures phone numbers with their separators", () => {
    expect(find("WA {phone}", "wa 0812-3456-7890 (kantor)")).toEqual(["0812-3456-7890"]);
    expect(find("{phone}", "Hubungi +62 812 3456 7890 atau 021.555.1234")).toEqual([
      "+62 812 3456 7890",
      "021.555.1234",
    ]);
  });

  it("finds nothing where nothing is", () => {
    expect(find("[{code}]", "no brackets here")).toEqual([]);
    expect(find("[{code}]", "[]")).toEqual([]);
    expect(find("{phone}", "1234")).toEqual([]);
  });

  it("stops after the limit of distinct captures", () => {
    const text = Array.from({ length: 100 }, (_, i) => `[C-${i}]`).join(" ");
    expect(findAll(compilePattern("[{code}]"), text, 5)).toHaveLength(5);
  });

  it("scans hostile text in one pass", () => {
    // Text that makes a backtracking regex such as /\[(\w+-?)+\]/ explode: long runs that never close.
    // A million characters: a quadratic scan would not finish within the test timeout; a linear one does.
    const text = `${"[".repeat(200_000)}${"a-".repeat(400_000)}`;
    expect(findAll(compilePattern("[{code}]"), text)).toEqual([]);
    expect(findAll(compilePattern("{code}"), text)).toEqual([]);
    expect(findAll(compilePattern("WA {phone}"), `${"wa ".repeat(200_000)}${"1 ".repeat(300_000)}`)).toEqual(
      [],
    );
  });
});
