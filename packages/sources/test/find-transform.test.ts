// The `find` transform: a value found in free text with the calendar feeds' pattern language, checked when
// the configuration loads and applied through the mapping like any transform.
import { describe, expect, it } from "vitest";
import type { HookContext } from "../src/adapter.ts";
import { ConfigError, parseConfig } from "../src/config/index.ts";
import { UnusableEventError } from "../src/errors.ts";
import { buildCommand } from "../src/mapping/index.ts";
import { applyTransform, TransformError } from "../src/mapping/transforms.ts";
import { hookContext, thrown } from "./signed-provider-helpers.ts";

const zone = { timeZone: "Asia/Jakarta" };
const code = { find: "[{code}]" };

function visitHook(mapping: Record<string, unknown>): HookContext {
  return hookContext(
    {
      id: "calendar-visits",
      source: "zapier",
      connection: "demo",
      action: "CreateVisit",
      auth: { scheme: "api-key", secrets: ["k"] },
      mapping: { date: "date", ...mapping } as never,
    },
    ["k"],
  );
}

describe("the find transform", () => {
  it("finds the one value, in either case and with its separators", () => {
    expect(applyTransform("Kunjungan [C-1001] Toko Maju", code, zone)).toBe("C-1001");
    expect(applyTransform("wa 0812-3456-7890 (Bu Siti)", { find: "WA {phone}" }, zone)).toBe(
      "0812-3456-7890",
    );
    expect(applyTransform("[C-1] lalu [C-1] lagi", code, zone)).toBe("C-1");
  });

  it("gives no value when nothing matches, so the rule's default applies", () => {
    expect(applyTransform("Makan siang tim", code, zone)).toBeUndefined();
    const context = visitHook({
      "customer.extCustNo": { from: "title", transform: code, default: "C-UMUM" },
    });
    const command = buildCommand({ title: "Rapat", date: "2026-12-03" }, context);
    expect(command).toMatchObject({ customer: { extCustNo: "C-UMUM" } });
  });

  it("refuses two different values, naming the field and the pattern", () => {
    expect(() => applyTransform("[C-1] dan [C-2]", code, zone)).toThrow(TransformError);
    const context = visitHook({ "customer.extCustNo": { from: "title", transform: code } });
    const error = thrown(UnusableEventError, () =>
      buildCommand({ title: "[C-1] dan [C-2]", date: "2026-12-03" }, context),
    );
    expect(error.field).toBe("customer.extCustNo");
    expect(error.message).toContain('pattern "[{code}]" finds more than one value');
  });

  it("is checked when the configuration loads: a bad pattern is a problem with its key path", () => {
    const document = {
      connections: [{ id: "demo", secret: "salesmania-demo" }],
      hooks: [
        {
          id: "calendar-visits",
          source: "google-calendar",
          connection: "demo",
          action: "CreateVisit",
          auth: { scheme: "signature", secrets: ["k"] },
          mapping: { "customer.extCustNo": { from: "text", transform: { find: "[{kode}]" } } },
        },
      ],
    };
    const { problems } = thrown(ConfigError, () => parseConfig(document, "test.json"));
    expect(problems.join("\n")).toContain("hooks[0].mapping");
    expect(problems.join("\n")).toContain("unknown placeholder {kode}");
  });
});
