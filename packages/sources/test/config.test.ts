import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { configJsonSchemaText } from "../scripts/json-schema.ts";
import { ConfigError, loadConfig, parseConfig } from "../src/config/index.ts";
import { thrown } from "./signed-provider-helpers.ts";

const EXAMPLE = fileURLToPath(new URL("../../../examples/smx.config.json", import.meta.url));

const hook = (overrides: Record<string, unknown>) => ({
  id: "zapier-visits",
  source: "zapier",
  connection: "demo",
  action: "CreateVisit",
  auth: { scheme: "api-key", secrets: ["hooks/zapier-visits"] },
  mapping: { "customer.extCustNo": "cust_no", date: "visit_date" },
  ...overrides,
});
const demo = { id: "demo", secret: "salesmania-demo" };

function problems(document: unknown): readonly string[] {
  return thrown(ConfigError, () => parseConfig(document, "test.json")).problems;
}

describe("parseConfig", () => {
  it("accepts the shipped example, one hook per generic source", () => {
    const config = loadConfig(EXAMPLE);
    expect(config.connections.map((c) => [c.id, c.timeZone])).toEqual([["demo", "Asia/Jakarta"]]);
    for (const id of [
      "zapier-visits",
      "make-orders",
      "html-form-visits",
      "jotform-visits",
      "google-forms-visits",
    ])
      expect(config.hooks.some((h) => h.id === id)).toBe(true);
  });

  it("fills defaults", () => {
    const config = parseConfig({ connections: [demo], hooks: [hook({})] }, "test.json");
    expect(config.hooks[0]).toMatchObject({
      customerPolicy: "match-only",
      auth: { scheme: "api-key", header: "x-api-key" },
      maxBodyBytes: 256 * 1024,
    });
  });

  it("lists every problem, each with its key path", () => {
    const document = {
      connections: [
        { id: "demo", secret: "salesmania-demo", timeZone: "Asia/Jakart" },
        { id: "demo", secret: "x" },
      ],
      hooks: [
        hook({
          auth: { scheme: "api-key", secrets: [] },
          mapping: { date: { from: "d", transform: "numbr" } },
        }),
        hook({ connection: "nope", mappings: {} }),
        hook({
          id: "typeform-visits",
          source: "typeform",
          auth: { scheme: "signature", secrets: ["s"] },
          events: ["form_response", "bogus"],
          mapping: { "customer.phon": "phone", date: { transform: "trim" } },
          lines: { from: "items", mapping: { qty: "qty" } },
        }),
        hook({ id: "make-orders", source: "make", action: "CreateOrder", events: ["x"], redirect: {} }),
        hook({
          id: "tally-visits",
          source: "tally",
          mapping: { "customer.email": { from: "e", transform: { date: { timeZone: "Mars/Base" } } } },
        }),
        hook({
          id: "form-orders",
          source: "html-form",
          action: "CreateOrder",
          lines: { from: "i", mapping: { qtty: "q" } },
        }),
      ],
    };
    expect(problems(document)).toEqual([
      "connections[0].timeZone: an IANA time zone name such as Asia/Jakarta",
      "hooks[0].auth.secrets: at least one secret is required",
      'hooks[0].mapping.date.transform: Invalid type: Expected ((("trim" | "lowercase" | "uppercase" | "phone" | "number" | "integer" | "boolean" | "email") | Object) | Array) but received "numbr"',
      "hooks[1].mappings: unknown key",
      'hooks[4].mapping["customer.email"].transform.date.timeZone: expected an IANA time zone name such as Asia/Jakarta',
      'connections[1].id: "demo" is already the id of connections[0]',
      'hooks[1].id: "zapier-visits" is already the id of hooks[0]',
      'hooks[1].connection: no connection "nope"; defined: demo',
      `hooks[2].mapping["customer.phon"]: not a field of CreateVisit; expected one of customer.id, customer.extCustNo, customer.phone, customer.email, customer.name, customer.address, customer.city, customer.location.lat, customer.location.lon, customer.tags, date, teamId`,
      'hooks[2].mapping["date"]: a rule needs "from", "template", "const" or "default"',
      "hooks[2].lines: only CreateOrder hooks have lines, this hook's action is CreateVisit",
      'hooks[2].events[1]: typeform hooks act on form_response, not "bogus"',
      "hooks[3].lines: CreateOrder hooks need lines ({from, mapping} or {products}): an order has at least one line",
      "hooks[3].events: make sends no event types; remove events",
      "hooks[3].redirect: only html-form hooks redirect a browser",
      "hooks[5].auth.scheme: html-form hooks authenticate with url-token, not api-key",
      'hooks[5].lines.mapping["qtty"]: not a field of an order line; expected one of product.id, product.extProductCode, product.sku, qty, unit, price, discPercent, discAmount, description, extOrderLineId',
    ]);
  });

  it("refuses unknown top-level keys and missing lists", () => {
    expect(problems({ connections: [demo], hook: [] })).toEqual(["hooks: required", "hook: unknown key"]);
  });

  it("names the line and column of a JSON syntax error", () => {
    expect(problems('{\n  "connections": [],\n  "hooks": [,]\n}')).toEqual([
      "line 3, column 13: invalid JSON: unexpected ','",
    ]);
  });

  it("says where in the message the problems come from", () => {
    const error = thrown(ConfigError, () =>
      parseConfig({ connections: [], hooks: [hook({})] }, "smx.config.json"),
    );
    expect(error.message).toBe(
      'smx.config.json: 1 problem\n  - hooks[0].connection: no connection "demo"; defined: none',
    );
  });
});

describe("loadConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "smx-config-"));
  const file = join(dir, "hooks.json");
  writeFileSync(file, JSON.stringify({ connections: [demo], hooks: [hook({})] }));

  it("reads the path given, else $SMX_CONFIG", () => {
    expect(loadConfig(file).hooks[0]?.id).toBe("zapier-visits");
    expect(loadConfig(undefined, { SMX_CONFIG: file }).hooks[0]?.id).toBe("zapier-visits");
  });

  it("never falls back to the examples", () => {
    const missing = join(dir, "absent.json");
    const error = thrown(ConfigError, () => loadConfig(undefined, { SMX_CONFIG: missing }));
    expect(error.origin).toBe(missing);
    expect(error.problems[0]).toContain("no configuration file here");
  });
});

describe("JSON Schema", () => {
  it("is up to date with the valibot schema (run pnpm --filter @smx/sources gen:schema)", () => {
    const committed = readFileSync(new URL("../smx.config.schema.json", import.meta.url), "utf8");
    expect(committed).toBe(configJsonSchemaText());
  });

  it("describes hooks for editors", () => {
    const schema = JSON.parse(configJsonSchemaText());
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.properties.hooks.items.required).toEqual(["id", "source", "connection", "action", "auth"]);
    expect(schema.properties.hooks.items.additionalProperties).toBe(false);
  });
});
