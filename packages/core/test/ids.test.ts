import { describe, expect, it } from "vitest";
import { canonicalJson, eventIdFor, fingerprint, sha256Hex } from "../src/index.ts";

describe("eventIdFor", () => {
  it("is deterministic: evt_ + 26 Crockford base32 characters", () => {
    const id = eventIdFor("typeform-visits", "resp_123:form_response");
    expect(id).toMatch(/^evt_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(eventIdFor("typeform-visits", "resp_123:form_response")).toBe(id);
  });

  it("differs per hook and per key, and a separator in either part cannot make two pairs collide", () => {
    const ids = new Set([
      eventIdFor("a", "b|c"),
      eventIdFor("a|b", "c"),
      eventIdFor("a", "b"),
      eventIdFor("b", "a"),
      eventIdFor("hook", ""),
    ]);
    expect(ids.size).toBe(5);
  });
});

describe("fingerprint", () => {
  it("ignores key order at every level", () => {
    const a = { kind: "CreateVisit", customer: { id: 1, extCustNo: "C-001" }, date: "2026-11-30" };
    const b = { date: "2026-11-30", customer: { extCustNo: "C-001", id: 1 }, kind: "CreateVisit" };
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(canonicalJson(b)).toBe(
      '{"customer":{"extCustNo":"C-001","id":1},"date":"2026-11-30","kind":"CreateVisit"}',
    );
  });

  it("changes with any value, keeps array order, and drops undefined members like JSON does", () => {
    const base = { lines: [{ qty: 1 }, { qty: 2 }], note: undefined };
    expect(fingerprint(base)).toBe(fingerprint({ lines: [{ qty: 1 }, { qty: 2 }] }));
    expect(fingerprint(base)).not.toBe(fingerprint({ lines: [{ qty: 2 }, { qty: 1 }] }));
    expect(fingerprint(base)).not.toBe(fingerprint({ lines: [{ qty: 1 }, { qty: 3 }] }));
    expect(fingerprint(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("sha256Hex hashes raw bytes", () => {
    expect(sha256Hex(new TextEncoder().encode("abc"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});
